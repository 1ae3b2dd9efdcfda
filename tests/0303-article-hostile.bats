#!/usr/bin/env bats
# veille-parse on hostile or broken HTML (issue 4): never a crash, never a
# hang; "no main text found" with a message, and the item still carries
# the metadata found, with error/error_code. Inputs are generated here.
load lib

# run_page FILE: parse as --raw HTML, bounded in time; status in $rc
run_page() {
	rc=0
	timeout 120 veille-parse --raw --mode html --base-url https://ex.example/p "$@" <"$PAGE" >out 2>err || rc=$?
}

# no_text WHY: one record, error_code no_main_text, the reason in it and on stderr, exit 1
no_text() {
	expect_eq 1 "$rc"
	expect_eq 1 "$(wc -l <out)"
	expect_eq "no_main_text" "$(jget error_code <out)"
	expect_eq "no main text found: $1" "$(jget error <out)"
	grep -q "veille-parse: stdin: no main text found: $1" err
	no_nulls <out
}

gen() {
	PAGE=$BATS_TEST_TMPDIR/page.html
	"$PY" -c "$1" >"$PAGE"
}

ART='("<p>" + "A sentence of the article, with commas, and more words to read. " * 8 + "</p>")'

@test "100,000 nested <div>s: no crash, no hang, 'nested too deeply'" {
	need veille-parse
	gen "import sys; sys.stdout.write('<html><body>' + '<div>' * 100000 + $ART * 3 + '</div>' * 100000)"
	run_page
	no_text "elements nested too deeply"
}

@test "100,000 nested inline elements and 5,000 nested tables" {
	need veille-parse
	gen "import sys; sys.stdout.write('<p>' + '<b><i>' * 50000 + 'text, text, text, text, text' + '</i></b>' * 50000)"
	run_page
	no_text "elements nested too deeply"
	gen "import sys; sys.stdout.write('<table><tr><td>' * 5000 + $ART + '</td></tr></table>' * 5000)"
	run_page
	no_text "elements nested too deeply"
}

@test "text before deep nesting is still found" {
	need veille-parse
	gen "import sys; sys.stdout.write('<html><body><article>' + $ART * 4 + '</article>' + '<div>' * 100000 + 'x')"
	run_page
	expect_eq 0 "$rc"
	grep -q "A sentence of the article" out
	expect_eq "<none>" "$(jget error <out)"
}

@test "300,000 unclosed <svg> tags after an article: found, no hang" {
	# each unclosed <svg> made the pre-pass look for "</svg" to the end
	# of the page: quadratic, minutes for this page
	need veille-parse
	gen "import sys; sys.stdout.write('<html><body><article>' + $ART * 4 + '</article>' + '<svg>' * 300000 + '</body></html>')"
	run_page
	expect_eq 0 "$rc"
	grep -q "A sentence of the article" out
}

@test "megabytes of inline script around a short article" {
	need veille-parse
	gen "import sys; sys.stdout.write('<html><head><script>' + 'var s = \"<p>not text, not text, not text, not text</p>\";\n' * 120000 + '</script></head><body><article>' + $ART * 3 + '</article><script>' + 'x=1;' * 500000 + '</script></body></html>')"
	[ "$(wc -c <"$PAGE")" -gt 6000000 ]
	run_page
	expect_eq 0 "$rc"
	! grep -q "not text" out || false
	expect_eq 3 "$(jget content <out | grep -c 'A sentence')"
}

@test "broken markup: unclosed tags, stray end tags, bad attributes" {
	need veille-parse
	gen "import sys; sys.stdout.write('<html><body><div class=x><p>Unclosed <b>bold <i>italic <div><p>' + $ART * 2 + '</td></tr></table></span><p attr=noquote other=\'x>' + $ART + '<<<>>> </html> trailing ' + $ART)"
	run_page
	expect_eq 0 "$rc"
	grep -q "A sentence of the article" out
}

@test "empty, blank, binary and NUL-ridden documents" {
	need veille-parse
	PAGE=$BATS_TEST_TMPDIR/empty.html
	: >"$PAGE"
	run_page
	# no byte at all is an empty document (veille(7), ERROR CODES)
	expect_eq 1 "$rc"
	expect_eq "empty" "$(jget error_code <out)"
	grep -q "veille-parse: stdin: empty document" err
	printf '  \n\t \n' >"$PAGE"
	run_page
	no_text "empty document"
	head -c 200000 /dev/urandom >"$PAGE"
	run_page
	no_text "binary data, not an HTML page"
	"$PY" -c 'import sys; sys.stdout.buffer.write(b"<p>" + b"abc\x00def " * 1000 + b"</p>")' >"$PAGE"
	run_page
	no_text "binary data, not an HTML page"
}

@test "600,000 elements: refused before building the tree" {
	need veille-parse
	gen "import sys; sys.stdout.write('<html><body>' + '<p>x</p>' * 600000)"
	run_page
	no_text "too many elements"
}

@test "a page with no text still gives its metadata, with the error" {
	need veille-parse
	PAGE=$BATS_TEST_TMPDIR/nav.html
	cat >"$PAGE" <<'P'
<html lang="en"><head><title>Photo gallery | Site</title><meta property="og:image" content="/g.jpg"><meta property="og:site_name" content="Site"></head>
<body><nav><a href="/a">Home</a> <a href="/b">News</a></nav><div class="gallery"><img src="1.jpg"><img src="2.jpg"></div></body></html>
P
	run_page
	no_text "no text block found"
	expect_eq "Photo gallery" "$(jget title <out)"
	expect_eq "https://ex.example/g.jpg" "$(jget image <out)"
	expect_eq "en" "$(jget lang <out)"
	expect_eq "<none>" "$(jget content <out)"
}

@test "--max-size refuses a larger document with an error record" {
	need veille-parse
	gen "import sys; sys.stdout.write('<html><body>' + $ART * 100 + '</body></html>')"
	run_page --max-size 10k
	expect_eq 1 "$rc"
	expect_eq "too_large" "$(jget error_code <out)"
}

@test "a stream of pages: a hostile one does not stop the others" {
	need veille-parse
	"$PY" - >recs <<'PYREC'
import json
art = "<p>" + "A sentence of the article, with commas, and more words to read. " * 8 + "</p>"
pages = ["<article>" + art * 2 + "</article>", "<div>" * 50000, "", "<article>" + art + "</article>"]
for i, p in enumerate(pages):
    print(json.dumps({"url": "https://ex.example/%d" % i, "content_type": "text/html", "body": p}))
PYREC
	rc=0
	timeout 120 veille-parse <recs >out 2>err || rc=$?
	expect_eq 1 "$rc"
	expect_eq 4 "$(wc -l <out)"
	jget error_code <out >codes
	printf '<none>\nno_main_text\nempty\n<none>\n' >expect
	diff -u expect codes
}
