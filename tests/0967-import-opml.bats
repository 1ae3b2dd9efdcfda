#!/usr/bin/env bats
# veille import-opml: a feed reader's OPML export into a source list;
# folders become group labels; hostile documents are refused, saying why.
bats_require_minimum_version 1.5.0
load lib

OPML=$BATS_TEST_DIRNAME/data/opml

@test "feeds become target records: title, site, and the folders as group" {
	run --separate-stderr veille import-opml "$OPML/simple.opml"
	expect_eq 0 "$status"
	expect_eq "" "$stderr"
	expect_eq "# veille import-opml $OPML/simple.opml
{\"url\":\"https://blog.example/rss\",\"source\":{\"title\":\"Le blog\",\"site_url\":\"https://blog.example/\"},\"group\":\"Tech\"}
{\"url\":\"https://presse.example/feed\",\"source\":{\"title\":\"Presse\"}}" "$output"
}

@test "nested folders join with /, a feed listed twice is kept once, what is not a feed is named" {
	run --separate-stderr veille import-opml "$OPML/feedreader.opml"
	expect_eq 1 "$status"
	printf '%s\n' "$output" | grep -v '^#' > sources.txt
	expect_eq "https://journal-ouest.example/rss|Journal de l'Ouest & Co|https://journal-ouest.example/|Presse/Régionale
https://quotidien.example/feed.xml|Le Quotidien|-|Presse/Régionale
https://presse-eco.example/atom|Presse éco|-|Presse
http://blog-tech.example/index.atom|Blog tech|-|-" \
	    "$(jfields '|' - 0 url source.title source.site_url group < sources.txt)"
	expect_eq "veille import-opml: $OPML/feedreader.opml: line 17: https://journal-ouest.example/rss is listed again: kept once, where it came first
veille import-opml: $OPML/feedreader.opml: line 18: outline 'Site du concurrent' has no xmlUrl (not a feed): skipped
veille import-opml: $OPML/feedreader.opml: line 19: outline 'Piège': xmlUrl javascript:alert(1) is not http or https: skipped" "$stderr"
}

@test "the source list it writes is one veille-sources reads, labels carried" {
	veille import-opml "$OPML/simple.opml" > sources.txt
	veille-sources sources.txt > targets
	expect_eq "https://blog.example/rss Le blog Tech
https://presse.example/feed Presse <none>" "$(jf url source.title group < targets)"
}

@test "standard input is read with -" {
	veille import-opml - < "$OPML/simple.opml" > out
	expect_eq "# veille import-opml stdin" "$(head -1 out)"
	expect_eq 3 "$(wc -l < out)"
}

@test "a document that is not XML, not OPML, or has no feed is refused, saying why" {
	printf 'hello world' > a.opml
	run --separate-stderr veille import-opml a.opml
	expect_eq 1 "$status"
	expect_eq "" "$output"
	expect_eq "veille import-opml: a.opml: line 1: not an OPML document (not XML: Start tag expected, '<' not found)" "$stderr"
	printf '<opml>\n<body>\n<outline text="x" xmlUrl="https://a.example/">\n</body></opml>\n' > b.opml
	run --separate-stderr veille import-opml b.opml
	expect_eq 1 "$status"
	[[ "$stderr" == "veille import-opml: b.opml: line 4: not an OPML document (not XML: "* ]]
	echo '<rss><channel/></rss>' > c.opml
	run veille import-opml c.opml
	expect_eq 1 "$status"
	expect_eq "veille import-opml: c.opml: not an OPML document (its root is not <opml>)" "$output"
	echo '<opml version="2.0"><head/></opml>' > d.opml
	run veille import-opml d.opml
	expect_eq "veille import-opml: d.opml: not an OPML document (no <body>)" "$output"
	echo '<opml version="2.0"><body><outline text="Vide"/></body></opml>' > e.opml
	run veille import-opml e.opml
	expect_eq 1 "$status"
	expect_eq "veille import-opml: e.opml: no feed in this OPML document" "$output"
}

@test "entities are refused: an expansion bomb, an external file, a declared one" {
	{
		echo '<?xml version="1.0"?>'
		echo '<!DOCTYPE opml ['
		echo '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
		for e in b c d e f g h; do
			p=$(printf '%s' "$e" | tr 'b-h' 'a-g')
			printf '<!ENTITY %s "%s">\n' "$e" "$(printf "&$p;%.0s" $(seq 20))"
		done
		echo ']>'
		echo '<opml version="2.0"><body><outline text="&h;" xmlUrl="https://x.example/&h;"/></body></opml>'
	} > bomb.opml
	run --separate-stderr timeout 10 veille import-opml bomb.opml
	expect_eq 1 "$status"
	expect_eq "" "$output"
	[[ "$stderr" == *"bomb.opml: line 12: not an OPML document (not XML: "* ]]
	printf '%s\n' '<?xml version="1.0"?>' '<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>' \
		'<opml version="2.0"><body><outline text="&x;" xmlUrl="https://x.example/"/></body></opml>' > xxe.opml
	run --separate-stderr veille import-opml xxe.opml
	expect_eq 1 "$status"
	! grep -q root <<<"$output" || false
	[[ "$stderr" == *"xxe.opml: line 3: not an OPML document (not XML: "*"external entity 'x')" ]]
	printf '%s\n' '<!DOCTYPE opml [<!ENTITY t "Titre">]>' \
		'<opml version="2.0"><body><outline text="&t;" xmlUrl="https://x.example/"/></body></opml>' > decl.opml
	run --separate-stderr veille import-opml decl.opml
	expect_eq 1 "$status"
	expect_eq "" "$output"
	expect_eq "veille import-opml: decl.opml: declares entities (an OPML document needs none): not read" "$stderr"
}

@test "a huge or deep document is refused, and a missing file is a usage error" {
	head -c 17000000 /dev/zero | tr '\0' ' ' > huge.opml
	run veille import-opml huge.opml
	expect_eq 1 "$status"
	expect_eq "veille import-opml: huge.opml: larger than 16 MB: not read" "$output"
	"$PY" -c 'print("<opml><body>" + "<outline text=\"x\">" * 5000 + "</outline>" * 5000 + "</body></opml>")' > deep.opml
	run --separate-stderr veille import-opml deep.opml
	expect_eq 1 "$status"
	[[ "$stderr" == *"deep.opml: line 1: not an OPML document (not XML: Excessive depth"* ]]
	run veille import-opml nowhere.opml
	expect_eq 2 "$status"
	expect_eq "veille import-opml: nowhere.opml: No such file or directory" "$output"
	run veille import-opml
	expect_eq 2 "$status"
	[[ "$output" == *"usage: veille import-opml file"* ]]
	run veille import-opml a b
	expect_eq 2 "$status"
}
