#!/usr/bin/env bats
# 0325-sitemap-bomb — a decompression bomb is an error record, never an
# exhausted memory: the decompressed size is bounded by --max-size, and a
# sitemap is decompressed as it is read (peak RSS from /usr/bin/time).
load lib

setup() {
	need gzip
	memory_setup
}

# bomb FILE MB: a sitemap whose root holds MB megabytes of empty elements
# after one URL (about 1 MB compressed per GB).
bomb() {
	"$PY" -c '
import gzip, sys
with gzip.open(sys.argv[1], "wb", 9) as f:
    f.write(b"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            b"<url><loc>https://x.example/1</loc></url>")
    chunk = b"<x/>" * (1 << 18)
    for i in range(int(sys.argv[2])): f.write(chunk)
    f.write(b"</urlset>")' "$1" "$2"
}

@test "a 1 MB gzip sitemap of 1 GB: too_large past --max-size, the URL before kept, small peak" {
	bomb bomb.xml.gz 1024
	[ "$(wc -c <bomb.xml.gz)" -lt 2000000 ]
	peak_mb veille-parse bomb.xml.gz >out 2>err
	expect_eq 1 "$status"
	expect_eq "https://x.example/1" "$(head -1 out | jget url)"
	expect_eq "too_large" "$(tail -n 1 out | jget error_code)"
	grep -q 'decompresses to more than 33554432 bytes (--max-size)' err
	echo "peak $(cat peak) MB" >&3
	[ "$(cat peak)" -lt $((32 * scale)) ]
}

@test "--max-size sets the bound: the same sitemap within it is read to its end" {
	bomb small.xml.gz 8
	veille-parse small.xml.gz >out
	expect_eq 1 "$(wc -l <out)"
	run veille-parse --max-size 4M small.xml.gz
	expect_eq 1 "$status"
	expect_eq "too_large" "$(tail -n 1 <<<"$output" | jget error_code)"
}

@test "a compressed document that is not a sitemap is bounded the same way" {
	head -c 200000000 /dev/zero | gzip >zeros.gz
	peak_mb veille-parse zeros.gz >out 2>err
	expect_eq 1 "$status"
	expect_eq "too_large" "$(jget error_code <out)"
	[ "$(cat peak)" -lt $((100 * scale)) ]
}

@test "a huge text node inside a compressed sitemap is an error record, not an exhausted memory" {
	"$PY" -c '
import gzip
with gzip.open("text.xml.gz", "wb", 9) as f:
    f.write(b"<urlset><url><loc>https://x.example/1</loc></url><url><loc>https://x.example/")
    for i in range(30): f.write(b"a" * (1 << 20))
    f.write(b"</loc></url></urlset>")'
	run veille-parse text.xml.gz
	expect_eq 1 "$status"
	expect_eq "too_large" "$(tail -n 1 <<<"$output" | jget error_code)"
}
