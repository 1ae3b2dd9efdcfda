#!/usr/bin/env bats
# Issue 18, item 9: invalid UTF-8 is replaced by U+FFFD and reported on
# stderr, once per document, naming the file or URL (veille(7)); the
# document is still parsed and the exit status stays 0.
load lib

@test "a feed of more than 64 KiB without a declaration, a character across the 64 KiB mark, is read as UTF-8" {
	need veille-parse
	# 29 bytes, then 2 a character: the 64 KiB mark falls inside one
	"$PY" -c 'import sys; sys.stdout.buffer.write(("<rss><channel><item><title>" + "xx" + "é" * 40000 + "</title><link>http://e.example/1</link></item></channel></rss>").encode())' >f.xml
	"$PY" -c 'import sys; d=open("f.xml","rb").read(); sys.exit(0 if d[65536] & 0xC0 == 0x80 else 1)'
	veille-parse -b http://e.example/feed f.xml >out 2>err
	expect_eq "xx$("$PY" -c 'print("é" * 40000)')" "$(jget title <out)"
	expect_eq "" "$(cat err)"
}

@test "veille-parse reports invalid UTF-8 in a file once, naming it, and still parses it (exit 0)" {
	need veille-parse
	printf '<?xml version="1.0" encoding="UTF-8"?><rss><channel><item><title>Gr\350ve</title><description>d\377\376</description><link>http://e.example/1</link></item></channel></rss>' >f.xml
	run veille-parse -b http://e.example/feed f.xml
	expect_eq 0 "$status"
	expect_eq "veille-parse: f.xml: invalid UTF-8 replaced by U+FFFD (3 sequences)" "$(printf '%s\n' "${lines[@]}" | grep -v '^{')"
	expect_eq "Gr$(printf '\357\277\275')ve" "$(printf '%s\n' "${lines[@]}" | grep '^{' | jget title)"
}

@test "a base64 body in a fetch record: reported with the record's URL" {
	need veille-parse
	body=$(printf '<?xml version="1.0" encoding="UTF-8"?><rss><channel><item><title>Gr\350ve</title></item></channel></rss>' | base64 -w0)
	printf '{"url":"https://e.example/feed","body":"%s","body_encoding":"base64"}\n' "$body" >in
	veille-parse <in >out 2>err
	expect_eq "veille-parse: https://e.example/feed: invalid UTF-8 replaced by U+FFFD (1 sequence)" "$(cat err)"
	expect_eq 1 "$(wc -l <out)"
}

@test "veille-fetch reports invalid UTF-8 in a body once, with the URL, and keeps the record" {
	need veille-fetch
	printf '<?xml version="1.0" encoding="utf-8"?><rss><channel><item><title>Gr\350ve \350</title></item></channel></rss>' >f.xml
	url="file://$(pwd -P)/f.xml"
	veille-fetch --allow-file <<<"$url" >out 2>err
	expect_eq "veille-fetch: $url: invalid UTF-8 replaced by U+FFFD (2 sequences)" "$(cat err)"
	expect_eq "utf-8" "$(jget charset <out)"
	grep -qF "Gr$(printf '\357\277\275')ve" out
}

@test "a clean document in UTF-8 or windows-1252 gives no message" {
	need veille-parse
	need veille-fetch
	printf '<?xml version="1.0" encoding="windows-1252"?><rss><channel><item><title>Gr\350ve \223oui\224</title></item></channel></rss>' >w.xml
	printf '<rss><channel><item><title>Gr\303\250ve</title></item></channel></rss>' >u.xml
	veille-parse -b http://e.example/feed w.xml u.xml >out 2>err
	expect_eq "" "$(cat err)"
	expect_eq 2 "$(wc -l <out)"
	printf 'file://%s/w.xml\nfile://%s/u.xml\n' "$(pwd -P)" "$(pwd -P)" | veille-fetch --allow-file >out 2>err
	expect_eq "" "$(cat err)"
}
