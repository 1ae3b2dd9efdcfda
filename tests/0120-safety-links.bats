#!/usr/bin/env bats
# Issue 18, item 7: a link taken from a document is http or https, or is
# left out: javascript:, data:, vbscript:, file: and mailto: never reach
# url, image, links, enclosures or source, whichever parser read the
# document (RSS, Atom, JSON Feed, social JSON, maps, HTML). The one
# exception is the document's own location as the caller gave it (the
# file:// URL of a local file).
load lib

# links_safe [OWN] < ndjson: every link field is http(s) (or OWN); prints
# the number of link values seen
links_safe() {
	"$PY" -c '
import json, re, sys
own = sys.argv[1] if len(sys.argv) > 1 else None
seen = 0
for n, line in enumerate(sys.stdin, 1):
    r = json.loads(line)
    vals = [("url", r.get("url")), ("image", r.get("image"))]
    vals += [("links", l) for l in r.get("links", [])]
    vals += [("enclosures.url", e.get("url")) for e in r.get("enclosures", [])]
    src = r.get("source") if isinstance(r.get("source"), dict) else {}
    vals += [("source.url", src.get("url")), ("source.site_url", src.get("site_url"))]
    for k, v in vals:
        if v is None:
            continue
        seen += 1
        if not re.match(r"https?://", v) and not (own and v == own and k in ("url", "source.url")):
            print("record %d: %s is %r" % (n, k, v), file=sys.stderr)
            sys.exit(1)
print(seen)
' "$@"
}

@test "RSS: javascript:, data:, vbscript:, file: and mailto: links are left out, http(s) ones kept" {
	need veille-parse
	cat >evil.xml <<'XML'
<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Evil</title><link>javascript:alert(document.cookie)</link>
<item><title>one</title><link>javascript:alert(1)</link>
 <enclosure url="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" type="audio/mpeg" length="1"/>
 <media:thumbnail url="vbscript:msgbox(1)"/></item>
<item><title>two</title><link>  JavaScript:alert(2)</link>
 <enclosure url="file:///etc/passwd" type="audio/mpeg"/>
 <enclosure url="mailto:a@b.example" type="audio/mpeg"/>
 <media:content url="http://e.example/ok.jpg" medium="image"/></item>
<item><title>three</title><link>/good</link>
 <enclosure url="https://e.example/a.mp3" type="audio/mpeg"/></item>
</channel></rss>
XML
	veille-parse -b http://e.example/feed evil.xml >out
	expect_eq 3 "$(wc -l <out)"
	links_safe <out >/dev/null
	expect_eq "one <none> <none> <none>" "$(jf title url image enclosures <out | sed -n 1p)"
	expect_eq "two <none> http://e.example/ok.jpg <none>" "$(jf title url enclosures.0.url enclosures.1.url <out | sed -n 2p)"
	expect_eq "three http://e.example/good https://e.example/a.mp3" "$(jf title url enclosures.0.url <out | sed -n 3p)"
	expect_eq "<none> http://e.example/feed" "$(jf source.site_url source.url <out | sed -n 1p)"
}

@test "Atom: a javascript: alternate link and a data: enclosure are left out" {
	need veille-parse
	cat >evil.xml <<'XML'
<feed xmlns="http://www.w3.org/2005/Atom"><title>E</title>
<link rel="alternate" href="vbscript:x"/>
<entry><title>a</title><id>tag:e,1</id><link rel="alternate" href="javascript:alert(1)"/>
<link rel="enclosure" href="data:image/png;base64,AAAA" type="image/png"/></entry>
<entry><title>b</title><id>tag:e,2</id><link rel="alternate" href="https://e.example/b"/></entry>
</feed>
XML
	veille-parse -b http://e.example/feed evil.xml >out
	links_safe <out >/dev/null
	expect_eq "a <none> <none>
b https://e.example/b <none>" "$(jf title url enclosures <out)"
}

@test "JSON Feed: url, external_url, image, banner_image, attachments and home_page_url" {
	need veille-parse
	cat >evil.json <<'JSON'
{"version":"https://jsonfeed.org/version/1.1","title":"E","home_page_url":"javascript:alert(0)",
 "items":[{"id":"1","title":"a","url":"javascript:alert(1)","external_url":"data:text/html,x",
   "image":"vbscript:x","banner_image":"file:///etc/passwd",
   "attachments":[{"url":"javascript:y","mime_type":"audio/mpeg"},{"url":"https://e.example/ok.mp3","mime_type":"audio/mpeg"}]}]}
JSON
	veille-parse -b http://e.example/feed.json evil.json >out
	links_safe <out >/dev/null
	expect_eq "a <none> <none> https://e.example/ok.mp3 <none> <none>" \
	    "$(jf title url image enclosures.0.url enclosures.1.url source.site_url <out)"
}

@test "Mastodon JSON: a javascript: status url and links are left out" {
	need veille-parse
	cat >evil.json <<'JSON'
[{"id":"1","created_at":"2026-11-23T08:00:00.000Z","url":"javascript:alert(1)","uri":"data:text/html,x",
  "content":"<p>see <a href=\"javascript:alert(2)\">this</a> and <a href=\"https://e.example/ok\">that</a></p>",
  "account":{"acct":"alice","url":"https://m.example/@alice","display_name":"Alice"},
  "media_attachments":[{"type":"image","url":"data:image/png;base64,AAAA","preview_url":"vbscript:x"}],
  "card":{"url":"file:///etc/passwd","image":"javascript:z"}}]
JSON
	veille-parse -b https://m.example/api/v1/timelines/tag/x evil.json >out
	expect_eq 1 "$(wc -l <out)"
	links_safe <out >/dev/null
	expect_eq "<none> <none> [\"https://e.example/ok\"]" "$(jfields " " "<none>" 1 url image links <out)"
}

@test "a map (--map): links of any scheme but http(s) are left out" {
	need veille-parse
	echo '{"items":".posts[]","url":".u","title":".t","image":".i"}' >map.json
	echo '{"posts":[{"u":"javascript:alert(1)","t":"a","i":"data:image/png,x"},{"u":"https://e.example/b","t":"b","i":"https://e.example/b.png"}]}' >doc.json
	veille-parse --map map.json -b https://api.example/x doc.json >out
	links_safe <out >/dev/null
	expect_eq "a <none> <none>
b https://e.example/b https://e.example/b.png" "$(jf title url image <out)"
}

@test "--links-only makes no target of a javascript: link" {
	need veille-parse
	printf '<rss><channel><item><title>a</title><link>javascript:alert(1)</link></item><item><title>b</title><link>https://e.example/b</link></item></channel></rss>' >f.xml
	veille-parse --links-only -b http://e.example/feed f.xml >out
	expect_eq "https://e.example/b target" "$(jf url kind <out)"
}

@test "a local file keeps its own file:// location; its relative links need -b" {
	need veille-parse
	printf '<html><head><title>Page</title></head><body><article><p>%s</p></article></body></html>' \
	    "$(printf 'Words of the article, enough of them to count as a text. %.0s' 1 2 3 4 5 6 7 8)" >page.html
	veille-parse page.html >out
	own="file://$(pwd -P)/page.html"
	expect_eq "$own" "$(jget url <out)"
	links_safe "$own" <out >/dev/null
	printf '<rss><channel><item><title>a</title><link>rel/a.html</link></item></channel></rss>' >f.xml
	veille-parse f.xml >out
	expect_eq "<none>" "$(jget url <out)"
	veille-parse -b https://e.example/feed f.xml >out
	expect_eq "https://e.example/rel/a.html" "$(jget url <out)"
}
