#!/usr/bin/env bats
# 0235-fetch-shard — veille-fetch --shard K/N splits one target list over N
# machines by host: together the shards fetch every target exactly once,
# a host is never split (so --per-host and --delay hold on each machine),
# and a bad K/N is a usage error. Served from 127.0.0.1-127.0.0.9.
load lib
load fetch

setup_file() {
	httpd_start 9
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

# nine N: N targets on each of the nine hosts, interleaved.
nine() { targets "$1" /ok 1 2 3 4 5 6 7 8 9; }

# shards N ARGS... < list: veille-fetch --shard K/N for each K, records in
# out.K, messages in err.K, exit statuses in the file status (one a line).
shards() {
	local n=$1 k
	shift
	cat > list
	: > status
	for k in $(seq "$n"); do
		local s=0
		veille-fetch --retries 0 --shard "$k/$n" "$@" < list > "out.$k" 2> "err.$k" || s=$?
		echo "$s" >> status
	done
}

# urls FILE...: the url of each record, sorted.
urls() { cat "$@" | jf url | sort; }

# host_shards N: for each host, the number of shards whose output has it.
host_shards() {
	local k
	for k in $(seq "$1"); do jf url < "out.$k" | sed 's,^[a-z]*://\([^/:]*\).*,\1,' | sort -u; done |
	    sort | uniq -c | awk '{print $1}' | sort -u
}

@test "three shards together fetch each of 36 targets exactly once" {
	nine 4 | shards 3
	expect_eq "0 0 0" "$(paste -sd' ' status)"
	expect_eq "$(sort list)" "$(urls out.1 out.2 out.3)"
	expect_eq 36 "$(logq 'len(L)')"
	expect_eq 36 "$(logq 'len({(l["addr"], l["path"]) for l in L})')"
	# ... and the work is shared: every shard had hosts of its own.
	for k in 1 2 3; do [ -s "out.$k" ] || { echo "shard $k/3 got nothing" >&2; return 1; }; done
}

@test "a host is never split: all of its targets land on one shard, for any N" {
	for n in 2 5; do
		nine 2 | shards "$n"
		expect_eq "$(sort list)" "$(urls out.*)"
		expect_eq 1 "$(host_shards "$n")"
		rm -f out.* err.*
	done
}

@test "case and port of a host name do not move it to another shard" {
	for n in 2 3 5; do
		printf '%s\n' "http://localhost:$PORT/ok?a" "http://LOCALHOST:$PORT/ok?b" \
		    "http://LocalHost:1/refused" "http://127.0.0.9:$PORT/ok" | shards "$n"
		local k with=0
		for k in $(seq "$n"); do
			case "$(jf url < "out.$k" | grep -ci localhost)" in
			0) ;;
			3) with=$((with + 1)) ;;
			*) echo "localhost split at $n shards" >&2; return 1 ;;
			esac
		done
		expect_eq 1 "$with"
		rm -f out.* err.*
	done
}

@test "records that are not fetched come out once too: an upstream error, an invalid target" {
	{
		echo "{\"url\":\"http://127.0.0.4:$PORT/x\",\"error\":\"gone\",\"error_code\":\"http\"}"
		echo "ftp://127.0.0.5/file"
		echo "{\"url\":\"no url at all\",\"tags\":[\"t\"]}"
		nine 1
	} | shards 3
	expect_eq 12 "$(cat out.* | wc -l)"
	expect_eq "$(sed 's/^{"url":"\([^"]*\)".*/\1/' list | sort)" "$(urls out.*)"
	expect_eq "http invalid_target protocol" \
	    "$(cat out.* | jf error_code | grep -v '<none>' | sort | paste -sd' ')"
	# Only the shards that wrote a failure of their own exit 1 for it.
	expect_eq "$(for k in 1 2 3; do grep -q -e invalid_target -e protocol "out.$k" && echo 1 || echo 0; done)" \
	    "$(cat status)"
}

@test "a line that is not a target is reported by every shard: the list is wrong" {
	{ nine 1; echo '{"title": "no url"}'; } | shards 2
	expect_eq "1 1" "$(paste -sd' ' status)"
	grep -q 'line 10' err.1
	grep -q 'line 10' err.2
	expect_eq 9 "$(cat out.* | wc -l)"
}

@test "--shard 1/1 fetches what no --shard fetches" {
	nine 2 > list
	veille-fetch --shard 1/1 < list > out.1
	veille-fetch < list > out.all
	expect_eq "$(urls out.all)" "$(urls out.1)"
	expect_eq 18 "$(wc -l < out.1)"
}

@test "the summary counts the targets left to the other shards; -q says nothing" {
	nine 4 | shards 3 --progress
	local k mine
	for k in 1 2 3; do
		mine=$(wc -l < "out.$k")
		grep -q "^veille-fetch: $((36 - mine)) left to the other shards$" "err.$k" ||
			{ cat "err.$k" >&2; return 1; }
		grep -q "veille-fetch: $mine/$mine done, 0 failed" "err.$k" ||
			{ cat "err.$k" >&2; return 1; }
	done
	nine 4 | shards 3 -q
	expect_eq "" "$(cat err.1 err.2 err.3)"
}

@test "a bad K/N is a usage error (exit 2) saying why, before anything is fetched" {
	nine 1 > list
	for bad in 0/3 4/3 1/0 3 /3 1/ a/b 1/2/3 "" " 1/2" -1/2 1.5/3 1/5000 99999999999/2; do
		status=0
		veille-fetch --shard "$bad" < list > out 2> err || status=$?
		expect_eq "2 for '$bad'" "$status for '$bad'"
		grep -q "^veille-fetch: --shard .*: " err
		grep -q '^usage: veille-fetch ' err
		expect_eq "" "$(cat out)"
	done
	status=0
	veille-fetch --shard 4/3 < list 2> err || status=$?
	expect_eq "veille-fetch: --shard 4/3: K must be between 1 and N" "$(head -1 err)"
	veille-fetch --shard a/b < list 2> err || status=$?
	grep -q 'expected K/N' err
	veille-fetch --shard 1/0 < list 2> err || status=$?
	grep -q 'N, the number of shards, must be between 1 and 4096' err
	expect_eq 0 "$(logq 'len(L)')"
}
