#!/usr/bin/env bats
# 0326-sitemap-large — a hostile sitemap of a million URLs is read in flat
# memory: one <url> at a time (lib/sitemap.c, libxml2's reader), and when
# compressed, decompressed as it is read. Peak RSS from /usr/bin/time;
# under ASan (VEILLE_BUILD=asan) the bounds are doubled.
load lib

setup_file() {
	need gzip
	# sitemap N FILE: N URLs with a lastmod each (83 MB for a million)
	for n in 100000 1000000; do
		{
			printf '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
			seq "$n" | sed 's|.*|<url><loc>https://www.example.fr/a/&</loc><lastmod>2026-11-23</lastmod></url>|'
			printf '</urlset>\n'
		} >"$BATS_FILE_TMPDIR/s$n.xml"
		gzip -c "$BATS_FILE_TMPDIR/s$n.xml" >"$BATS_FILE_TMPDIR/s$n.xml.gz"
	done
}

setup() {
	memory_setup
}

@test "a compressed sitemap of a million URLs: every URL out, peak under 32 MB" {
	peak_mb veille-parse -q --max-size 1G "$BATS_FILE_TMPDIR/s1000000.xml.gz" >out
	expect_eq 0 "$status"
	expect_eq 1000000 "$(wc -l <out)"
	expect_eq "https://www.example.fr/a/1000000 2026-11-23T00:00:00Z" "$(tail -n 1 out | jf url updated)"
	echo "peak $(cat peak) MB" >&3
	[ "$(cat peak)" -lt $((32 * scale)) ]
	cp peak "$BATS_FILE_TMPDIR/peak1m"
}

@test "memory is flat: a million URLs cost what a hundred thousand cost, within 4 MB" {
	peak_mb veille-parse -q --max-size 1G "$BATS_FILE_TMPDIR/s100000.xml.gz" >/dev/null
	expect_eq 0 "$status"
	small=$(cat peak)
	big=$(cat "$BATS_FILE_TMPDIR/peak1m")
	echo "100k: $small MB, 1M: $big MB" >&3
	[ "$big" -le $((small + 4 * scale)) ]
}

@test "an uncompressed sitemap of a million URLs (83 MB) peaks at its size plus a little" {
	size=$(( $(wc -c <"$BATS_FILE_TMPDIR/s1000000.xml") / 1048576 ))
	peak_mb veille-parse -q --max-size 1G "$BATS_FILE_TMPDIR/s1000000.xml" >out
	expect_eq 0 "$status"
	expect_eq 1000000 "$(wc -l <out)"
	echo "document $size MB, peak $(cat peak) MB" >&3
	[ "$(cat peak)" -lt $(( (size + 24) * scale )) ]
}
