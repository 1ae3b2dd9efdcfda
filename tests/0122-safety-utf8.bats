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
