#!/usr/bin/env bats
# 0340-fetch-render — veille-fetch --render: JavaScript-rendered pages in
# headless Chromium (lib/render.c). Chromium is slow to start on a loaded
# machine: the three pages that need a real browser are rendered once,
# at the same time, in setup_file; the other tests use a fake browser
# ($VEILLE_CHROMIUM, a script) that logs how it was run.
load lib
load fetch

setup_file() {
	need chromium "(Debian package chromium)"
	httpd_start 1
	mkdir -p "$WWW"
	pages "$WWW"
	R=$BATS_FILE_TMPDIR/real
	mkdir -p "$R/tmp" "$R/home" "$R/tmp-hang"
	# The good pages with a generous limit (a loaded machine takes
	# seconds to start a browser), the page that never finishes loading
	# with a short one, both at once.
	printf '%s\n' "$B/static/js.html" "$B/static/redir.html" |
	    TMPDIR=$R/tmp HOME=$R/home veille-fetch --render --render-timeout 120s \
	    > "$R/out" 2> "$R/err" &
	local good=$!
	local t0=$(date +%s%N)
	echo "$B/static/hang.html" |
	    TMPDIR=$R/tmp-hang HOME=$R/home veille-fetch --render --render-timeout 4s \
	    > "$R/hang.out" 2> "$R/hang.err" || echo $? > "$R/hang.status"
	echo $(( ($(date +%s%N) - t0) / 1000000 )) > "$R/hang.ms"
	pgrep -f "$R/tmp-hang" > "$R/hang.procs" || true
	wait "$good" || echo $? > "$R/status"
	pgrep -f "$R/tmp" > "$R/procs" || true
}

teardown_file() {
	httpd_stop
}

setup() {
	shopt -s lastpipe
	R=$BATS_FILE_TMPDIR/real
	cd "$BATS_TEST_TMPDIR"
	LOG=$BATS_TEST_TMPDIR/httpd.log
	httpd_log "$LOG"
	rm -f "$WWW/robots.txt"
}

# pages DIR: the fixtures.
pages() {
	cat > "$1/js.html" <<-'EOF'
	<!doctype html><html><head><meta charset="iso-8859-1"><title>js</title></head>
	<body><p id="x">empty</p><script>
	setTimeout(function () {
	  var words = ['written', 'by', 'script', 'caf\u00e9'];
	  document.getElementById('x').textContent = words.join(' ');
	}, 500);
	</script></body></html>
	EOF
	cat > "$1/redir.html" <<-'EOF'
	<!doctype html><html><head><title>from</title></head>
	<body><script>location.replace('/static/dest.html');</script></body></html>
	EOF
	cat > "$1/dest.html" <<-'EOF'
	<!doctype html><html><head><title>dest</title></head><body><p>destination page</p></body></html>
	EOF
	# A script that never comes: the load event never fires.
	cat > "$1/hang.html" <<-'EOF'
	<!doctype html><html><head><title>hang</title></head>
	<body><p>hang</p><script src="/slow?s=60"></script></body></html>
	EOF
	mkdir -p "$1/private"
	cp "$1/dest.html" "$1/private/page.html"
	printf '<rss version="2.0"><channel><title>f</title></channel></rss>\n' > "$1/feed.xml"
	printf 'ETag: "v1"\n' > "$1/dest.html.headers"
}

# fake_browser [BODY-COMMAND]: $VEILLE_CHROMIUM is a script that logs its
# arguments, start and end times to ./browser.log and prints a DOM naming
# the URL (its last argument), or runs BODY-COMMAND instead.
fake_browser() {
	local body=${1:-'echo "<html><body>rendered $url</body></html>"'}
	{
		echo '#!/bin/bash'
		echo 'url=${@: -1}'
		echo "log='$PWD/browser.log'"
		echo 'echo "start $(date +%s%N) $*" >> "$log"'
		echo 'echo "env HOME=$HOME TMPDIR=$TMPDIR" >> "$log"'
		echo "$body"
		echo 'rc=$?'
		echo 'echo "end $(date +%s%N)" >> "$log"'
		echo 'exit $rc'
	} > fakechrome
	chmod +x fakechrome
	: > browser.log
	export VEILLE_CHROMIUM=$PWD/fakechrome
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
}

# byurl < out: the records sorted by url (they come in the order fetched).
byurl() {
	"$PY" -c 'import json, sys
for r in sorted((json.loads(l) for l in sys.stdin), key=lambda r: r["url"]):
    print(json.dumps(r))'
}

@test "a page written by its script: absent from the fetched body, present once rendered" {
	echo "$B/static/js.html" | fetch
	expect_eq 0 "$status"
	expect_eq "<none>" "$(jget rendered < out)"
	jget body < out > body
	grep -q '<p id="x">empty</p>' body
	! grep -q 'written by script' body || false

	expect_eq "" "$(cat "$R/status" 2>/dev/null)"
	grep "/static/js.html" "$R/out" > js
	expect_eq "200 text/html utf-8 true <none>" \
	    "$(jf status content_type charset rendered error_code < js)"
	# the DOM in UTF-8, whatever its <meta> says
	jget body < js > body
	grep -q '<p id="x">written by script café</p>' body
	expect_eq "url status content_type charset fetched_at elapsed_ms rendered body" "$(keys < js)"
}

@test "a page that redirects by script renders as the page it led to" {
	grep "/static/redir.html" "$R/out" > redir
	expect_eq "true <none>" "$(jf rendered error_code < redir)"
	jget body < redir > body
	grep -q '<title>dest</title>' body
	grep -q 'destination page' body
	# --dump-dom does not say where the script led (documented)
	expect_eq "<none>" "$(jget final_url < redir)"
}

@test "a page that never finishes loading times out within the limit, its browser killed" {
	expect_eq 1 "$(cat "$R/hang.status")"
	expect_eq "timeout <none> 200" "$(jf error_code rendered status < "$R/hang.out")"
	expect_eq "page not rendered after 4 s (--render-timeout)" "$(jget error < "$R/hang.out")"
	grep -q "hang.html: page not rendered after 4 s" "$R/hang.err"
	ms=$(cat "$R/hang.ms")
	[ "$ms" -ge 4000 ] && [ "$ms" -lt 15000 ] || { echo "took $ms ms" >&2; false; }
	# no browser process outlives the run
	expect_eq "" "$(cat "$R/hang.procs")"
}

@test "no browser profile, cache or temporary file is left behind" {
	expect_eq "" "$(ls -A "$R/tmp")"
	expect_eq "" "$(ls -A "$R/tmp-hang")"
	expect_eq "" "$(ls -A "$R/home")"
	expect_eq "" "$(cat "$R/procs")"
}

@test "robots.txt is obeyed before any browser starts" {
	fake_browser
	printf 'User-agent: *\nDisallow: /static/private/\n' > "$WWW/robots.txt"
	printf '%s\n' "$B/static/private/page.html" "$B/static/dest.html" | fetch --robots --render
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' "<none> true" "robots <none>")" "$(byurl < out | jf error_code rendered)"
	expect_eq 1 "$(grep -c '^start' browser.log)"
	! grep -q private browser.log || false
	expect_eq 0 "$(logq 'sum(1 for l in L if "private" in l["path"])')"
	jget body < out > body
	grep -q "rendered $B/static/dest.html" body
}

@test "the browser gets a fresh profile, HOME and TMPDIR removed after, the fetch's User-Agent, the URL last" {
	fake_browser
	echo "$B/static/dest.html" | fetch --render -A 'veille-test/1'
	expect_eq 0 "$status"
	args=$(grep '^start' browser.log)
	[[ "$args" == *" --headless "* && "$args" == *" --dump-dom -- $B/static/dest.html" ]]
	[[ "$args" == *" --user-agent=veille-test/1 "* ]]
	[[ "$args" == *" --user-data-dir=$TMPDIR/veille-render-"* ]]
	if [ "$(id -u)" = 0 ]; then [[ "$args" == *" --no-sandbox "* ]]; else [[ "$args" != *sandbox* ]]; fi
	grep -q "^env HOME=$TMPDIR/veille-render-.* TMPDIR=$TMPDIR/veille-render-" browser.log
	expect_eq "" "$(ls -A tmp)"
}

@test "--render-profile keeps the profile given, one browser at a time" {
	fake_browser
	mkdir prof
	printf '%s\n' "$B/static/dest.html" "$B/static/js.html" | fetch --render --render-profile "$PWD/prof"
	expect_eq 0 "$status"
	expect_eq 2 "$(grep -c -- "--user-data-dir=$PWD/prof " browser.log)"
	expect_eq "" "$(ls -A tmp)"
	[ -d prof ]
}

@test "render: false, feeds and failed fetches are not rendered" {
	fake_browser
	printf '%s\n' "{\"url\": \"$B/static/dest.html\", \"render\": false, \"tag\": 1}" \
	    "$B/static/feed.xml" "$B/status/404" | fetch --render
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' "<none> <none> 1" "<none> <none> <none>" "<none> http <none>")" \
	    "$(byurl < out | jf rendered error_code tag)"
	expect_eq "" "$(cat browser.log)"
	# "render" describes the target: not carried onto the record
	expect_eq "url tag status content_type charset etag fetched_at elapsed_ms body" \
	    "$(byurl < out | keys | head -1)"
}

@test "\"render\": true on a target renders it without --render" {
	fake_browser
	printf '%s\n' "{\"url\": \"$B/static/dest.html\", \"render\": true}" "$B/static/js.html" | fetch
	expect_eq 0 "$status"
	expect_eq "$(printf '%s\n' "true" "<none>")" "$(byurl < out | jf rendered)"
	expect_eq 1 "$(grep -c '^start' browser.log)"
}

@test "--render-parallel bounds the browsers running at once" {
	fake_browser 'sleep 1; echo "<html>$url</html>"'
	for i in 1 2 3 4 5; do echo "$B/static/dest.html?p=$i"; done |
	    fetch --render --render-parallel 2 --per-host 8
	expect_eq 0 "$status"
	expect_eq 5 "$(grep -c '"rendered":true' out)"
	# the most browsers alive at one time, from the start and end lines
	most=$(awk '/^start/ { print $2, 1 } /^end/ { print $2, -1 }' browser.log | sort -n |
	    awk '{ n += $2; if (n > m) m = n } END { print m }')
	[ "$most" -le 2 ] || { echo "$most browsers at once" >&2; false; }
}

@test "a page waits --delay after its fetch before the browser loads it" {
	fake_browser
	echo "$B/static/dest.html" | fetch --render --delay 1s
	expect_eq 0 "$status"
	fetched=$(logq 'int(L[0]["t1"] * 1000)')
	started=$(( $(awk '/^start/ { print $2 }' browser.log) / 1000000 ))
	gap=$(( started - fetched ))
	[ "$gap" -ge 1000 ] || { echo "browser started $gap ms after the fetch" >&2; false; }
}

@test "a browser that fails gives error_code render with its last message" {
	fake_browser 'echo "[0:0:ERROR] something broke" >&2; exit 3'
	echo "$B/static/dest.html" | fetch --render
	expect_eq 1 "$status"
	expect_eq "render 200" "$(jf error_code status < out)"
	expect_eq "Chromium failed (exit status 3): [0:0:ERROR] something broke" "$(jget error < out)"
	expect_eq "" "$(ls -A tmp)"
}

@test "a rendered page larger than --max-size fails with too_large" {
	fake_browser 'head -c 5000 /dev/zero | tr "\0" x'
	echo "$B/static/dest.html" | fetch --render --max-size 2k
	expect_eq 1 "$status"
	expect_eq "too_large <none>" "$(jf error_code body < out)"
}

@test "with --state, no conditional request for a rendered page; the same DOM is unchanged" {
	fake_browser 'echo "<html>same DOM</html>"'
	echo "$B/static/dest.html" | fetch --render --state st.db
	echo "$B/static/dest.html" | fetch --render --state st.db
	expect_eq 0 "$status"
	expect_eq "true <none> <none>" "$(jf unchanged body etag < out)"
	expect_eq "[None, None]" "$(logq '[l["inm"] for l in L if l["path"] == "/static/dest.html"]')"
}

@test "without a browser, --render is a usage error naming the Debian package" {
	status=0
	echo "$B/static/dest.html" | VEILLE_CHROMIUM=/nonexistent PATH= "$VEILLE_BIN/veille-fetch" --render \
	    > out 2> err || status=$?
	expect_eq 2 "$status"
	expect_eq "" "$(cat out)"
	grep -q "VEILLE_CHROMIUM=/nonexistent is not an executable file; install the Debian package chromium" err
	status=0
	echo "$B/static/dest.html" | env -u VEILLE_CHROMIUM PATH= "$VEILLE_BIN/veille-fetch" --render \
	    > out 2> err || status=$?
	expect_eq 2 "$status"
	grep -q "^veille-fetch: --render: no Chromium found .*install the Debian package chromium" err
}

@test "a target asking for rendering without a browser fails with render; the others go on" {
	status=0
	printf '%s\n' "{\"url\": \"$B/static/dest.html\", \"render\": true}" "$B/static/js.html" |
	    env -u VEILLE_CHROMIUM PATH= "$VEILLE_BIN/veille-fetch" > out 2> err || status=$?
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' "render <none>" "<none> <none>")" "$(byurl < out | jf error_code rendered)"
	grep -q "install the Debian package chromium" err
}

@test "after an HTTP redirect the browser loads the final URL, which the record keeps" {
	fake_browser
	echo "$B/redirect-to?url=$B/static/dest.html" | fetch --render
	expect_eq 0 "$status"
	expect_eq "$B/static/dest.html true" "$(jf final_url rendered < out)"
	grep -q -- "--dump-dom -- $B/static/dest.html\$" browser.log
}

@test "an interrupted run kills its browsers and removes their directories" {
	fake_browser 'sleep 60'
	echo "$B/static/dest.html" | veille-fetch --render > out 2> err &
	pid=$!
	for i in $(seq 100); do grep -q '^start' browser.log && break; sleep 0.1; done
	grep -q '^start' browser.log
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	expect_eq 143 "$status"
	expect_eq "" "$(ls -A tmp)"
	expect_eq "" "$(pgrep -f "$PWD/fakechrome" || true)"
	expect_eq "" "$(cat out)"
}

@test "veille-parse reads the rendered DOM as the page; rendered is not carried onto the item" {
	need veille-parse
	text="The minister announced on Tuesday a plan for the regional rail network, with new lines."
	fake_browser "printf '<html><head><title>Rail plan</title></head><body><article>'
	for i in 1 2 3 4 5 6; do printf '<p>%s Paragraph %d.</p>' '$text' \$i; done
	printf '</article></body></html>'"
	echo "$B/static/dest.html" | veille-fetch --render | veille-parse > items
	expect_eq "Rail plan <none> <none>" "$(jf title rendered error_code < items)"
	jget content < items > content
	grep -q "^$text Paragraph 6\.\$" content
}
