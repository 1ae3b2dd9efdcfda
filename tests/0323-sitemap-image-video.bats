#!/usr/bin/env bats
# 0323-sitemap-image-video — the image and video extensions of sitemaps:
# enclosures, the lead image, and a video's title, description and date.
load lib

S=$TESTS/data/sitemaps
B=https://www.example.fr/sitemap-video.xml

@test "video: title, summary, published, tags as categories, thumbnail as image" {
	veille-parse -q -b "$B" "$S/video.xml" | head -1 >out
	expect_eq "Grève : les images" "$(jget title <out)"
	expect_eq "Les quais vides à <Lyon>." "$(jget summary <out)"
	expect_eq "2026-11-23T07:00:00Z" "$(jget published <out)"
	expect_eq '["grève","SNCF"]' "$(jfields ' ' '<none>' 1 categories <out)"
	expect_eq "https://img.example.fr/thumbs/greve.jpg" "$(jget image <out)"
}

@test "video: the file is the enclosure, else the player page" {
	veille-parse -q -b "$B" "$S/video.xml" >out
	expect_eq '[{"medium":"video","url":"https://media.example.fr/greve.mp4"}]' \
	    "$(head -1 out | jfields ' ' '<none>' 1 enclosures)"
	expect_eq "https://www.example.fr/player?v=2 video" "$(sed -n 2p out | jf enclosures.0.url enclosures.0.medium)"
}

@test "images: each an enclosure once, the first the image, other schemes left out" {
	veille-parse -q -b "$B" "$S/video.xml" | sed -n 3p >out
	expect_eq '[{"medium":"image","url":"https://img.example.fr/1.jpg"},{"medium":"image","url":"https://img.example.fr/2.jpg"}]' \
	    "$(jfields ' ' '<none>' 1 enclosures <out)"
	expect_eq "https://img.example.fr/1.jpg" "$(jget image <out)"
	! grep -q 'data:' out || false
}

@test "enclosures are bounded: 100 at most from one URL" {
	{
		printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc>https://x.example/a</loc>'
		seq 3000 | sed 's|.*|<image:image><image:loc>https://img.example/&.jpg</image:loc></image:image>|'
		printf '</url></urlset>\n'
	} >many.xml
	veille-parse -q many.xml >out
	expect_eq 100 "$("$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["enclosures"]))' <out)"
}
