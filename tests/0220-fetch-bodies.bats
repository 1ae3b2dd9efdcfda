#!/usr/bin/env bats
# 0220-fetch-bodies — veille-fetch: compression, charsets (body is always
# UTF-8, charset says what it was), binary bodies; and the static fixtures
# of tests/httpd.py that other suites rely on.
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

# title < out: the first <title> text of the body.
title() {
	jget body | grep -o '<title>[^<]*' | head -n 1 | sed 's/<title>//'
}

@test "compressed bodies are asked for and decoded" {
	echo "$B/gzip" | fetch
	expect_eq 0 "$status"
	expect_eq "$(printf 'gzip me %.0s' $(seq 200) | sed 's/ $//')" "$(jf body < out | sed 's/ $//')"
	logq 'L[0]["ae"]' | grep -q gzip
	expect_eq "<none>" "$(jf headers < out)"
}

@test "windows-1252 announced by HTTP wins over the XML declaration" {
	echo "$B/charset/cp1252-http" | fetch
	expect_eq 0 "$status"
	expect_eq "windows-1252 application/rss+xml" "$(jf charset content_type < out)"
	expect_eq "Café €" "$(title < out)"
}

@test "the XML declaration's encoding is used when HTTP names none" {
	echo "$B/charset/cp1252-decl" | fetch
	expect_eq windows-1252 "$(jf charset < out)"
	expect_eq "Café €" "$(title < out)"
}

@test "UTF-16 with a byte order mark becomes UTF-8 without one" {
	echo "$B/charset/utf16" | fetch
	expect_eq 0 "$status"
	expect_eq utf-16le "$(jf charset < out)"
	expect_eq "Café €" "$(title < out)"
	jf body < out | head -c 5 | grep -qx '<?xml'
	echo "$B/charset/utf16-http" | fetch
	expect_eq "text café €" "$(jf body < out)"
}

@test "an HTML <meta charset> is honoured" {
	echo "$B/charset/html-meta" | fetch
	expect_eq "text/html windows-1252" "$(jf content_type charset < out)"
	expect_eq "café €" "$(title < out)"
}

@test "ISO-8859-1 is read as windows-1252, as browsers do" {
	echo "$B/charset/latin1-text" | fetch
	expect_eq "windows-1252 café" "$(jf charset body < out)"
}

@test "invalid UTF-8 in a text body is repaired with U+FFFD" {
	echo "$B/charset/bad-utf8" | fetch
	expect_eq 0 "$status"
	expect_eq "utf-8 ok �� bad" "$(jf charset body < out)"
}

@test "JSON bodies are text" {
	echo "$B/charset/json" | fetch
	expect_eq 'application/json {"k": "café €"}' "$(jf content_type body < out)"
}

@test "content_type is the media type in lowercase, without parameters" {
	echo "$B/charset/upper-ctype" | fetch
	expect_eq "application/rss+xml utf-8" "$(jf content_type charset < out)"
}

@test "binary bodies are refused without --binary: image, octet-stream, NUL bytes" {
	printf '%s\n' "$B/binary" "$B/octet" "$B/nul-text" | fetch
	expect_eq 1 "$status"
	expect_eq "$(printf 'binary <none>\nbinary <none>\nbinary <none>')" "$(jf error_code body < out)"
	grep -q '"error":"binary content (image/png), not kept without --binary"' out
	expect_eq 3 "$(wc -l < err)"
}

@test "--binary keeps binary bodies, base64-encoded" {
	printf '%s\n' "$B/binary" | fetch --binary
	expect_eq 0 "$status"
	expect_eq "base64 <none>" "$(jf body_encoding charset < out)"
	"$PY" -c 'import base64, json, sys
r = json.loads(sys.stdin.readline())
want = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
assert base64.b64decode(r["body"]) == want, "body differs"' < out
}

@test "octet-stream holding a feed is kept as text" {
	echo "$B/octet-feed" | fetch
	expect_eq 0 "$status"
	expect_eq application/octet-stream "$(jf content_type < out)"
	expect_eq "Café €" "$(title < out)"
}

@test "a large binary download is abandoned at its first bytes" {
	head -c 3000000 /dev/zero > "$WWW/big.png"
	echo "$B/static/big.png" | fetch
	expect_eq 1 "$status"
	read -r code ct ms < <(jf error_code content_type elapsed_ms < out)
	expect_eq "binary image/png" "$code $ct"
	[ "$ms" -lt 2000 ]
}

@test "httpd.py serves static fixtures, query variants and .headers sidecars" {
	mkdir -p "$WWW/api"
	echo '{"page":1}' > "$WWW/api/items.json"
	echo '{"page":2}' > "$WWW/api/items.json__since_id_5_x_y"
	printf 'Status: 429\nRetry-After: 7\nX-RateLimit-Remaining: 0\n' > "$WWW/limited.txt.headers"
	echo 'slow down' > "$WWW/limited.txt"
	echo secret > "$WWW/../secret.txt"
	printf '%s\n' "$B/static/api/items.json" "$B/static/api/items.json?since_id=5&x=y" \
	    "$B/static/limited.txt" "$B/static/absent.txt" "$B/static/%2e%2e/secret.txt" |
	    fetch --retries 0
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' \
	    "$B/static/%2e%2e/secret.txt 403 text/plain <none> <none>" \
	    "$B/static/absent.txt 404 text/plain <none> <none>" \
	    "$B/static/api/items.json 200 application/json <none> {\"page\":1}" \
	    "$B/static/api/items.json?since_id=5&x=y 200 application/json <none> {\"page\":2}" \
	    "$B/static/limited.txt 429 text/plain 7 <none>")" \
	    "$(jf url status content_type headers.retry-after body < out | sort)"
}
