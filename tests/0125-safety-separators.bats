#!/usr/bin/env bats
# Issue 18, item 12: U+2028 and U+2029 are valid JSON, but readers that
# split lines the Unicode way (Python's str.splitlines, JavaScript before
# ES2019) would break a record in two. Every tool writes them escaped.
load lib

# no_raw_separators FILE: neither U+2028 nor U+2029 as raw bytes
no_raw_separators() {
	! grep -q "$(printf '\342\200\250')" "$1" || { echo "raw U+2028 in $1" >&2; return 1; }
	! grep -q "$(printf '\342\200\251')" "$1" || { echo "raw U+2029 in $1" >&2; return 1; }
}

@test "veille-parse writes U+2028 and U+2029 of a feed as \\u2028 and \\u2029" {
	need veille-parse
	printf '<rss><channel><title>T\342\200\250x</title><item><title>a\342\200\250b</title><description>c\342\200\251d \342\200\250\342\200\250</description><link>http://e.example/1</link></item></channel></rss>' >f.xml
	veille-parse -b http://e.example/feed f.xml >out
	no_raw_separators out
	grep -qF '"title":"a\u2028b"' out
	grep -qF '"summary":"c\u2029d \u2028\u2028"' out
	expect_eq 1 "$("$PY" -c 'import sys; print(len(open("out", encoding="utf-8").read().splitlines()))')"
	expect_eq "$(printf 'a\342\200\250b')" "$(jget title <out)"
}

@test "veille-fetch and veille-sources escape them in the fields they pass through" {
	need veille-fetch
	need veille-sources
	printf '{"url":"file:///nonexistent/x","note":"a\342\200\250b\342\200\251c"}\n' >targets
	run veille-fetch --allow-file targets
	printf '%s\n' "$output" >all
	no_raw_separators all
	grep -qF '"note":"a\u2028b\u2029c"' all
	printf '{"url":"https://e.example/feed","note":"a\342\200\250b"}\n' >list
	veille-sources list >out2
	no_raw_separators out2
	grep -qF '"note":"a\u2028b"' out2
}

@test "records without the separators are written byte for byte as before" {
	need veille-parse
	printf '<rss><channel><item><title>Gr\303\250ve \342\200\224 \342\200\246</title><link>http://e.example/1</link></item></channel></rss>' >f.xml
	veille-parse -b http://e.example/feed f.xml >out
	grep -qF "\"title\":\"Gr$(printf '\303\250')ve $(printf '\342\200\224') $(printf '\342\200\246')\"" out
}

@test "a record of 300,000 separators, larger escaped than the output buffer, comes out whole" {
	need veille-parse
	"$PY" -c 'import sys; sys.stdout.write("<rss><channel><item><title>t</title><link>http://e.example/1</link><description>x" + "\u2028\u2029" * 150000 + "y</description></item></channel></rss>")' >f.xml
	veille-parse -b http://e.example/feed f.xml >out
	no_raw_separators out
	expect_eq 1 "$(wc -l <out)"
	expect_eq "$("$PY" -c 'print("x" + "\u2028\u2029" * 150000 + "y")')" "$(jget summary <out)"
}
