#!/usr/bin/env bats
# 0910-alert-state — veille-alert across runs (--state), warm-up,
# re-notification, late and bad input, usage errors.
bats_require_minimum_version 1.5.0
load lib
load alert

# split FILE N: the first N lines in part1, the rest in part2; T1 the
# time of line N.
split_at() {
	head -n "$2" "$1" > part1
	tail -n +"$(($2 + 1))" "$1" > part2
	T1=$(sed -n "$2p" "$1" | jget published)
}

# noscore: the alerts without their score, which for a spike written
# early is that of the baseline of its run (a few buckets less learnt).
noscore() { sed 's/"score":[0-9.-]*,//' "$@"; }

@test "a week replayed in several runs with --state gives the alerts of one run" {
	need sqlite3
	f=$(timeline quiet)
	alerts "$f"
	cp out whole
	for n in 100 400 700; do
		rm -f st.db*
		split_at "$f" "$n"
		VEILLE_NOW=$T1 run veille-alert --state st.db < part1
		expect_eq 0 "$status"
		printf '%s\n' "$output" | sed '/^$/d' > runs
		alerts part2 --state st.db
		expect_eq 0 "$status"
		cat out >> runs
		expect_eq "$(noscore whole)" "$(noscore runs)"
	done
	expect_eq 1 "$(sqlite3 st.db 'SELECT count(*) FROM series')"
}

@test "an alert active at the end of a run resolves in the next one" {
	f=$(timeline quiet)
	# cut in the middle of the burst (day 7, 14:20)
	n=$(grep -n '"published":"2026-11-08T14:2' "$f" | head -1 | cut -d: -f1)
	split_at "$f" "$n"
	VEILLE_NOW=$T1 run veille-alert -s st.db --lateness 5m < part1
	expect_eq "spike" "$(printf '%s\n' "$output" | jf alert)"
	alerts part2 -s st.db --lateness 5m
	expect_eq "resolved 160" "$(jf alert count < out)"
}

@test "a spike is written by the run that sees it, not once --lateness has passed" {
	f=$(timeline quiet)
	# a run at 14:20, twenty minutes into the burst, with the default 2h
	n=$(grep -n '"published":"2026-11-08T14:2' "$f" | head -1 | cut -d: -f1)
	split_at "$f" "$n"
	VEILLE_NOW=$T1 run veille-alert -s st.db < part1
	expect_eq 0 "$status"
	expect_eq "spike 2026-11-08T14:00:00Z 40" \
	    "$(printf '%s\n' "$output" | jf alert window.start count)"
	# the next run neither writes it again nor ends it before its time
	alerts part2 -s st.db
	expect_eq "resolved 2026-11-08T14:00:00Z 160" "$(jf alert window.start count < out)"
}

@test "a fresh state learns for --warmup before a spike can fire" {
	alerts "$(timeline quiet)" --warmup 7d
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
	alerts "$(timeline quiet)" --warmup 6d
	expect_eq "spike resolved" "$(jf alert < out | oneline)"
}

@test "--repeat notifies an alert still active again, with the same id" {
	alerts "$(timeline quiet)" --repeat 30m
	expect_eq "spike <none> 2026-11-08T14:00:00Z
spike true 2026-11-08T14:30:00Z
resolved <none> 2026-11-08T14:00:00Z" "$(jf alert repeat window.start < out)"
	expect_eq 1 "$(jf alert_id < out | sort -u | wc -l)"
	grep -q '"message":"Still active: Spike on' out
}

@test "an item already alerted on does not alert again in the next run" {
	printf '@jdupont@mastodon.social\n' > accounts
	f=$(timeline journalist)
	alerts "$f" -s st.db --accounts accounts
	expect_eq "influencer" "$(jf alert < out)"
	alerts "$f" -s st.db --accounts accounts
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
}

@test "items later than --lateness are not counted, and said so" {
	cat > in <<'EOF2'
{"id":"1","tags":["a"],"published":"2026-11-08T12:00:00Z"}
{"id":"2","tags":["a"],"published":"2026-11-08T09:00:00Z"}
{"id":"3","tags":["a"],"published":"2026-11-08T11:00:00Z"}
EOF2
	alerts in
	expect_eq 0 "$status"
	expect_eq "veille-alert: 1 items older than the lateness were not counted" "$(cat err)"
	alerts in --lateness 4h
	expect_eq "" "$(cat err)"
}

@test "a bad line is reported with its number, the others are counted, exit 1" {
	f=$(timeline quiet)
	{ head -5 "$f"; echo '{"broken": '; tail -n +6 "$f"; } > in
	alerts in
	expect_eq 1 "$status"
	grep -q '^veille-alert: line 6: invalid JSON' err
	expect_eq "spike resolved" "$(jf alert < out | oneline)"
}

@test "items without a date count at fetched_at, else now" {
	printf '%s\n' '{"id":"1","tags":["a"],"fetched_at":"2026-11-08T10:00:00Z","severity":"critical"}' \
	    '{"id":"2","tags":["b"],"severity":"critical"}' > in
	alerts in
	expect_eq "2026-11-08T10:00:00Z
2026-11-09T06:00:00Z" "$(jf first_seen < out)"
}

@test "usage errors exit 2" {
	for args in "--bucket 15x" "--lateness -1" "--smtp smtp://x" "--mail-to a@b" \
	    "--lang de" "--min-severity huge" "--webhook ftp://x" "--template t" \
	    "--smtp http://x --mail-to a@b" "--threshold 0"; do
		run veille-alert $args < /dev/null
		expect_eq 2 "$status" || { echo "$args" >&2; return 1; }
	done
	run veille-alert --accounts /nonexistent < /dev/null
	expect_eq 2 "$status"
	run veille-alert --telegram < /dev/null
	expect_eq 2 "$status"
	grep -q "VEILLE_TELEGRAM_TOKEN" <<<"$output"
}

@test "a state file that is not SQLite is refused" {
	echo "not a database" > st.db
	run veille-alert -s st.db < /dev/null
	[ "$status" -ne 0 ]
	grep -q "st.db" <<<"$output"
}
