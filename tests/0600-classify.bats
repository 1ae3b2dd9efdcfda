#!/usr/bin/env bats
# veille-classify: rules files (and their errors), the fields it adds,
# every option, bad lines and error records passed through, and every
# output line valid JSON with no key twice.
load lib
bats_require_minimum_version 1.5.0

# valid_json < ndjson: every line one JSON object, no key twice anywhere.
valid_json() {
	"$PY" -c '
import json, sys
def pairs(p):
    keys = [k for k, _ in p]
    if len(keys) != len(set(keys)):
        raise ValueError("key twice: %r" % keys)
    return dict(p)
for n, line in enumerate(sys.stdin, 1):
    try:
        if not isinstance(json.loads(line, object_pairs_hook=pairs), dict):
            raise ValueError("not an object")
    except ValueError as e:
        sys.exit("line %d: %s: %s" % (n, e, line.strip()))
'
}

setup() {
	cat >watch.rules <<'X'
# the watch of a press office
greve [severity=high, tags=social transport]: grève NEAR/5 (SNCF OR RATP)
    OR #grève   # the hashtag alone is enough
orange [severity=low, tags=marque]: {Orange} -football
ministere: ministère -football
X
	cat >items <<'X'
{"id":"1","title":"La grève à la SNCF continue, les voyageurs sont furieux et fatigués","lang":"fr-FR","tags":["presse"]}
{"id":"2","title":"Orange annonce d'excellents résultats, un trimestre formidable","summary":"Le groupe Orange est très content de ses clients"}
{"id":"3","title":"The weather is lovely today in the park, a wonderful day","lang":"en"}
{"id":"4","title":"Le ministère et le football, une histoire compliquée","lang":"fr"}
X
}

@test "tags: names of the matching queries and their tags=, after the labels the item had" {
	need veille-classify
	veille-classify -r watch.rules <items >out
	jfields ' ' - 1 id tags severity <out >actual
	cat >expect <<'X'
1 ["presse","greve","social","transport"] high
2 ["orange","marque"] low
3 - -
4 - -
X
	diff -u expect actual
}

@test "lang: detected ISO 639-1 code, the declared tag kept in lang_declared when it differs" {
	need veille-classify
	veille-classify -r watch.rules <items >out
	jfields ' ' - 1 id lang lang_declared <out >actual
	printf '%s\n' '1 fr fr-FR' '2 fr -' '3 en -' '4 fr -' >expect
	diff -u expect actual
	jfields ' ' - 1 lang_confidence <out | while read -r c; do
		"$PY" -c 'import sys; c = float(sys.argv[1]); sys.exit(not 0 < c <= 1)' "$c"
	done
}

@test "sentiment: an object with a score in -1..1 and a label" {
	need veille-classify
	veille-classify <items >out
	jfields ' ' - 1 id sentiment.label <out >actual
	printf '%s\n' '1 negative' '2 positive' '3 positive' >expect
	head -3 actual >actual3
	diff -u expect actual3
	jfields ' ' - 1 sentiment.score <out | while read -r s; do
		"$PY" -c 'import sys; s = float(sys.argv[1]); sys.exit(not -1 <= s <= 1)' "$s"
	done
}

@test "sentiment: in a query is the tone found in this run, else the item's own" {
	need veille-classify
	printf '%s\n' 'buzz [severity=high]: (SNCF OR Orange) AND sentiment:negative' >buzz.rules
	veille-classify -r buzz.rules <items | jfields ' ' - 1 id tags >actual
	printf '%s\n' '1 ["presse","buzz"]' '2 -' '3 -' '4 -' >expect
	diff -u expect actual
	# with --no-sentiment, the sentiment the item came with
	printf '%s\n' '{"id":"5","title":"Orange","sentiment":{"score":-0.6,"label":"negative"}}' |
	    veille-classify --no-sentiment -r buzz.rules | jfields ' ' - 1 id tags >actual
	echo '5 ["buzz"]' >expect
	diff -u expect actual
	printf '%s\n' 'x: sentiment:angry' >bad.rules
	run veille-classify --check -r bad.rules
	[ "$status" -eq 2 ]
	[[ "$output" == *"bad.rules:1:14: unknown sentiment 'angry' (negative, neutral or positive)"* ]]
}

@test "--no-lang leaves lang as it was; --no-sentiment adds no sentiment" {
	need veille-classify
	veille-classify --no-lang --no-sentiment <items >out
	jfields ' ' - 1 id lang lang_confidence sentiment <out >actual
	printf '%s\n' '1 fr-FR - -' '2 - - -' '3 en - -' '4 fr - -' >expect
	diff -u expect actual
	veille-classify --no-lang <items | head -3 | jfields ' ' - 1 lang_confidence sentiment.label >actual
	# without a language (item 2 declares none), no sentiment either
	printf '%s\n' '- negative' '- -' '- positive' >expect
	diff -u expect actual
}

@test "with no field to add, the line comes out byte for byte" {
	need veille-classify
	printf '%s\n' '{"id":"x", "title" : "rien",  "n":[1,{"a":"}"}]}' >in
	veille-classify -r watch.rules --no-lang --no-sentiment <in >out
	diff -u in out
}

@test "--explain adds matches: query, field, term, byte offsets" {
	need veille-classify
	veille-classify -r watch.rules --explain --no-lang --no-sentiment <items >out
	jfields ' ' - 1 matches <out | head -2 >actual
	cat >expect <<'X'
{"greve":[{"field":"title","offsets":[[3,9]],"term":"grève"},{"field":"title","offsets":[[16,20]],"term":"SNCF"}]}
{"orange":[{"field":"title","offsets":[[0,6]],"term":"Orange"},{"field":"summary","offsets":[[10,16]],"term":"Orange"}]}
X
	diff -u expect actual
	expect_eq "- -" "$(sed -n 3,4p out | jfields ' ' - 1 matches | tr '\n' ' ' | sed 's/ $//')"
}

@test "--only-matching keeps the matching items, --invert the others" {
	need veille-classify
	veille-classify -r watch.rules --only-matching <items | jget id >actual
	printf '%s\n' 1 2 >expect
	diff -u expect actual
	veille-classify -r watch.rules --invert <items | jget id >actual
	printf '%s\n' 3 4 >expect
	diff -u expect actual
	run veille-classify -r watch.rules --only-matching --invert </dev/null
	[ "$status" -eq 2 ]
	grep -q "exclude each other" <<<"$output"
	run veille-classify --only-matching </dev/null
	[ "$status" -eq 2 ]
}

@test "--rules is repeatable; a name defined twice across files is an error" {
	need veille-classify
	printf 'weather: weather OR météo\n' >more.rules
	veille-classify -r watch.rules -r more.rules --only-matching <items | jget id >actual
	printf '%s\n' 1 2 3 >expect
	diff -u expect actual
	printf 'greve: x\n' >dup.rules
	run veille-classify -r watch.rules -r dup.rules </dev/null
	[ "$status" -eq 2 ]
	grep -qx "dup.rules:1:1: rule 'greve' already defined at line 2" <<<"$output"
}

@test "a rules file with errors: every error with its place, exit 2, no input read" {
	need veille-classify
	cat >bad.rules <<'X'
a: (grève OR
   SNCF
b [severity=urgent]: x
c: ok
d: titre:x
X
	printf '%s\n' '{"title":"x"}' >in
	run veille-classify -r bad.rules in
	[ "$status" -eq 2 ]
	cat >expect <<'X'
bad.rules:2:8: expected ')' after 'SNCF'
bad.rules:3:13: severity must be low, medium, high or critical, not 'urgent'
bad.rules:5:4: unknown field 'titre:' (fields: title summary content author handle url site source lang platform tag sentiment; quote a term that holds ':')
veille-classify: 3 errors in the rules, nothing read
X
	diff -u expect - <<<"$output"
	# nothing read from a pipe either: the writer sees no reader
	run sh -c 'yes "{}" | veille-classify -r bad.rules >/dev/null 2>&1; echo $?'
	expect_eq 2 "$output"
}

@test "--check validates only: 0 and silent when good, 2 and the errors when not" {
	need veille-classify
	run veille-classify --check watch.rules </dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	printf 'x: a NEAR b\n' >bad.rules
	run veille-classify --check watch.rules bad.rules
	[ "$status" -eq 2 ]
	grep -qx "bad.rules:1:6: expected a number of words after 'NEAR/'" <<<"$output"
	run veille-classify --check
	[ "$status" -eq 2 ]
	run veille-classify --check missing.rules
	[ "$status" -eq 2 ]
	grep -q "missing.rules: No such file" <<<"$output"
}

@test "a bad line is reported with its number and written through; exit 1" {
	need veille-classify
	printf '%s\n' '{"title":"grève SNCF"}' 'not json {' '[1,2]' '{"title":"rien"}' >in
	run --separate-stderr veille-classify -r watch.rules --no-lang --no-sentiment in
	[ "$status" -eq 1 ]
	expect_eq 4 "$(printf '%s\n' "$output" | wc -l)"
	expect_eq 'not json {' "$(printf '%s\n' "$output" | sed -n 2p)"
	expect_eq '[1,2]' "$(printf '%s\n' "$output" | sed -n 3p)"
	grep -q "line 2: invalid JSON" <<<"$stderr"
	grep -q "line 3: invalid JSON: not an object" <<<"$stderr"
}

@test "items with error pass through untouched, even with --only-matching" {
	need veille-classify
	printf '%s\n' '{"url":"https://x.fr/","error":"HTTP 500", "error_code":"http_status","title":"grève SNCF"}' >in
	veille-classify -r watch.rules --only-matching <in >out
	diff -u in out
}

@test "fields set again replace the old ones: valid JSON, no key twice" {
	need veille-classify
	cat >in <<'X'
{"title":"La grève à la SNCF est un désastre pour tous les voyageurs","lang":"fr","lang_declared":"x","lang_confidence":0.1,"sentiment":0.5,"tags":["greve","a"],"severity":"low","matches":{},"z":1}
{"title":"Orange","tags":"not an array","severity":"critical"}
{"t\u0069tle":"grève SNCF","tags":["x"]}
X
	veille-classify -r watch.rules --explain <in >out
	valid_json <out
	jfields ' ' - 1 tags severity z <out >actual
	cat >expect <<'X'
["greve","a","social","transport"] high 1
["orange","marque"] low -
["x","greve","social","transport"] high -
X
	diff -u expect actual
	veille-classify -r watch.rules --explain <out | valid_json
}

@test "every output line of a mixed stream is valid JSON with no key twice" {
	need veille-classify
	{
		cat items
		printf '%s\n' '{}' '{"title":""}' '{"title":"\u00e9t\u00e9 \"gr\u00e8ve\" SNCF\n#gr\u00e8ve"}' \
		    '{"title":"grève SNCF","nested":{"tags":["a"],"lang":"x"},"arr":[{"sentiment":1}]}' \
		    '  {"title" :"grève SNCF" , "lang" : "de" }  '
	} >in
	veille-classify -r watch.rules --explain <in >out
	valid_json <out
	expect_eq "$(wc -l <in)" "$(wc -l <out)"
	expect_eq '{"lang":"x","tags":["a"]}' "$(sed -n 8p out | jfields ' ' - 1 nested)"
}

@test "input from files; a missing file is reported, exit 1" {
	need veille-classify
	head -1 items >a
	sed -n 2p items >b
	run --separate-stderr veille-classify -r watch.rules --no-lang --no-sentiment a nofile b
	[ "$status" -eq 1 ]
	expect_eq "1 2" "$(printf '%s\n' "$output" | jget id | tr '\n' ' ' | sed 's/ $//')"
	grep -q "nofile: cannot open" <<<"$stderr"
}

@test "--unbuffered: each record goes out at once" {
	need veille-classify
	mkfifo fifo
	( veille-classify -u -r watch.rules --no-lang --no-sentiment <fifo >out & echo $! >pid; wait ) &
	exec 7>fifo
	printf '%s\n' '{"title":"grève SNCF"}' >&7
	for i in $(seq 50); do [ -s out ] && break; sleep 0.1; done
	exec 7>&-
	wait
	expect_eq '["greve","social","transport"]' "$(jfields ' ' - 1 tags <out)"
}
