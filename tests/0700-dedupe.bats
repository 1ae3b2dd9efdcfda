#!/usr/bin/env bats
# 0700-dedupe — veille-dedupe on one stream: copies by id, canonical URL
# and text are dropped (or marked), records come out as they came in,
# bad lines are reported and written through.
load lib

# valid_once < ndjson: every line is a JSON object with no key twice.
valid_once() {
	"$PY" -c '
import json, sys
def once(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)): raise ValueError("key twice: %s" % keys)
    return dict(pairs)
for i, l in enumerate(sys.stdin, 1):
    if not isinstance(json.loads(l, object_pairs_hook=once), dict):
        sys.exit("line %d is not an object" % i)
'
}

setup() {
	need veille-dedupe
	need "$PY" "(python3)"
	cat > in.ndjson <<-'EOF'
	{"id":"a1","url":"https://www.example.fr/greve?utm_source=rss","title":"Grève des transports : le point sur la journée de mardi"}
	{"id":"a2","url":"http://example.fr/greve#top","title":"Autre titre"}
	{"id":"a3","url":"https://example.fr/autre","title":"GREVE des transports - le point sur la journee de mardi !"}
	{"id":"a1","title":"re-fetched"}
	{"id":"b1","url":"https://example.fr/b","title":"Une autre histoire, sans rapport avec la grève"}
	EOF
}

@test "copies by id, canonical URL and folded text are dropped; the rest comes out byte for byte" {
	run veille-dedupe < in.ndjson
	expect_eq 0 "$status"
	expect_eq "$(sed -n '1p;5p' in.ndjson)" "$output"
}

@test "--mark keeps every item and names the first copy in duplicate_of" {
	veille-dedupe --mark < in.ndjson > out
	expect_eq 5 "$(wc -l < out)"
	expect_eq "<none> a1 a1 a1 <none>" "$(jget duplicate_of < out | tr '\n' ' ' | sed 's/ $//')"
	valid_once < out
	# the original records, untouched: the lines without the mark are the input's
	expect_eq "$(sed -n '1p;5p' in.ndjson)" "$(grep -v duplicate_of out)"
}

@test "--explain adds the key that matched and the distance" {
	veille-dedupe --explain < in.ndjson > out
	expect_eq "a1:url:0 a1:text:0 a1:id:0" \
	    "$(jfields : - 0 duplicate_of duplicate_key duplicate_distance < out | sed -n '2,4p' | tr '\n' ' ' | sed 's/ $//')"
	valid_once < out
}

@test "a record that has duplicate_of already gets one, not two" {
	printf '%s\n' '{"id":"x","title":"t"}' '{"id":"x","duplicate_of":"old","duplicate_key":"url"}' |
	    veille-dedupe --explain > out
	valid_once < out
	expect_eq "x id" "$(jf duplicate_of duplicate_key < out | sed -n 2p)"
}

@test "a record with a blank before its closing brace is marked into valid JSON" {
	printf '%s\n' '{"url":"https://e.fr/x"}' '{"url":"https://e.fr/x" }' '{"url":"http://e.fr/x"}' |
	    veille-dedupe --mark > out
	valid_once < out
	expect_eq "<none> https://e.fr/x https://e.fr/x" "$(jget duplicate_of < out | tr '\n' ' ' | sed 's/ $//')"
}

@test "a line that is not a JSON object is reported with its number and written through; exit 1" {
	printf '%s\n' '{"id":"a"}' 'not json' '[1,2]' '{"id":"a"}' > bad.ndjson
	run veille-dedupe < bad.ndjson
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' '{"id":"a"}' 'not json' '[1,2]')" "$(printf '%s\n' "$output" | grep -v '^veille-dedupe:')"
	[[ "$output" == *"veille-dedupe: line 2: invalid JSON"* ]]
	[[ "$output" == *"veille-dedupe: line 3: invalid JSON: not an object"* ]]
}

@test "items with an error pass through, never judged copies" {
	printf '%s\n' '{"id":"e","error":"HTTP 500"}' '{"id":"e","error":"HTTP 500"}' > err.ndjson
	run veille-dedupe < err.ndjson
	expect_eq 0 "$status"
	expect_eq "$(cat err.ndjson)" "$output"
}

@test "near copies: a syndicated text under another headline and boilerplate is dropped; another story stays" {
	body='Le gouvernement a présenté mardi un projet de loi sur les retraites qui repousse l âge légal de départ à soixante-quatre ans. Les syndicats ont aussitôt appelé à une journée de grève et de manifestations dans toute la France le jeudi suivant. Selon le ministre du travail, la réforme doit permettre de rétablir l équilibre du système.'
	other='La grève contre la réforme des retraites a fortement perturbé les transports jeudi : un train sur trois circulait et plusieurs lignes de métro étaient fermées. Les cortèges ont réuni des centaines de milliers de manifestants selon les syndicats, et le ministre du travail a dit respecter la mobilisation.'
	{
		printf '{"id":"o","url":"https://a.fr/1","title":"Retraites","content":"%s"}\n' "$body"
		printf '{"id":"s","url":"https://b.fr/2","title":"Le projet de loi présenté","content":"Accueil | Politique | Abonnez-vous. %s © 2026 B. Tous droits réservés."}\n' "$body"
		printf '{"id":"t","url":"https://c.fr/3","summary":"%s…"}\n' "${body:0:160}"
		printf '{"id":"n","url":"https://d.fr/4","title":"Retraites","content":"%s"}\n' "$other"
	} > near.ndjson
	veille-dedupe --explain < near.ndjson > out
	expect_eq "o:- s:o t:o n:-" "$(jfields : - 0 id duplicate_of < out | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "near lead" "$(jget duplicate_key < out | sed -n '2,3p' | tr '\n' ' ' | sed 's/ $//')"
	run veille-dedupe --exact < near.ndjson
	expect_eq 4 "$(printf '%s\n' "$output" | wc -l)"
}

@test "--window N: an item N+1 items back is forgotten" {
	for i in 1 2 3 4 5 6; do printf '{"id":"i%d"}\n' "$i"; done > w.ndjson
	printf '{"id":"i1"}\n{"id":"i6"}\n' >> w.ndjson
	run veille-dedupe --window 5 < w.ndjson
	expect_eq "$(printf '{"id":"i%d"}\n' 1 2 3 4 5 6 1)" "$output"
}

@test "--threshold decides how close a near copy must be" {
	run veille-dedupe --threshold 0 < in.ndjson
	expect_eq 2 "$status"
	run veille-dedupe --threshold 1.5 < in.ndjson
	expect_eq 2 "$status"
	run veille-dedupe --threshold 0.9 < in.ndjson
	expect_eq 0 "$status"
}

@test "usage errors exit 2: --ttl without --state, --window with it, a bad duration" {
	run veille-dedupe --ttl 30d < in.ndjson
	expect_eq 2 "$status"
	run veille-dedupe --state st.db --window 10 < in.ndjson
	expect_eq 2 "$status"
	run veille-dedupe --state st.db --ttl soon < in.ndjson
	expect_eq 2 "$status"
	[[ "$output" == *"--ttl"* ]]
	run veille-dedupe --no-such-option
	expect_eq 2 "$status"
	run veille-dedupe --help
	expect_eq 0 "$status"
	[[ "$output" == *"--state"* ]]
}

@test "a file argument that cannot be read is a usage error, the others are read" {
	run veille-dedupe in.ndjson missing.ndjson
	expect_eq 2 "$status"
	[[ "$output" == *"missing.ndjson"* ]]
	[[ "$output" == *'"b1"'* ]]
}
