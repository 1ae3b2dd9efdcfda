# tests/fetch.bash — what the veille-fetch suites share: one loopback
# tests/httpd.py per bats file, a request log per test, and readers of
# records and logs. Load after lib: `load lib; load fetch`.

# httpd_start HOSTS [ARGS...]: start the server on 127.0.0.1..HOSTS
# (setup_file); sets PORT, SPID, WWW (its --root) and B (base URL).
httpd_start() {
	local hosts=$1
	shift
	need "$PY" python3
	need veille-fetch
	export WWW=$BATS_FILE_TMPDIR/www
	mkdir -p "$WWW"
	read -r PORT SPID < <("$PY" "$TESTS/httpd.py" --background --hosts "$hosts" \
	    --lifetime 300 --root "$WWW" "$@")
	[ -n "${SPID:-}" ] || { echo "httpd.py did not start" >&2; return 1; }
	export PORT SPID B=http://127.0.0.1:$PORT
}

httpd_stop() {
	[ -z "${SPID:-}" ] || kill "$SPID" 2>/dev/null || true
}

# fetch_setup: per test, an empty --root and a fresh request log.
fetch_setup() {
	shopt -s lastpipe       # `echo URL | fetch` sets $status here
	cd "$BATS_TEST_TMPDIR"
	rm -rf "$WWW" && mkdir "$WWW"
	LOG=$BATS_TEST_TMPDIR/httpd.log
	httpd_log "$LOG"
}

# httpd_log FILE: the server logs the requests that begin from now on to
# FILE (one server serves the whole file; each test has its own log).
httpd_log() {
	local fd reply
	: > "$1"
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
	printf 'GET /_control/log?path=%s HTTP/1.0\r\n\r\n' "$1" >&"$fd"
	read -r reply <&"$fd"
	exec {fd}<&-
	[[ "$reply" == *" 200 "* ]] || { echo "httpd.py: no log switch: $reply" >&2; return 1; }
}

# targets N PATH HOST...: N targets for each host 127.0.0.HOST, interleaved
# (PATH?n=1 on each, then n=2...).
targets() {
	local n=$1 path=$2 i h
	shift 2
	for i in $(seq "$n"); do
		for h in "$@"; do echo "http://127.0.0.$h:$PORT$path?n=$i"; done
	done
}

# fetch ARGS... < targets: records in ./out, messages in ./err, exit in $status.
fetch() {
	status=0
	veille-fetch "$@" > out 2> err || status=$?
}

# logq EXPR: a Python expression over L, this test's server log entries.
logq() {
	"$PY" -c 'import json, sys
L = [json.loads(l) for l in open(sys.argv[2])]
print(eval(sys.argv[1]))' "$1" "$LOG"
}

# keys < ndjson: the member names of each record, space-separated.
keys() {
	"$PY" -c 'import json,sys
for l in sys.stdin: print(" ".join(json.loads(l)))'
}
