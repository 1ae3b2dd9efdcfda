#!/usr/bin/env bats
# veille-parse over the feed formats: RSS 0.91/0.92/2.0, RDF, Atom 0.3/1.0,
# JSON Feed 1.0/1.1, with the extensions veille reads.
load lib

F=$TESTS/data/feeds

@test "RSS 2.0 item: every field, HTML turned into plain text" {
	veille-parse "$F/rss20.xml" >out 2>err
	head -1 out | jget title >actual
	echo "Grève des transports : le point" >expect
	diff -u expect actual
	head -1 out | jget summary >actual
	printf 'Le trafic est perturbé.\n\nSuite.\n' >expect
	diff -u expect actual
	head -1 out | jget content >actual
	printf 'Premier paragraphe.\n\nDeuxième\nligne.\n' >expect
	diff -u expect actual
	expect_eq "Service presse" "$(head -1 out | jget author)"
	expect_eq "2026-11-23T07:15:00Z" "$(head -1 out | jget published)"
	expect_eq '["transports", "social"]' "$(head -1 out | jget categories)"
	expect_eq "https://www.example.gouv.fr/img/greve.jpg" "$(head -1 out | jget enclosures.0.url)"
	expect_eq "12345" "$(head -1 out | jget enclosures.0.length)"
	expect_eq "fr-FR" "$(head -1 out | jget lang)"
	expect_eq "Ministère & Co — actualités" "$(head -1 out | jget source.title)"
}

@test "script and style content never reaches the text" {
	veille-parse "$F/rss20.xml" >out 2>/dev/null
	! grep -q 'steal\|color:red' out || false
}

@test "media:thumbnail gives the image, an item without guid gets a link id" {
	veille-parse "$F/rss20.xml" 2>/dev/null | sed -n 2p >out
	expect_eq "https://www.example.gouv.fr/img/2.jpg" "$(jget image <out)"
	expect_eq "2026-11-22T18:00:00Z" "$(jget published <out)"
}

@test "an unparseable date is left out and reported once, never invented" {
	veille-parse "$F/rss20.xml" >out 2>err
	expect_eq "<none>" "$(sed -n 3p out | jget published)"
	grep -q "rss20.xml: unparseable date 'not a date at all'" err
	expect_eq 1 "$(grep -c unparseable err)"
}

@test "no field is ever null or empty" {
	cat "$F"/*.xml "$F"/*.json >/dev/null
	for f in "$F"/*.xml "$F"/*.json; do veille-parse "$f" 2>/dev/null; done >out || true
	no_nulls <out
	! grep -q '""' out || false
}

@test "RSS 0.91 with a DOCTYPE and ISO-8859-1" {
	veille-parse "$F/rss091.xml" >out
	expect_eq "First & foremost" "$(jget title <out)"
	expect_eq "http://old.example.com/1.html" "$(jget url <out)"
	expect_eq "en-us" "$(jget lang <out)"
}

@test "RSS 0.92 item with only a description and an enclosure" {
	veille-parse "$F/rss092.xml" >out
	expect_eq "Only a description é here" "$(jget summary <out)"
	expect_eq "audio" "$(jget enclosures.0.medium <out)"
	expect_eq '["News"]' "$(jget categories <out)"
}

@test "RSS 1.0 (RDF) with Dublin Core" {
	veille-parse "$F/rdf.xml" >out
	expect_eq "RDF item" "$(jget title <out)"
	expect_eq "Max Mustermann" "$(jget author <out)"
	expect_eq "2004-01-01T18:48:21Z" "$(jget published <out)"
	expect_eq "de" "$(jget lang <out)"
	expect_eq '["Politik"]' "$(jget categories <out)"
}

@test "Atom 1.0: xml:base, xhtml content, html title, text summary kept literal" {
	veille-parse "$F/atom10.xml" >out
	head -1 out >first
	expect_eq "https://blog.example.net/posts/bad-buzz" "$(jget url <first)"
	expect_eq "A bad buzz" "$(jget title <first)"
	expect_eq "Plain <summary> kept literally" "$(jget summary <first)"
	printf 'First para.\n\nSecond para.\n' >expect
	jget content <first >actual
	diff -u expect actual
	expect_eq "Alice" "$(jget author <first)"
	expect_eq "2026-11-20T07:30:00Z" "$(jget published <first)"
	expect_eq "2026-11-20T10:00:00Z" "$(jget updated <first)"
	expect_eq "https://blog.example.net/media/a.mp4" "$(jget enclosures.0.url <first)"
	expect_eq "en" "$(jget lang <first)"
	sed -n 2p out >second
	expect_eq "https://other.example.org/section/page.html" "$(jget url <second)"
	expect_eq "fr" "$(jget lang <second)"
	expect_eq "Bonjour" "$(jget content <second)"
}

@test "Atom 0.3: escaped and base64 content modes, issued and modified" {
	veille-parse "$F/atom03.xml" >out
	expect_eq "Escaped" "$(jget content <out)"
	expect_eq "Base64 summary" "$(jget summary <out)"
	expect_eq "2004-01-01T19:48:21Z" "$(jget published <out)"
	expect_eq "2004-01-02T19:48:21Z" "$(jget updated <out)"
}

@test "JSON Feed 1.1 and 1.0" {
	veille-parse "$F/jsonfeed11.json" >out
	expect_eq "日本語のタイトル 🎉" "$(head -1 out | jget title)"
	expect_eq "Hello JSON" "$(head -1 out | jget content)"
	expect_eq "2026-11-01T01:00:00Z" "$(head -1 out | jget published)"
	expect_eq "https://json.example.com/pod.mp3" "$(head -1 out | jget enclosures.0.url)"
	expect_eq "Someone" "$(sed -n 2p out | jget author)"
	veille-parse "$F/jsonfeed10.json" >out
	expect_eq "Solo" "$(jget author <out)"
	expect_eq "2017-05-17T15:02:12Z" "$(jget published <out)"
}

@test "atom:link inside RSS, and a permalink guid as the link" {
	veille-parse "$F/rss-atomlink.xml" >out
	expect_eq "https://al.example.com/x" "$(head -1 out | jget url)"
	expect_eq "https://al.example.com/y" "$(sed -n 2p out | jget url)"
}

@test "windows-1252: 0x80-0x9F, HTML entities and a bare ampersand" {
	veille-parse "$F/cp1252.xml" >out
	expect_eq "Été – l’été" "$(jget title <out)"
	expect_eq "Café € “ œ" "$(jget source.title <out)"
	expect_eq "Entités é € et AT&T" "$(jget summary <out)"
}

@test "ISO-8859-15 euro sign and UTF-16 both byte orders" {
	expect_eq "Coût: 10 €" "$(veille-parse "$F/latin9.xml" | jget title)"
	expect_eq "Ünïcödé — 中文" "$(veille-parse "$F/utf16le.xml" | jget title)"
	expect_eq "Ünïcödé — 中文" "$(veille-parse "$F/utf16be.xml" | jget title)"
}

@test "the HTTP charset wins over the XML declaration for raw input" {
	printf '<?xml version="1.0" encoding="utf-8"?><rss><channel><item><title>\xe9t\xe9</title></item></channel></rss>' |
		veille-parse --raw >out 2>/dev/null
	# declared utf-8 but invalid: repaired, never a crash
	jget title <out | grep -q 't'
	printf '%s\n' '{"url":"http://x.example/f","charset":"windows-1252","body_encoding":"base64","body":"PHJzcz48Y2hhbm5lbD48aXRlbT48dGl0bGU+6XTpPC90aXRsZT48L2l0ZW0+PC9jaGFubmVsPjwvcnNzPg=="}' |
		veille-parse >out
	expect_eq "été" "$(jget title <out)"
}

@test "XXE: external entities are never loaded" {
	run veille-parse "$F/xxe.xml"
	[ "$status" -eq 0 ]
	! grep -q 'root:' <<<"$output" || false
	expect_eq "Leak:" "$(jget title <<<"$output")"
}

@test "billion laughs: no expansion, finishes at once" {
	SECONDS=0
	run veille-parse "$F/laughs.xml"
	[ "$SECONDS" -lt 5 ]
	! grep -q 'lollollol' <<<"$output" || false
}

@test "a tag with thousands of attributes is refused (libxml2 reads them in quadratic time)" {
	"$PY" -c "import sys; sys.stdout.write('<rss><channel><item><title>A</title></item><item ' + ' '.join('a%d=\"v\"' % i for i in range(50000)) + '><title>B</title></item></channel></rss>')" >atts.xml
	run veille-parse atts.xml
	[ "$status" -eq 1 ]
	grep -q 'atts.xml: not a feed: a tag with more than 1024 attributes' <<<"$output"
	expect_eq not_a_feed "$(jget error_code <<<"${lines[-1]}")"
	# even when the document holds U+E000 (no slicing): still refused
	sed 's/<title>A/<title>\xee\x80\x80A/' atts.xml >atts2.xml
	run veille-parse atts2.xml
	[ "$status" -eq 1 ]
	# a thousand is still read
	"$PY" -c "import sys; sys.stdout.write('<rss><channel><item ' + ' '.join('a%d=\"v\"' % i for i in range(1000)) + '><title>B</title></item></channel></rss>')" >ok.xml
	run veille-parse ok.xml
	[ "$status" -eq 0 ]
	expect_eq B "$(jget title <<<"$output")"
}

@test "a broken feed is recovered: entries after a broken one survive" {
	run veille-parse "$F/broken.xml"
	[ "$status" -eq 0 ]
	expect_eq "Broken feed" "$(jget source.title <<<"${lines[0]}")"
	expect_eq "Second item survives" "$(jget title <<<"${lines[1]}")"
	expect_eq "http://broken.example.com/2" "$(jget url <<<"${lines[1]}")"
}

@test "a document that is not a feed: message naming it, error record, exit 1" {
	run veille-parse "$F/notafeed.xml"
	[ "$status" -eq 1 ]
	grep -q 'notafeed.xml: root element <svg> is not a feed' <<<"$output"
	run veille-parse "$F/garbage.bin"
	[ "$status" -eq 1 ]
	grep -q 'garbage.bin: not XML' <<<"$output"
}

@test "fetch records: labels carried onto items, fetch fields dropped" {
	body=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$F/rss092.xml")
	printf '{"url":"http://example.org/rss","status":200,"tags":["client-x"],"body":%s,"fetched_at":"2026-11-23T10:00:00Z","etag":"\\"e\\""}\n' "$body" |
		veille-parse >out
	expect_eq '["client-x"]' "$(jget tags <out)"
	expect_eq "2026-11-23T10:00:00Z" "$(jget fetched_at <out)"
	expect_eq "http://example.org/rss" "$(jget source.url <out)"
	expect_eq "<none>" "$(jget etag <out)"
	expect_eq "<none>" "$(jget status <out)"
}

@test "fetch records with thousands of fields: carried once each, the first of a key, in linear time" {
	# a record of 5,000 labels (and a source object of 5,000 keys) over a
	# feed of 100 items: each item gets every label once
	"$PY" - >rec.ndjson <<'PYEOF'
import json
body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "F",
                   "items": [{"id": str(i), "title": "t%d" % i} for i in range(100)]})
fields = ['"url":"https://x.example/f"', '"status":200', '"dup":1', '"dup":2', '"title":"carried"']
fields += ['"c%d":%d' % (i, i) for i in range(5000)]
fields += ['"source":{' + ','.join('"s%d":%d' % (i, i) for i in range(5000)) + ',"title":"Mine","s1":"again"}']
fields += ['"body":' + json.dumps(body)]
print('{' + ','.join(fields) + '}')
PYEOF
	veille-parse -q <rec.ndjson >out
	expect_eq 100 "$(wc -l <out)"
	"$PY" - out <<'PYEOF'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert r["dup"] == 1, r["dup"]                       # the first of a key
    assert r["title"].startswith("t"), r["title"]        # the item's own field wins
    assert all(r["c%d" % i] == i for i in range(5000))
    assert "status" not in r and "body" not in r         # fetch fields dropped
    s = r["source"]
    assert s["title"] == "Mine" and s["s1"] == "again" and s["s4999"] == 4999, s["title"]
    assert list(s)[:3] == ["title", "url", "s0"], list(s)[:3]   # merged in place
PYEOF
}

@test "categories: each once, 1000 at most" {
	"$PY" -c 'import json; print(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "F", "items": [{"id": "1", "title": "t", "tags": ["t%d" % (i % 1500) for i in range(3000)]}]}))' >tags.json
	veille-parse tags.json >out
	"$PY" -c 'import json,sys; c = json.load(open(sys.argv[1]))["categories"]; assert c == ["t%d" % i for i in range(1000)], (len(c), c[-1])' out
}

@test "a source label from the target list names the source" {
	body=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$F/rss092.xml")
	printf '{"url":"http://example.org/rss","source":"Presse régionale","body":%s}\n' "$body" | veille-parse >out
	expect_eq "Presse régionale" "$(jget source.name <out)"
	expect_eq "0.92" "$(jget source.title <out)"
	expect_eq "http://example.org/rss" "$(jget source.url <out)"
}

@test "the same entry fetched twice, or read from its file, has the same id" {
	body=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$F/rss20.xml")
	rec='{"url":"https://www.example.gouv.fr/rss.xml","body":'$body'}'
	a=$(printf '%s\n' "$rec" | veille-parse -q | jget id)
	b=$(printf '%s\n%s\n' "$rec" "$rec" | veille-parse -q | jget id | tail -3)
	c=$(veille-parse -q "$F/rss20.xml" | jget id)
	expect_eq "$a" "$b"
	expect_eq "$a" "$c"
	[ "$(sort -u <<<"$a" | wc -l)" -eq 3 ]
}

@test "the id is scoped by feed URL" {
	a=$(veille-parse --base-url http://one.example/feed "$F/rss092.xml" | jget id)
	b=$(veille-parse --base-url http://two.example/feed "$F/rss092.xml" | jget id)
	[ "$a" != "$b" ]
}

@test "relative links resolve against final_url" {
	printf '%s\n' '{"url":"http://a.example/old","final_url":"http://b.example/new/feed","body":"<rss><channel><item><title>t</title><link>../post/1</link></item></channel></rss>"}' |
		veille-parse >out
	expect_eq "http://b.example/post/1" "$(jget url <out)"
}

@test "bad input lines are reported by number, the run goes on, exit 1" {
	{
		echo '{"url":"http://x.example/a","body":"<rss><channel><item><title>one</title></item></channel></rss>"}'
		echo '{"url": broken'
		echo
		echo '[1,2]'
		echo '{"url":"http://x.example/b","body":"<rss><channel><item><title>two</title></item></channel></rss>"}'
	} | veille-parse >out 2>err && false || status=$?
	[ "$status" -eq 1 ]
	expect_eq "one
two" "$(jget title <out)"
	grep -q '^veille-parse: line 2: invalid JSON' err
	grep -q '^veille-parse: line 4: invalid JSON: not an object' err
}

@test "invalid UTF-8 in an input line is repaired and reported" {
	printf '{"url":"http://x.example/a","body":"<rss><channel><item><title>bad \xff byte</title></item></channel></rss>"}\n' |
		veille-parse >out 2>err
	expect_eq "bad � byte" "$(jget title <out)"
	grep -q 'line 1: invalid UTF-8 replaced' err
}

@test "failed fetches pass through, unchanged ones give nothing" {
	printf '%s\n' '{"url":"http://x.example/a","error":"timeout after 1 s","error_code":"timeout"}' \
		'{"url":"http://x.example/b","unchanged":true}' | veille-parse >out
	expect_eq "timeout" "$(jget error_code <out)"
	[ "$(wc -l <out)" -eq 1 ]
}

@test "documents over --max-size are refused with a message" {
	run veille-parse --max-size 100 "$F/rss20.xml"
	[ "$status" -eq 1 ]
	grep -q 'over --max-size' <<<"$output"
}

@test "usage errors exit 2; --help and --version exit 0" {
	run veille-parse --mode bogus
	[ "$status" -eq 2 ]
	grep -q '^usage: veille-parse' <<<"$output"
	run veille-parse --no-such-option
	[ "$status" -eq 2 ]
	run veille-parse --help
	[ "$status" -eq 0 ]
	grep -q -- '--max-size SIZE' <<<"$output"
	run veille-parse -V
	[ "$status" -eq 0 ]
	grep -q '^veille-parse [0-9]' <<<"$output"
}

@test "a write error is reported and fails the run" {
	[ -e /dev/full ] || { echo "no /dev/full" >&2; return 1; }
	run sh -c 'veille-parse "$1" >/dev/full' sh "$F/rss20.xml"
	[ "$status" -eq 1 ]
	grep -q 'write error' <<<"$output"
}

@test "long CDATA sections (read beside libxml2) come out exactly, U+E000 in a feed too" {
	long=$(printf 'mot%.0s ' $(seq 200))
	printf '<rss><channel><item><title><![CDATA[Court & <b>titre</b>]]></title><description><![CDATA[<p>%s</p><p>fin &amp; <script>x()</script>]]></description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">avant <![CDATA[<p>%s</p>]]> après</content:encoded></item></channel></rss>' "$long" "$long" >f.xml
	veille-parse f.xml >out
	expect_eq "Court & titre" "$(jget title <out)"
	expect_eq "$(printf '%s\n\nfin &' "${long% }")" "$(jget summary <out)"
	expect_eq "avant ${long% } après" "$(jget content <out | tr '\n' ' ' | sed 's/  */ /g; s/ $//')"
	# a document holding U+E000 itself is parsed without the shortcut
	sed 's/fin/fin \xee\x80\x80/' f.xml >g.xml
	veille-parse g.xml >out2
	jget summary <out2 | grep -q "fin $(printf '\xee\x80\x80')"
}

@test "long text runs (read beside libxml2) decode like libxml2: references, line ends, markup, entities" {
	long=$(printf 'mot%.0s ' $(seq 40))
	# escaped HTML with references, CRLF line ends, a '>' inside an
	# attribute value before the text, unescaped markup around long text
	printf '<rss><channel><item><title>T</title><link title="a > b">http://x.example/1</link><description>&lt;p&gt;%s&amp;amp; caf&#233; d&#xE9;j&#xe0; &quot;q&quot; &apos;a&apos;&lt;/p&gt;\r\n&lt;p&gt;%s fin&lt;/p&gt;</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><p>%s &amp; <b>gras</b> %s</p></content:encoded></item></channel></rss>' "$long" "$long" "$long" "$long" >f.xml
	veille-parse f.xml >out
	expect_eq "$(printf '%s& café déjà "q" '"'"'a'"'"'\n\n%sfin' "$long" "$long")" "$(jget summary <out)"
	expect_eq "$long& gras ${long% }" "$(jget content <out)"
	expect_eq "http://x.example/1" "$(jget url <out)"
	# an entity declared in the document's own subset is still expanded
	printf '<!DOCTYPE rss [<!ENTITY maison "La Maison">]><rss><channel><item><title>T</title><description>%s &maison; %s</description></item></channel></rss>' "$long" "$long" >g.xml
	veille-parse g.xml >out2
	expect_eq "${long}La Maison ${long% }" "$(jget summary <out2)"
	# a character XML refuses is left to libxml2, which judges the entry
	printf '<rss><channel><item><title>A</title><description>%s \001 %s</description></item><item><title>B</title><description>%s</description></item></channel></rss>' "$long" "$long" "$long" >h.xml
	veille-parse -q h.xml >out3
	expect_eq "B" "$(jget title <out3 | tail -1)"
}

@test "--links-only on a feed: one target record per entry link, to fetch the full articles" {
	veille-parse -q --links-only "$F/rss20.xml" >out
	expect_eq "target target" "$(jget kind <out | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "https://www.example.gouv.fr/actu/greve
https://www.example.gouv.fr/actu/2" "$(jget url <out)"
	expect_eq "Grève des transports : le point" "$(head -1 out | jget title)"
	# the targets go back into veille-fetch as they are
	expect_eq "<none>" "$(jget body <out | sort -u)"
}

@test "an unknown HTTP charset is named in the warning and the body read as UTF-8" {
	printf '%s\n' '{"url":"http://x.example/j","charset":"bogus-cs","body_encoding":"base64","body":"eyJ2ZXJzaW9uIjoiaHR0cHM6Ly9qc29uZmVlZC5vcmcvdmVyc2lvbi8xLjEiLCJpdGVtcyI6W3siaWQiOiIxIiwidGl0bGUiOiJ0In1dfQ=="}' |
		veille-parse >out 2>err
	expect_eq t "$(jget title <out)"
	grep -q "http://x.example/j: unknown charset 'bogus-cs', read as UTF-8" err
}

@test "libcurl is loaded only for a link that needs it, and escapes are written in uppercase" {
	cat >abs.xml <<-'XML'
	<rss version="2.0"><channel><title>t</title>
	<item><title>a</title><link>https://a.example/2026/ann&#xE9;e-%c3%a9t%c3%a9.html</link></item>
	</channel></rss>
	XML
	sed 's|https://a.example/2026/|../2026/|' abs.xml >rel.xml
	LD_DEBUG=libs veille-parse abs.xml >out 2>debug
	! grep -q 'libcurl' debug || false
	expect_eq "https://a.example/2026/ann%C3%A9e-%C3%A9t%C3%A9.html" "$(jget url <out)"
	LD_DEBUG=libs veille-parse -b https://a.example/feeds/x.xml rel.xml >out 2>debug
	grep -q 'libcurl' debug
	expect_eq "https://a.example/2026/ann%C3%A9e-%C3%A9t%C3%A9.html" "$(jget url <out)"
}
