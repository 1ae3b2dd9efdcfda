#!/usr/bin/env bats
# 0900-alert-replay — veille-alert over synthetic weeks (tests/gen-timeline):
# exactly which alerts fire and resolve.
bats_require_minimum_version 1.5.0
load lib
load alert

@test "a quiet week then a four-bucket burst is one spike, then one resolved" {
	alerts "$(timeline quiet)"
	expect_eq 0 "$status"
	expect_eq "spike orange 2026-11-08T14:00:00Z
resolved orange 2026-11-08T14:00:00Z" "$(summary < out)"
	expect_eq "40 160" "$(jf count < out | oneline)"
	expect_eq "2026-11-08T15:00:00Z spike" "$(sed -n 2p out | jf window.end resolves)"
	# the same alert: one id
	expect_eq 1 "$(jf alert_id < out | sort -u | wc -l)"
	expect_eq "" "$(cat err)"
}

@test "the spike record has every field of veille(7), no null, items and sources" {
	alerts "$(timeline quiet)" --examples 2
	sed -n 1p out > spike
	no_nulls < spike
	expect_eq "spike orange tags critical 40 2026-11-08T14:00:00Z" \
	    "$(jf alert key by severity count first_seen < spike)"
	expect_eq 2 "$(jfields ' ' - 1 items < spike | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')"
	jfields ' ' - 1 items.0 < spike | grep -q '"id":"0000'
	jfields ' ' - 1 items.0 < spike | grep -q '"url":"https://example.org/a/'
	expect_eq "Source" "$(jget sources.0.name < spike | cut -d' ' -f1)"
	base=$(jget baseline < spike)
	score=$(jget score < spike)
	"$PY" -c "import sys; b, s = $base, $score; sys.exit(not (0.5 < b < 2 and s > 10))"
	expect_eq "Spike on tags 'orange': 40 mentions from 2026-11-08 14:00 to 14:15 UTC, 1.0 expected." \
	    "$(jget message < spike)"
}

@test "messages in French with --lang fr" {
	alerts "$(timeline quiet)" --lang fr
	expect_eq "Pic sur tags « orange » : 40 mentions de 2026-11-08 14:00 à 14:15 UTC, 1,0 attendues." \
	    "$(sed -n 1p out | jget message)"
	expect_eq "Terminé : pic sur « orange » (160 mentions de 2026-11-08 14:00 à 2026-11-08 15:00 UTC)." \
	    "$(sed -n 2p out | jget message)"
}

@test "a slow rise over a week does not alert: the baseline follows it" {
	alerts "$(timeline slowrise)"
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
}

@test "a strong daily cycle (25 a bucket every evening, 1 at night) does not alert" {
	alerts "$(timeline cycle)"
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
}

@test "the same cycle alerts when the baseline ignores the hour of day... of a real burst" {
	# a burst at 03:00, when the tag is quiet, on top of the cycle
	f=$(timeline cycle)
	"$PY" - "$f" > cycle-burst <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
for i in range(30):
    lines.append(json.dumps({"id": "b%d" % i, "published": "2026-11-08T03:0%d:00Z" % (i % 10),
                             "tags": ["soir"]}))
lines.sort(key=lambda l: json.loads(l)["published"])
print("\n".join(lines))
PY
	alerts cycle-burst
	expect_eq "spike soir 2026-11-08T03:00:00Z
resolved soir 2026-11-08T03:00:00Z" "$(summary < out)"
}

@test "two items on a new tag do not page anyone (below --min-count)" {
	alerts "$(timeline newtag)"
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
	# it is --min-count that holds them back: 2 from nothing is a rise
	alerts "$(timeline newtag)" --min-count 2 --threshold 1.5
	expect_eq "spike nouveau 2026-11-08T23:00:00Z" "$(grep -m1 '"key":"nouveau"' out | summary)"
}

@test "a tone shift with a flat volume is one tone alert, then resolved" {
	alerts "$(timeline tone)"
	expect_eq 0 "$status"
	expect_eq "tone orange 2026-11-08T10:00:00Z
resolved orange 2026-11-08T10:00:00Z" "$(summary < out)"
	expect_eq "tone" "$(sed -n 2p out | jget resolves)"
	expect_eq "2026-11-08T11:00:00Z" "$(sed -n 2p out | jget window.end)"
}

@test "a new term in many sources is an emerging alert; everyday words are not" {
	alerts "$(timeline emerging)" --emerging
	expect_eq 0 "$status"
	# one subject, one alert and one resolved, with every term of it
	expect_eq "emerging resolved" "$(jf alert < out | oneline)"
	sed -n 1p out > g
	expect_eq "nouvelle autorisation" "$(jget key < g)"
	expect_eq '["nouvelle autorisation","autorisation","glyphosate","nouvelle"]' "$(jfields ' ' - 1 terms < g)"
	expect_eq "term 2026-11-08T09:00:00Z" "$(jf by first_seen < g)"
	expect_eq 5 "$(jfields ' ' - 1 sources < g | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')"
	expect_eq "Emerging term 'nouvelle autorisation' (with 'autorisation', 'glyphosate', 'nouvelle'): 9 mentions by 6 sources from 2026-11-08 09:00 to 09:15 UTC, 0 usually." \
	    "$(jget message < g)"
	expect_eq "$(jget alert_id < g)" "$(sed -n 2p out | jget alert_id)"
	# the stop words of the titles ("le", "de", "du") never fire
	! grep -q '"key":"\(le\|de\|du\)"' out || false
}

@test "an emerging term needs several sources: one source is not enough" {
	f=$(timeline emerging)
	alerts "$f" --emerging --min-sources 7
	expect_eq "" "$(grep '"alert":"emerging"' out)"
}

@test "an item by a listed journalist alerts at once, naming the account and its group" {
	printf '# journalists\n@JDupont@mastodon.social  journalistes\nMarie Martin\tjournalistes\n' > accounts
	alerts "$(timeline journalist)" --accounts accounts
	expect_eq 0 "$status"
	expect_eq "influencer @jdupont@mastodon.social journalistes handle 2026-11-08T11:00:00Z" \
	    "$(jf alert key group by first_seen < out)"
	expect_eq "Watched account @jdupont@mastodon.social (journalistes) published: Enquête sur Orange" \
	    "$(jget message < out)"
	alerts "$(timeline journalist)"
	expect_eq "" "$(cat out)"
}

@test "an author on the list matches by name, case ignored" {
	printf 'marie martin\n' > accounts
	printf '%s\n' '{"id":"x1","title":"Tribune","author":"Marie Martin","published":"2026-11-08T10:00:00Z"}' > in
	alerts in --accounts accounts
	expect_eq "influencer Marie Martin author" "$(jf alert key by < out)"
}

@test "--min-audience alerts on large accounts, from audience or follower counts" {
	cat > in <<'EOF2'
{"id":"a1","title":"Petit","handle":"@small","audience":300,"published":"2026-11-08T10:00:00Z"}
{"id":"a2","title":"Grand","handle":"@big","audience":250000,"published":"2026-11-08T10:01:00Z"}
{"id":"a3","title":"Suivi","handle":"@star","engagement":{"followers":90000},"published":"2026-11-08T10:02:00Z"}
EOF2
	alerts in --min-audience 50000
	expect_eq "influencer @big 250000
influencer @star 90000" "$(jf alert key score < out)"
	expect_eq "Large account @big (audience 250000) published: Grand" "$(sed -n 1p out | jget message)"
}

@test "items of high severity alert at once; below --min-severity they do not" {
	cat > in <<'EOF2'
{"id":"s1","title":"Rumeur","tags":["orange"],"severity":"medium","published":"2026-11-08T10:00:00Z"}
{"id":"s2","title":"Piratage","tags":["orange_crise"],"severity":"critical","published":"2026-11-08T10:05:00Z"}
{"id":"s3","title":"Panne","tags":["orange"],"severity":"high","published":"2026-11-08T10:06:00Z"}
EOF2
	alerts in
	expect_eq "severity orange_crise critical
severity orange high" "$(jf alert key severity < out)"
	alerts in --min-severity critical
	expect_eq "severity orange_crise critical" "$(jf alert key severity < out)"
	alerts in --min-severity low
	expect_eq 3 "$(wc -l < out)"
	alerts in --min-severity none
	expect_eq "" "$(cat out)"
}

@test "--by source counts per source; --by handle per account" {
	f=$(timeline quiet)
	alerts "$f" --by source --min-count 3
	# the burst is spread over 7 sources: each of them rises
	expect_eq 0 "$status"
	grep -q '"alert":"spike","alert_id":"[0-9a-f]*","key":"Source [0-6]","by":"source"' out
	alerts "$f" --by handle
	expect_eq "" "$(cat out)"
}

@test "--match alerts at once on items matching a veille-rules(5) query" {
	cat > in <<'EOF2'
{"id":"m1","title":"Orange en crise","tags":["orange_crise"],"published":"2026-11-08T10:00:00Z"}
{"id":"m2","title":"Orange va bien","tags":["orange"],"published":"2026-11-08T10:01:00Z"}
{"id":"m3","title":"Orange piratée","tags":["orange_crise"],"severity":"critical","published":"2026-11-08T10:02:00Z"}
EOF2
	alerts in --match 'tag:orange_crise AND (crise OR piratee)' --min-severity none
	expect_eq 0 "$status"
	expect_eq "severity orange_crise high m1
severity orange_crise critical m3" "$(jf alert key severity items.0.id < out)"
	# an item both severe and matching alerts once
	alerts in --match 'tag:orange_crise'
	expect_eq "m1 m3" "$(jf items.0.id < out | oneline)"
}

@test "a --match query with errors is a usage error naming the column" {
	run veille-alert --match 'tag:orange_crise AND tone:negative' < /dev/null
	expect_eq 2 "$status"
	grep -q "^--match:1:22: unknown field 'tone:'" <<<"$output"
}
