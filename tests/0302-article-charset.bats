#!/usr/bin/env bats
# veille-parse on HTML pages in other encodings than UTF-8 (issue 4):
# <meta charset>, <meta http-equiv Content-Type>, no declaration at all,
# a BOM, and the charset of a fetch-result record. The fixtures hold the
# same French text; in windows-1252 the curly quotes and the euro sign
# are bytes 0x93 0x94 0x92 0x80, which ISO-8859-1 labels also mean.
load lib

H=$TESTS/data/html
WANT_TITLE="Café : la hausse"
WANT_TEXT="Le café “crème” coûte 2 €, l’addition est salée pour les étudiants du quartier, qui protestent.

Les gérants répondent que le prix du lait a doublé en un an, et que la hausse était inévitable."

check() {
	expect_eq "$WANT_TITLE" "$(jget title <out)"
	expect_eq "$WANT_TEXT" "$(jget content <out)"
	! grep -q $'\xef\xbf\xbd' out || false   # no U+FFFD
}

@test "<meta charset=windows-1252>" {
	need veille-parse
	veille-parse --raw --mode html --base-url https://ex.example/cafe <"$H/cp1252-meta.html" >out
	check
}

@test "<meta http-equiv=Content-Type ... charset=iso-8859-1> is read as windows-1252" {
	need veille-parse
	veille-parse --raw --mode html --base-url https://ex.example/cafe <"$H/latin1-httpequiv.html" >out
	check
}

@test "no declaration and bytes that are not UTF-8: windows-1252" {
	need veille-parse
	veille-parse --raw --mode html --base-url https://ex.example/cafe <"$H/cp1252-nodecl.html" >out
	check
}

@test "a UTF-8 BOM wins over a <meta charset> that says otherwise" {
	need veille-parse
	veille-parse --raw --mode html --base-url https://ex.example/cafe <"$H/bom-utf8.html" >out
	check
}

@test "auto mode recognises an HTML page given as a file" {
	need veille-parse
	veille-parse "$H/cp1252-meta.html" >out
	check
}

@test "fetch-result record: base64 body decoded with the HTTP charset" {
	need veille-parse
	need base64
	b=$(base64 -w0 <"$H/cp1252-nodecl.html")
	printf '{"url":"https://ex.example/cafe","status":200,"content_type":"text/html","charset":"windows-1252","body_encoding":"base64","body":"%s"}\n' "$b" >rec
	veille-parse <rec >out
	check
}

@test "fetch-result record: the HTTP charset wins over <meta charset>" {
	need veille-parse
	need iconv
	# the page says windows-1252 but the server sent ISO-8859-15 (euro at 0xA4)
	iconv -f UTF-8 -t ISO-8859-15 <<<'<html><head><meta charset="windows-1252"><title>Prix</title></head><body><div class="article-body"><p>Le menu du jour coûte désormais 15 € au lieu de 12 €, une hausse que le patron justifie par la flambée des prix.</p></div></body></html>' >p.html
	b=$(base64 -w0 <p.html)
	printf '{"url":"https://ex.example/prix","status":200,"content_type":"text/html","charset":"iso-8859-15","body_encoding":"base64","body":"%s"}\n' "$b" >rec
	veille-parse <rec >out
	expect_eq "Le menu du jour coûte désormais 15 € au lieu de 12 €, une hausse que le patron justifie par la flambée des prix." "$(jget content <out)"
}

@test "fetch-result record: a text body is UTF-8 already, whatever its <meta> says" {
	need veille-parse
	"$PY" -c '
import json
body = "<html><head><meta charset=\"windows-1252\"><title>Été</title></head><body><div class=\"article-body\"><p>Un été très chaud, avec des températures records, a marqué la région, selon le service météo.</p></div></body></html>"
print(json.dumps({"url": "https://ex.example/ete", "content_type": "text/html", "body": body}))' >rec
	veille-parse <rec >out
	expect_eq "Été" "$(jget title <out)"
	expect_eq "Un été très chaud, avec des températures records, a marqué la région, selon le service météo." "$(jget content <out)"
}
