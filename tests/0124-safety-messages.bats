#!/usr/bin/env bats
# Issue 18, item 8: a diagnostic that quotes input shows its control
# characters escaped (\x1b, \x07) and is cut to a readable length, so a
# hostile feed or target list cannot retitle or recolour the analyst's
# terminal, nor flood it. Through lib/msg.h in every tool.
load lib

# clean FILE: no control character (C0 but newline and tab, DEL, C1), lines of 500
# bytes at most
clean() {
	"$PY" -c '
import sys
data = open(sys.argv[1], "rb").read()
bad = [c for c in data if (c < 32 and c not in (9, 10)) or c == 127]
if bad: sys.exit("control bytes on stderr: %r" % bytes(bad[:10]))
text = data.decode("utf-8", "replace")
if any(0x80 <= ord(c) <= 0x9f for c in text): sys.exit("C1 control characters on stderr")
long = [len(l) for l in data.split(b"\n") if len(l) > 500]
if long: sys.exit("stderr lines of %r bytes" % long)
' "$1"
}

@test "veille-fetch: an ESC/BEL target is reported escaped" {
	need veille-fetch
	printf '{"url":"x\\u001b]0;pwned\\u0007y"}\n' >targets
	veille-fetch targets >out 2>err || true
	clean err
	grep -qF 'x\x1b]0;pwned\x07y' err
}

@test "veille-fetch: a 100 KB target line is cut in the message, which keeps its reason" {
	need veille-fetch
	"$PY" -c 'print("gopher://e.example/" + "a" * 100000)' >targets
	veille-fetch <targets >out 2>err || true
	clean err
	grep -q '^veille-fetch: line 1: gopher://e.example/aaa.*\.\.\.: ' err
	expect_eq 1 "$(wc -l <err)"
}

@test "veille-parse: a hostile URL, date and invalid JSON line are reported escaped" {
	need veille-parse
	{
		printf '{"url":"https://e.example/\\u001b]0;pwned\\u0007","body":"<rss><channel><item><title>t</title><pubDate>re\\u009b31md</pubDate></item></channel></rss>"}\n'
		printf '{"url": \033]0;x\007}\n'
		printf '{"url":"https://e.example/%s","body":"<html>"}\n' "$("$PY" -c 'print("\\u001b" * 50000)')"
	} >in
	veille-parse <in >out 2>err || true
	clean err
	grep -qF 'https://e.example/\x1b]0;pwned\x07: unparseable date '"'"'re\x9b31md'"'" err
	grep -qF "line 2: invalid JSON at byte 10: near ']0;x\\x07}'" err
}

@test "veille-sources: a hostile line is quoted escaped and short" {
	need veille-sources
	{ printf 'nonsense:\033[31mred\007\n'; "$PY" -c 'print("nope:" + "\x1b" * 100000)'; } >list
	veille-sources list >out 2>err || true
	clean err
	grep -qF "line 1: cannot understand 'nonsense:\\x1b[31mred\\x07': unknown preset 'nonsense'" err
	grep -q "line 2: cannot understand 'nope:\\\\x1b.*\.\.\.': unknown preset" err
}
