#!/usr/bin/env bats
# 0260-fetch-contract — veille-fetch and the pipelines of the README keep
# the record contract of veille(7): articles fetched from link records are
# items, a failure is fetched and reported once, "source" is an object
# everywhere, no null, directories and empty bodies say what they are,
# exit statuses for bad list files and signals, the Accept header.
load lib
load fetch

setup_file() {
	httpd_start 1
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

# site: a feed of two teasers whose links are article pages.
site() {
	local i
	for i in 1 2; do
		cat >"$WWW/a$i.html" <<EOF
<!doctype html><html lang="fr"><head><title>Article $i</title></head><body>
<article><h1>Article $i</h1><p>Premier paragraphe de l'article $i, assez long pour
être retenu comme texte principal de la page par l'extraction.</p>
<p>Deuxième paragraphe de l'article $i, lui aussi assez long pour compter.</p></article>
</body></html>
EOF
	done
	cat >"$WWW/feed.xml" <<EOF
<?xml version="1.0"?><rss version="2.0"><channel><title>Le fil</title>
<link>$B/</link>
<item><title>Teaser 1</title><link>$B/static/a1.html</link></item>
<item><title>Teaser 2</title><link>$B/static/a2.html</link></item>
</channel></rss>
EOF
}

@test "README pipeline: articles behind teasers are items, not targets; a 404 feed is fetched and reported once" {
	site
	printf '%s\n' "{\"url\":\"$B/static/feed.xml\",\"source\":\"fil\",\"tags\":[\"t\"]}" \
	    "{\"url\":\"$B/static/missing.xml\",\"source\":\"fil\"}" >feeds.txt
	veille-fetch -q <feeds.txt 2>err1 | veille-parse --links-only 2>err2 |
	    veille-fetch -q 2>err3 | veille-parse >out 2>err4 || true
	# two articles and the failure, once
	expect_eq "$(printf '%s\n' "$B/static/a1.html Article 1 <none> fil [\"t\"]" \
	    "$B/static/a2.html Article 2 <none> fil [\"t\"]" \
	    "$B/static/missing.xml <none> http fil <none>")" \
	    "$(jfields ' ' '<none>' 1 url title error_code source.name tags <out | sort)"
	expect_eq "" "$(jf kind <out | grep -v '<none>')"
	grep -q '"kind"' out && false
	# missing.xml asked for once, reported once (by the first veille-fetch)
	expect_eq 1 "$(logq 'sum(1 for e in L if e["path"] == "/static/missing.xml")')"
	expect_eq 1 "$(cat err1 err2 err3 err4 | grep -c missing.xml)"
	no_nulls <out
}

@test "a string source label is the object {\"name\": ...} on every fetch record, failures included" {
	printf '%s\n' "{\"url\":\"$B/ok\",\"source\":\"lwn\"}" "{\"url\":\"$B/status/404\",\"source\":\"lwn\"}" \
	    "{\"url\":\"$B/same\",\"source\":\"\"}" | fetch
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' "$B/ok {\"name\":\"lwn\"} <none>" "$B/same <none> <none>" \
	    "$B/status/404 {\"name\":\"lwn\"} http")" \
	    "$(jfields ' ' '<none>' 1 url source error_code <out | sort)"
}

@test "target labels lose their nulls; a number beyond a double keeps its text; the target's own fields stay behind" {
	printf '%s\n' "{\"url\":\"$B/ok\",\"kind\":\"target\",\"id\":\"abc\",\"title\":\"t\",\"x\":null,\"deep\":{\"a\":[null]},\"big\":1e400,\"tags\":[\"k\"]}" | fetch
	expect_eq 0 "$status"
	no_nulls <out
	grep -q "^{\"url\":\"$B/ok\",\"big\":1e400,\"tags\":\\[\"k\"\\],\"status\":200," out
}

@test "a directory is an io error; an empty 200 body is a record without body, which veille-parse calls empty" {
	mkdir d
	: >"$WWW/empty.xml"
	printf '%s\n' "file://$BATS_TEST_TMPDIR/d" "$B/static/empty.xml" | fetch --allow-file
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' 'io <none> <none>' '<none> 200 <none>')" "$(jf error_code status body <out)"
	grep -q "file://$BATS_TEST_TMPDIR/d: Is a directory" err
	veille-parse <out >items 2>err && status=0 || status=$?
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' 'io' 'empty')" "$(jf error_code <items)"
	grep -q "^veille-parse: $B/static/empty.xml: empty document (no body)$" err
}

@test "requests prefer feeds, then HTML and JSON, then anything (Accept)" {
	echo "$B/ok" | fetch
	accept=$(logq 'L[0]["accept"]')
	[[ "$accept" == "application/rss+xml, application/atom+xml, application/feed+json, "* ]]
	[[ "$accept" == *"text/html;q=0.8"* && "$accept" == *"application/json;q=0.7"* ]]
	[[ "$accept" == *", */*;q=0.1" ]]
}

@test "a list file that is a directory, missing or unreadable: exit 2 with the reason, in veille-fetch and veille-sources" {
	mkdir dir
	for p in veille-fetch veille-sources; do
		run "$p" dir
		expect_eq 2 "$status"
		expect_eq "$p: dir: Is a directory" "$output"
		run "$p" no-such-file
		expect_eq 2 "$status"
		expect_eq "$p: no-such-file: No such file or directory" "$output"
		# /proc/self/mem opens but every read of it fails (EIO), even as root
		run "$p" /proc/self/mem
		expect_eq 2 "$status"
		expect_eq "$p: /proc/self/mem: Input/output error" "$output"
	done
}

# interrupt SIGNAL: fetch /ok then a slow answer, send SIGNAL once /ok is
# done (killed after 5 s if it is still there); $status, ./out and ./err
# as fetch leaves them. A job started with & has SIGINT ignored: the
# Python in between gives it back its default.
interrupt() {
	printf '%s\n' "$B/ok" "$B/slow?s=30" >targets
	"$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' veille-fetch -p 1 <targets >out 2>err &
	local pid=$! i
	for i in $(seq 100); do
		[ "$(logq 'sum(1 for e in L if e["path"] == "/ok")')" = 1 ] && break
		sleep 0.1
	done
	sleep 0.5
	kill -"$1" "$pid"
	for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
	status=0
	wait "$pid" || status=$?
}

@test "interrupted by SIGINT: exit 130, what was fetched is written" {
	interrupt INT
	expect_eq 130 "$status"
	expect_eq "$B/ok 200" "$(jf url status <out)"
	grep -q "interrupted (Interrupt); 1 target read but not fetched" err
}

@test "interrupted by SIGTERM: exit 143, what was fetched is written" {
	interrupt TERM
	expect_eq 143 "$status"
	expect_eq "$B/ok 200" "$(jf url status <out)"
}
