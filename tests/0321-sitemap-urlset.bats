#!/usr/bin/env bats
# 0321-sitemap-urlset — a <urlset> gives one item per <url>: its loc as
# url, its lastmod as updated (a modification date, never published).
load lib

S=$TESTS/data/sitemaps
B=https://www.example.fr/sitemap.xml

json_string() { "$PY" -c 'import json, sys; print(json.dumps(sys.stdin.read()))'; }

@test "one item per url: url and updated from lastmod, no published invented" {
	veille-parse -q -b "$B" "$S/urlset.xml" >out
	expect_eq 4 "$(wc -l <out)"
	expect_eq "https://www.example.fr/actu/greve-sncf 2026-11-23T08:00:00Z <none> $B" \
	    "$(head -1 out | jf url updated published source.url)"
	expect_eq "https://www.example.fr/actu/meteo?jour=lundi&ville=Lyon 2026-11-22T00:00:00Z" \
	    "$(sed -n 2p out | jf url updated)"
	# spaces around a loc are not part of it; no lastmod, no updated
	expect_eq "https://www.example.fr/actu/sans-date <none>" "$(sed -n 3p out | jf url updated)"
}

@test "an unreadable lastmod is left out and reported once" {
	veille-parse -b "$B" "$S/urlset.xml" >out 2>err
	expect_eq "<none>" "$(sed -n 4p out | jget updated)"
	expect_eq 1 "$(grep -c "unparseable date 'hier'" err)"
}

@test "ids are stable and scoped by the sitemap URL" {
	veille-parse -q -b "$B" "$S/urlset.xml" | jf id >a
	veille-parse -q -b "$B" "$S/urlset.xml" | jf id >b
	diff -u a b
	expect_eq 4 "$(sort -u a | wc -l)"
	veille-parse -q -b https://other.example/sitemap.xml "$S/urlset.xml" | jf id >c
	! diff -q a c >/dev/null || false
}

@test "a fetch-result record: items carry its labels and fetched_at" {
	body=$(json_string <"$S/urlset.xml")
	printf '{"url":"%s","fetched_at":"2026-11-23T08:10:00Z","tags":["x"],"body":%s}\n' "$B" "$body" |
	    veille-parse -q >out
	expect_eq "2026-11-23T08:10:00Z [\"x\"]" "$(head -1 out | jfields ' ' '<none>' 1 fetched_at tags)"
}

@test "a sitemap broken in its middle: the URLs before are kept, the break reported, exit 1" {
	{
		printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
		seq 3 | sed 's|.*|<url><loc>https://x.example/&</loc></url>|'
		printf '<url><loc>https://x.example/broken</loc></url\n<url'
	} >broken.xml
	run veille-parse broken.xml
	expect_eq 1 "$status"
	grep -q 'sitemap not well-formed' <<<"$output"
	expect_eq 3 "$(grep -c '"url":"https://x.example/[0-9]"' <<<"$output")"
}

@test "an external entity in a sitemap is never loaded (XXE)" {
	cat >x.xml <<'XML'
<?xml version="1.0"?>
<!DOCTYPE urlset [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.example/&x;</loc></url>
<url><loc>https://x.example/b</loc></url>
</urlset>
XML
	veille-parse -q x.xml >out
	! grep -q 'root:' out || false
	expect_eq "https://x.example/ https://x.example/b" "$(jf url <out | tr '\n' ' ' | sed 's/ $//')"
}

@test "an entity bomb in a sitemap is refused, never expanded: an error record, exit 1" {
	{
		printf '<?xml version="1.0"?>\n<!DOCTYPE urlset [\n<!ENTITY a "%s">\n' "$(printf 'a%.0s' $(seq 80))"
		printf '<!ENTITY b "%s">\n' "$(printf '&a;%.0s' $(seq 20))"
		printf '<!ENTITY c "%s">\n]>\n' "$(printf '&b;%.0s' $(seq 20))"
		printf '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/&c;</loc></url></urlset>\n'
	} >bomb.xml
	run veille-parse bomb.xml
	expect_eq 1 "$status"
	! grep -q aaaa <<<"$output" || false
	grep -q '"error_code":"not_a_feed"' <<<"$output"
}

@test "every record is one valid JSON object without nulls or a key twice" {
	for f in "$S"/*.xml; do veille-parse -q -b "$B" "$f"; done >out
	[ "$(wc -l <out)" -gt 10 ]
	no_nulls <out
	"$PY" -c '
import json, sys
def nodup(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)
for l in open(sys.argv[1]): json.loads(l, object_pairs_hook=nodup)' out
}
