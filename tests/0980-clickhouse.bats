#!/usr/bin/env bats
# 0980-clickhouse — the recipe of README's "Beyond one machine": veille's
# NDJSON loads into a real clickhouse-server (Debian's package, started
# here on 127.0.0.1 with its own directory, port and configuration) with
# scripts/clickhouse/schema.sql and client.xml, and ClickHouse's counts
# are veille-report's and veille-store's figures.
load lib

NOW=2026-11-23T21:00:00Z   # gen-classified's items end at 20:00

setup_file() {
	# Debian installs the server in /usr/sbin, not on a user's PATH.
	export PATH=$PATH:/usr/sbin
	need clickhouse-server "(Debian package clickhouse-server)"
	need clickhouse-client "(Debian package clickhouse-client)"
	need "$PY" python3
	need veille-report
	need veille-store
	# A classified stream: 2,000 items over the three days before $NOW,
	# in 12 watches (tags), with tone, sources and engagement.
	export ITEMS=$BATS_FILE_TMPDIR/items.ndjson
	"$PY" "$ROOT/scripts/gen-classified" -n 2000 --tags 12 --days 3 --seed 5 > "$ITEMS"
	CH=$BATS_FILE_TMPDIR/ch
	mkdir -p "$CH/users.d"
	cat > "$CH/users.xml" <<-EOF
	<?xml version="1.0"?>
	<yandex>
	  <profiles><default/></profiles>
	  <users><default><password/><networks><ip>127.0.0.1</ip></networks>
	    <profile>default</profile><quota>default</quota></default></users>
	  <quotas><default/></quotas>
	</yandex>
	EOF
	# A port taken between the probe and the start makes the server exit
	# (status 70, after about 1 s): then another port.
	local try
	for try in 1 2 3; do
		CH_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		ch_config > "$CH/config.xml"
		clickhouse-server --config-file="$CH/config.xml" --pid-file="$CH/server.pid" \
		    > "$CH/stdout" 2>&1 &
		CH_PID=$!
		export CH CH_PORT CH_PID
		ch_wait && return 0
		kill "$CH_PID" 2>/dev/null || true
		wait "$CH_PID" 2>/dev/null || true
	done
	echo "clickhouse-server did not start:" >&2
	tail -20 "$CH/stdout" "$CH/error.log" >&2 2>/dev/null
	return 1
}

teardown_file() {
	[ -z "${CH_PID:-}" ] || { kill "$CH_PID" 2>/dev/null; wait "$CH_PID" 2>/dev/null; } || true
}

# Only the native TCP port, on loopback; data, logs and users in $CH.
ch_config() {
	cat <<-EOF
	<?xml version="1.0"?>
	<yandex>
	  <logger><level>warning</level><console>0</console>
	    <log>$CH/server.log</log><errorlog>$CH/error.log</errorlog></logger>
	  <listen_host>127.0.0.1</listen_host>
	  <tcp_port>$CH_PORT</tcp_port>
	  <path>$CH/data/</path>
	  <tmp_path>$CH/tmp/</tmp_path>
	  <user_files_path>$CH/user_files/</user_files_path>
	  <format_schema_path>$CH/format_schemas/</format_schema_path>
	  <users_config>$CH/users.xml</users_config>
	  <default_profile>default</default_profile>
	  <default_database>default</default_database>
	  <timezone>UTC</timezone>
	  <mark_cache_size>67108864</mark_cache_size>
	</yandex>
	EOF
}

# ch_wait: until the server listens (15 s at most, less if it died); it
# opens its port once its tables are loaded.
ch_wait() {
	local i
	for i in $(seq 300); do
		kill -0 "$CH_PID" 2>/dev/null || return 1
		(exec 3<>"/dev/tcp/127.0.0.1/$CH_PORT") 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# ch ARGS...: clickhouse-client on the test's server, with the settings a
# user takes from scripts/clickhouse/client.xml.
ch() {
	clickhouse-client --config-file "$ROOT/scripts/clickhouse/client.xml" --port "$CH_PORT" "$@"
}

# Each test starts from the schema alone.
setup() {
	{ echo 'DROP DATABASE IF EXISTS veille;'; cat "$ROOT/scripts/clickhouse/schema.sql"; } |
	    ch --multiquery
}

# py EXPR < json: a Python expression over the JSON document R.
py() {
	"$PY" -c 'import json, sys
R = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}

# The windows of veille-report --now $NOW --since 48h, in SQL.
WINDOW="time >= toDateTime('2026-11-21 21:00:00') AND time < toDateTime('2026-11-23 21:00:00')"
PREVIOUS="time >= toDateTime('2026-11-19 21:00:00') AND time < toDateTime('2026-11-21 21:00:00')"

@test "a classified stream loads with the recipe; count, tags and hourly buckets are veille-report's" {
	ch --query "INSERT INTO veille.items FORMAT JSONEachRow" < "$ITEMS"
	veille-report --format json --now "$NOW" --since 48h --top 100 < "$ITEMS" > report.json
	# veille-report's figures, written as the queries below answer.
	"$PY" - report.json "$ITEMS" > want <<-'EOF'
	import json, sys
	R = json.load(open(sys.argv[1]))
	assert R["bucket_seconds"] == 3600
	print("items\t%d" % sum(1 for _ in open(sys.argv[2])))
	print("window\t%d\t%d" % (R["mentions"], R["previous_mentions"]))
	for t in sorted(R["tags"], key=lambda t: t["tag"]):
	    print("tag\t%s\t%d" % (t["tag"], t["mentions"]))
	# every generated item has a tone: the tone timelines sum to all items
	tl = R["sentiment_timeline"]
	for i, b in enumerate(R["buckets"]):
	    n = sum(tl[l][i] for l in tl)
	    if n:
	        print("hour\t%s\t%d" % (b.replace("T", " ").rstrip("Z"), n))
	for t in sorted(R["tags"], key=lambda t: t["tag"]):
	    for i, n in enumerate(t["timeline"]):
	        if n:
	            print("tag-hour\t%s\t%d\t%d" % (t["tag"], i, n))
	EOF
	ch --multiquery > got <<-EOF
	SELECT 'items', count() FROM veille.items;
	SELECT 'window', countIf($WINDOW), countIf($PREVIOUS) FROM veille.items FINAL;
	SELECT 'tag', arrayJoin(tags) AS tag, count() FROM veille.items FINAL
	    WHERE $WINDOW GROUP BY tag ORDER BY tag;
	SELECT 'hour', toStartOfHour(time) AS h, count() FROM veille.items FINAL
	    WHERE $WINDOW GROUP BY h ORDER BY h;
	SELECT 'tag-hour', tag, intDiv(toUInt32(time) - toUInt32(toDateTime('2026-11-21 21:00:00')), 3600) AS b,
	    count() FROM veille.items FINAL ARRAY JOIN tags AS tag WHERE $WINDOW GROUP BY tag, b ORDER BY tag, b;
	EOF
	expect_eq 12 "$(grep -c '^tag	' want)"
	expect_eq 47 "$(grep -c '^hour	' want)"   # the last hour is empty
	expect_eq "$(cat want)" "$(cat got)"
}

@test "nested objects land in dotted columns; a figure left out is NULL, never 0" {
	{ cat "$ITEMS"
	  echo '{"id":"bare","title":"Sans date ni chiffres","sentiment":{"score":-0.3,"label":"negative"}}'
	} | ch --query "INSERT INTO veille.items FORMAT JSONEachRow"
	"$PY" - "$ITEMS" > want <<-'EOF'
	import json, sys
	neg = eng = likes = 0
	src = set()
	for l in open(sys.argv[1]):
	    r = json.loads(l)
	    neg += r["sentiment"]["label"] == "negative"
	    if "engagement" in r:
	        eng += 1
	        likes += r["engagement"]["likes"]
	    src.add(r["source"]["name"])
	print("%d\t%d\t%d\t%d" % (neg, eng, likes, len(src)))
	# the bare item: likes NULL, published NULL, time 0, its tone
	print("1\t\\N\t\\N\t0\t-0.3")
	EOF
	ch --multiquery > got <<-'EOF'
	SELECT countIf(`sentiment.label` = 'negative'), count(`engagement.likes`),
	    sum(`engagement.likes`), uniqExact(`source.name`) FROM veille.items WHERE id != 'bare';
	SELECT isNull(`engagement.likes`), `engagement.likes`, published, toUInt32(time),
	    `sentiment.score` FROM veille.items WHERE id = 'bare';
	EOF
	expect_eq "$(cat want)" "$(cat got)"
}

@test "migration from the embedded store: veille-store query --format ndjson loads, with the store's own stats" {
	veille-store -q put store.db < "$ITEMS"
	veille-store -q query --format ndjson store.db > exported
	expect_eq 2000 "$(wc -l < exported)"
	ch --query "INSERT INTO veille.items FORMAT JSONEachRow" < exported
	# Run twice by mistake: the items are upserted by (time, id).
	ch --query "INSERT INTO veille.items FORMAT JSONEachRow" < exported
	# veille-store stats of the whole archive: per tag, per hour.
	veille-store -q stats --since 2026-11-01T00:00:00Z --until "$NOW" store.db > stats
	"$PY" - stats > want <<-'EOF'
	import json, sys
	S = [json.loads(l) for l in open(sys.argv[1])]
	n = sum(s["count"] for s in S if s["stat"] == "day")
	print("items\t%d\t%d\t0" % (n, n))
	for stat in ("tag", "hour"):
	    for s in sorted((s for s in S if s["stat"] == stat), key=lambda s: s["key"]):
	        print("%s\t%s\t%d" % (stat, s["key"].replace("T", " ").rstrip("Z"), s["count"]))
	EOF
	ch --multiquery > got <<-'EOF'
	SELECT 'items', count(), uniqExact(id), countIf(stored_at IS NULL) FROM veille.items FINAL;
	SELECT 'tag', arrayJoin(tags) AS tag, count() FROM veille.items FINAL GROUP BY tag ORDER BY tag;
	SELECT 'hour', toStartOfHour(time) AS h, count() FROM veille.items FINAL GROUP BY h ORDER BY h;
	EOF
	expect_eq "items	2000	2000	0" "$(head -1 want)"
	expect_eq 12 "$(grep -c '^tag	' want)"
	expect_eq "$(cat want)" "$(cat got)"
}

@test "a whole pipeline's output goes through veille.stream: items, alerts and failures each to their table" {
	stream=$TESTS/data/report/stream.ndjson
	ch --query "INSERT INTO veille.stream FORMAT JSONEachRow" < "$stream"
	# schema.sql run again keeps the data and makes the router anew.
	ch --multiquery < "$ROOT/scripts/clickhouse/schema.sql"
	veille-report --format json --now 2026-11-23T12:00:00Z --since 24h < "$stream" > report.json
	"$PY" - "$stream" report.json > want <<-'EOF'
	import json, sys
	n = {"items": 0, "alerts": 0, "failures": 0}
	for l in open(sys.argv[1]):
	    r = json.loads(l)
	    n["alerts" if "alert" in r else "failures" if "error" in r else "items"] += 1
	print("%(items)d\t%(alerts)d\t%(failures)d" % n)
	# the items of the window are the ones veille-report counts: it
	# leaves alerts and failures apart too
	print(json.load(open(sys.argv[2]))["mentions"])
	print("spike\torange\t2026-11-23 09:00:00\t2026-11-23 09:15:00\t9\t7.1")
	print("https://broken.example/feed\thttp_error")
	EOF
	ch --multiquery > got <<-'EOF'
	SELECT (SELECT count() FROM veille.items), (SELECT count() FROM veille.alerts),
	    (SELECT count() FROM veille.failures);
	SELECT count() FROM veille.items
	    WHERE time >= toDateTime('2026-11-22 12:00:00') AND time < toDateTime('2026-11-23 12:00:00');
	SELECT alert, key, `window.start`, `window.end`, count, score FROM veille.alerts WHERE alert = 'spike';
	SELECT url, error_code FROM veille.failures;
	EOF
	expect_eq "31	2	1" "$(head -1 want)"
	expect_eq "$(cat want)" "$(cat got)"
}

@test "without the settings of client.xml the insert fails whole: the recipe needs them" {
	head -n 10 "$ITEMS" > items
	run clickhouse-client --port "$CH_PORT" --query "INSERT INTO veille.items FORMAT JSONEachRow" < items
	expect_eq 27 "$status"          # CANNOT_PARSE_INPUT_ASSERTION_FAILED
	expect_eq 0 "$(ch -q 'SELECT count() FROM veille.items')"
}
