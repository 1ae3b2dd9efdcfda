#!/usr/bin/env bats
# 0210-fetch-errors — veille-fetch: every way a fetch can fail, retries,
# redirects and limits. A failure is a record with error and error_code.
load lib
load fetch

setup_file() {
	httpd_start 2
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

teardown() {
	[ -z "${TPID:-}" ] || kill "$TPID" 2>/dev/null || true
}

@test "a server slower than --timeout gives error_code timeout and a curl-style message" {
	echo "$B/slow?s=3" | fetch --timeout 1s --retries 0
	expect_eq 1 "$status"
	read -r code ms body < <(jf error_code elapsed_ms body < out)
	expect_eq "timeout <none>" "$code $body"
	expect_eq "timeout after 1 s" "$(jf error < out)"
	expect_eq "veille-fetch: $B/slow?s=3: timeout after 1 s" "$(cat err)"
	[ "$ms" -lt 2500 ]
}

@test "timeouts are retried: --retries 1 makes two attempts" {
	echo "$B/slow?s=2" | fetch --timeout 300ms --retries 1
	expect_eq 1 "$status"
	read -r code attempts ms < <(jf error_code attempts elapsed_ms < out)
	expect_eq "timeout 2" "$code $attempts"
	expect_eq "timeout after 300 ms (2 attempts)" "$(jf error < out)"
	[ "$ms" -ge 550 ]      # two attempts of about 300 ms each
}

@test "a refused connection is a connect error, retried after a backoff" {
	# Nothing listens on 127.0.0.10.
	echo "http://127.0.0.10:$PORT/feed" | fetch --retries 1
	expect_eq 1 "$status"
	expect_eq "connect 2 <none>" "$(jf error_code attempts status < out)"
	jf error < out | grep -q '^Failed to connect to 127.0.0.10 port .* (2 attempts)$'
}

@test "a host name that does not resolve is a dns error, not retried" {
	echo "http://veille-test.invalid/feed" | fetch --connect-timeout 5s
	expect_eq 1 "$status"
	expect_eq "dns <none> could not resolve host veille-test.invalid" \
	    "$(jf error_code attempts error < out)"
}

@test "a certificate that cannot be verified is a tls error; --insecure gets through" {
	read -r tport TPID < <("$PY" "$TESTS/httpd.py" --background --tls --lifetime 60)
	[ -n "$TPID" ]
	echo "https://127.0.0.1:$tport/ok" | fetch
	expect_eq 1 "$status"
	expect_eq "tls <none>" "$(jf error_code attempts < out)"
	jf error < out | grep -q '^TLS: SSL certificate problem: '
	echo "https://127.0.0.1:$tport/ok" | fetch --insecure
	expect_eq 0 "$status"
	expect_eq "200 ok" "$(jf status body < out)"
}

@test "404 and 500 are http errors that keep their status and are not retried" {
	printf '%s\n' "$B/status/404" "$B/status/500" | fetch
	expect_eq 1 "$status"
	expect_eq "$(printf '404 http <none> HTTP 404 Not Found\n500 http <none> HTTP 500 Internal Server Error')" \
	    "$(jf status error_code attempts error < out | sort)"
	expect_eq 2 "$(logq 'len(L)')"
}

@test "503 with Retry-After, in seconds or as an HTTP date, is retried after the pause" {
	when=$("$PY" -c 'import email.utils, time, urllib.parse
print(urllib.parse.quote(email.utils.formatdate(time.time() + 2, usegmt=True)))')
	printf '%s\n' "$B/flaky/a?fail=1&code=503&retry-after=1" \
	    "http://127.0.0.2:$PORT/flaky/d?fail=1&code=503&retry-after=$when" | fetch
	expect_eq 0 "$status"
	expect_eq "$(printf '%s\n' '200 2 recovered after 1 <none>' '200 2 recovered after 1 <none>')" \
	    "$(jf status attempts body error < out)"
	# The second attempt waited for the pause asked for.
	expect_eq True "$(logq 'all(b["t0"] - a["t1"] >= 0.95 for h in ("127.0.0.1", "127.0.0.2") for a, b in [sorted((l for l in L if l["addr"] == h), key=lambda l: l["t0"])])')"
}

@test "429 is retried; when retries run out the record keeps status and Retry-After" {
	echo "$B/status/429?retry-after=1" | fetch --retries 1
	expect_eq 1 "$status"
	expect_eq "429 http 2 1" "$(jf status error_code attempts headers.retry-after < out)"
	expect_eq "HTTP 429 Too Many Requests (2 attempts)" "$(jf error < out)"
	expect_eq 2 "$(logq 'len(L)')"
}

@test "502 and 504 are retried with a growing backoff; --retries 0 gives up at once" {
	echo "$B/flaky/b?fail=2&code=502" | fetch --retries 2
	expect_eq 0 "$status"
	expect_eq "200 3" "$(jf status attempts < out)"
	# 500 ms then 1 s, each plus up to half again of jitter.
	expect_eq True "$(logq '0.45 <= L[1]["t0"] - L[0]["t1"] <= 1.2 and 0.95 <= L[2]["t0"] - L[1]["t1"] <= 2')"
	httpd_log "$LOG"
	echo "$B/status/504" | fetch --retries 0
	expect_eq 1 "$status"
	expect_eq "504 <none>" "$(jf status attempts < out)"
	expect_eq 1 "$(logq 'len(L)')"
}

@test "redirects are followed and final_url says where they ended" {
	echo "$B/redirect/3" | fetch
	expect_eq 0 "$status"
	expect_eq "$B/redirect/3 $B/redirect/0 200 landed" "$(jf url final_url status body < out)"
	expect_eq 4 "$(logq 'len(L)')"
}

@test "a redirect loop stops after --max-redirs with too_many_redirects" {
	echo "$B/loop" | fetch
	expect_eq 1 "$status"
	expect_eq "too_many_redirects more than 5 redirects" "$(jf error_code error < out)"
	expect_eq 6 "$(logq 'len(L)')"
	httpd_log "$LOG"
	echo "$B/loop" | fetch --max-redirs 2
	expect_eq "more than 2 redirects" "$(jf error < out)"
	expect_eq 3 "$(logq 'len(L)')"
	echo "$B/redirect/2" | fetch --max-redirs 2
	expect_eq 0 "$status"
}

@test "a redirect to file:// or another scheme is refused, even with --allow-file" {
	printf '%s\n' "$B/redirect-to?url=file:///etc/passwd" \
	    "$B/redirect-to?url=ftp://127.0.0.1:$PORT/x" | fetch --allow-file
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' 'protocol <none> <none>' 'protocol <none> <none>')" \
	    "$(jf error_code final_url body < out)"
	grep -q '"error":"redirect to a forbidden scheme: file:///etc/passwd"' out
	! grep -q root: out || false
}

@test "a body over --max-size is too_large: with Content-Length, chunked, or decompressed" {
	printf '%s\n' "$B/big?size=2000" | fetch --max-size 1k
	expect_eq 1 "$status"
	expect_eq "too_large body larger than 1 KiB (--max-size)" "$(jf error_code error < out)"
	printf '%s\n' "$B/big-chunked?size=3000000" "$B/gzipbomb?size=5000000" | fetch --max-size 1M
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' 'too_large <none>' 'too_large <none>')" "$(jf error_code body < out)"
}

@test "a body of exactly --max-size is accepted" {
	echo "$B/big?size=1024" | fetch --max-size 1k
	expect_eq 0 "$status"
	expect_eq 1024 "$(jf body < out | tr -d '\n' | wc -c)"
}

@test "a body cut short of its Content-Length is truncated, never a short body" {
	echo "$B/truncated" | fetch
	expect_eq 1 "$status"
	expect_eq "truncated 200 <none>" "$(jf error_code status body < out)"
	expect_eq "body truncated: transfer closed with 900 bytes remaining to read" "$(jf error < out)"
}

@test "a connection closed without an answer is a connect error" {
	echo "$B/close" | fetch --retries 0
	expect_eq 1 "$status"
	expect_eq "connect Empty reply from server" "$(jf error_code error < out)"
}

@test "a corrupt gzip body is a protocol error" {
	echo "$B/badgzip" | fetch
	expect_eq 1 "$status"
	expect_eq "protocol <none>" "$(jf error_code body < out)"
}

@test "one failure does not stop the others; every target has its record" {
	printf '%s\n' "$B/ok" "$B/status/404" "$B/same" "$B/truncated" "$B/etag" | fetch
	expect_eq 1 "$status"
	expect_eq 5 "$(wc -l < out)"
	expect_eq 3 "$(grep -c '"body":' out)"
	expect_eq 2 "$(grep -c '"error_code"' out)"
	expect_eq 2 "$(wc -l < err)"
}

@test "hostile bytes in response headers come out as valid UTF-8" {
	printf 'x\n' > "$WWW/h.txt"
	# Python sends header values as Latin-1: this é arrives as byte 0xE9.
	printf 'ETag: "caf\xc3\xa9"\nContent-Language: fr\xc3\xa9\nContent-Type: text/plain; charset="x\\"y"\n' \
	    > "$WWW/h.txt.headers"
	echo "$B/static/h.txt" | fetch
	expect_eq 0 "$status"
	expect_eq '"caf�" fr� utf-8' "$(jf etag headers.content-language charset < out)"
	no_nulls < out
}
