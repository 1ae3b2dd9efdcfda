#!/usr/bin/env bats
# veille digest: the report of the window since the last digest, written
# as HTML and Atom and mailed to a real SMTP server (aiosmtpd,
# tests/alertd.py); the window advances only once the digest went out.
bats_require_minimum_version 1.5.0
load lib

# The day of tests/data/report/stream.ndjson ends on 2026-11-23 at 18:00
# (the items it has after that are left out here).
export VEILLE_NOW=2026-11-23T18:00:00Z

setup() {
	veille init w > /dev/null
	grep -v '"alert"\|"error"\|"published":"2026-11-23T1[89]:' "$TESTS/data/report/stream.ndjson" |
		veille-store put w/store.db
	expect_eq 28 "$(veille-store sql w/store.db 'SELECT count(*) AS n FROM items' | jf n)"
	grep '"alert"' "$TESTS/data/report/stream.ndjson" > w/alerts.ndjson
}

teardown() {
	[ -z "${SPID:-}" ] || kill "$SPID" 2>/dev/null || true
}

# smtp_start: an SMTP server saving mail/N.eml; sets SPORT, SPID.
smtp_start() {
	need "$PY" python3
	"$PY" -c 'import aiosmtpd' || { echo "missing component: python3-aiosmtpd" >&2; return 1; }
	read -r SPORT SPID < <("$PY" "$TESTS/alertd.py" smtp --dir mail --lifetime 60)
	[ -n "${SPID:-}" ] || { echo "alertd.py smtp did not start" >&2; return 1; }
}

# report_conf PORT [KEY=VALUE...]: the [report] section mailing through PORT.
report_conf() {
	local port=$1
	shift
	{
		echo "smtp = smtp://127.0.0.1:$port"
		echo "mail-to = presse@example.org, veille@example.org"
		echo "mail-from = veille@example.org"
		printf '%s\n' "$@"
	} >> w/veille.conf
}

# A port nothing listens on (a mail server that is down).
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

@test "a digest is mailed as text and HTML, written as HTML and Atom, and its end recorded" {
	smtp_start
	report_conf "$SPORT" "title = Veille Orange" "lang = fr"
	run --separate-stderr veille digest w
	expect_eq 0 "$status"
	expect_eq "" "$output$stderr"
	expect_eq "veille@example.org
presse@example.org
veille@example.org" "$(cat mail/1.env)"
	mailparts mail/1.eml > parts
	expect_eq "Veille Orange : 25 mentions, 2 alertes, du 2026-11-22 18:00 au 2026-11-23 18:00 UTC" \
	    "$(sed -n 1p parts)"
	expect_eq "presse@example.org, veille@example.org" "$(sed -n 2p parts)"
	expect_eq "multipart/alternative" "$(sed -n 3p parts)"
	expect_eq "text/plain" "$(sed -n 4p parts)"
	expect_eq "Veille Orange" "$(sed -n 5p parts)"
	grep -q '^Mentions: 25 ' parts
	grep -q '^text/html$' parts
	grep -q '<a href="https://journal-ouest.example/a/1"' parts
	[ ! -f mail/2.eml ]
	# the files: this digest's HTML, the latest one, the Atom feed
	cmp w/reports/digest-2026-11-23T1800Z.html w/reports/digest.html
	grep -q 'Grève chez Orange' w/reports/digest.html
	need xmllint
	xmllint --noout w/reports/digest.atom
	expect_eq "2026-11-23T18:00:00Z" "$(cat w/state/last-digest)"
}

@test "the next digest starts where the last one ended" {
	smtp_start
	report_conf "$SPORT"
	veille digest w
	printf '%s\n' '{"id":"n1","url":"https://quotidien.example/a/n1","title":"Orange rétablit le réseau","published":"2026-11-23T18:30:00Z","tags":["orange"]}' |
		veille-store put w/store.db
	VEILLE_NOW=2026-11-23T19:00:00Z run veille digest w
	expect_eq 0 "$status"
	mailparts mail/2.eml > parts
	expect_eq "Media monitoring report: 1 mentions, 2026-11-23 18:00 to 2026-11-23 19:00 UTC" \
	    "$(sed -n 1p parts)"
	grep -q 'Orange rétablit le réseau' parts
	expect_eq "2026-11-23T19:00:00Z" "$(cat w/state/last-digest)"
	[ -f w/reports/digest-2026-11-23T1800Z.html ]
	grep -q 'Orange rétablit le réseau' w/reports/digest-2026-11-23T1900Z.html
}

@test "a failed send keeps the window: the next digest covers it" {
	need "$PY" python3
	report_conf "$(free_port)"
	run --separate-stderr veille digest w
	expect_eq 1 "$status"
	[[ "$stderr" == *"veille digest: smtp: digest not sent to presse@example.org, veille@example.org: "*"; the window is kept for the next digest"* ]]
	expect_eq "2026-11-22T18:00:00Z" "$(cat w/state/last-digest)"
	# the server is back: the window starts where it did
	smtp_start
	sed -i "s|^smtp = .*|smtp = smtp://127.0.0.1:$SPORT|" w/veille.conf
	VEILLE_NOW=2026-11-23T20:00:00Z run veille digest w
	expect_eq 0 "$status"
	mailparts mail/1.eml > parts
	expect_eq "Media monitoring report: 25 mentions, 2 alerts, 2026-11-22 18:00 to 2026-11-23 20:00 UTC" \
	    "$(sed -n 1p parts)"
	expect_eq "2026-11-23T20:00:00Z" "$(cat w/state/last-digest)"
}

@test "[report] webhook gets the subject and the text; a webhook down keeps the window" {
	need "$PY" python3
	port=$(free_port)
	echo "webhook = http://127.0.0.1:$port/hooks/x" >> w/veille.conf
	run --separate-stderr veille digest w
	expect_eq 1 "$status"
	[[ "$stderr" == *"veille digest: webhook: digest not posted to http://127.0.0.1:$port/hooks/x: "*"; the window is kept for the next digest"* ]]
	expect_eq "2026-11-22T18:00:00Z" "$(cat w/state/last-digest)"
	read -r WPORT SPID < <("$PY" "$TESTS/alertd.py" webhook --log hook.log --port "$port" --lifetime 60)
	VEILLE_NOW=2026-11-23T19:00:00Z run veille digest w
	expect_eq 0 "$status"
	expect_eq 1 "$(wc -l < hook.log)"
	jget text < hook.log > text
	expect_eq "Media monitoring report: 25 mentions, 2 alerts, 2026-11-22 18:00 to 2026-11-23 19:00 UTC" \
	    "$(sed -n 1p text)"
	grep -q '^Mentions: 25 ' text
	expect_eq "2026-11-23T19:00:00Z" "$(cat w/state/last-digest)"
}

@test "--dry-run prints the digest and where it would go, and writes, sends and records nothing" {
	report_conf 9 "title = Veille Orange"
	run --separate-stderr veille digest -n w
	expect_eq 0 "$status"
	expect_eq "would write w/reports/digest-2026-11-23T1800Z.html, w/reports/digest.html and w/reports/digest.atom" \
	    "${lines[0]}"
	expect_eq "would mail presse@example.org, veille@example.org through smtp://127.0.0.1:9" "${lines[1]}"
	expect_eq "Subject: Veille Orange: 25 mentions, 2 alerts, 2026-11-22 18:00 to 2026-11-23 18:00 UTC" \
	    "${lines[2]}"
	[[ "$output" == *"Mentions: 25  Stories: 22  Echoes: 3"* ]]
	[ ! -e w/reports ]
	[ ! -e w/state/last-digest ]
	run veille digest --dry-run --since 2h w
	[[ "$output" == *"2026-11-23 16:00 to 2026-11-23 18:00 UTC"* ]]
}

@test "--since overrides the window's start; the first digest covers [report] since" {
	run veille digest -n w
	[[ "${lines[1]}" == "Subject: Media monitoring report: 25 mentions, 2 alerts, 2026-11-22 18:00 to"* ]]
	echo "since = 6h" >> w/veille.conf
	run veille digest -n w
	[[ "${lines[1]}" == *", 2026-11-23 12:00 to 2026-11-23 18:00 UTC" ]]
	run veille digest -n --since 2026-11-23T15:00:00Z w
	[[ "${lines[1]}" == *", 2026-11-23 15:00 to 2026-11-23 18:00 UTC" ]]
	run veille digest -n --since soon w
	expect_eq 2 "$status"
	[[ "$output" == *"--since: 'soon' is not a time or a duration"* ]]
}

@test "nothing new: a short digest says so by default, none with empty = skip; the window advances" {
	smtp_start
	report_conf "$SPORT"
	veille digest w
	VEILLE_NOW=2026-11-24T08:00:00Z run veille digest w
	expect_eq 0 "$status"
	mailparts mail/2.eml > parts
	expect_eq "Media monitoring report: nothing new, 2026-11-23 18:00 to 2026-11-24 08:00 UTC" \
	    "$(sed -n 1p parts)"
	grep -q '^Mentions: 0' parts
	echo "empty = skip" >> w/veille.conf
	VEILLE_NOW=2026-11-24T18:00:00Z run veille digest w
	expect_eq 0 "$status"
	[ ! -f mail/3.eml ]
	[ ! -f w/reports/digest-2026-11-24T1800Z.html ]
	expect_eq "2026-11-24T18:00:00Z" "$(cat w/state/last-digest)"
}

@test "a [report] that does not hold together is a usage error, naming the key" {
	echo "smtp = smtp://127.0.0.1:25" >> w/veille.conf
	run veille digest w
	expect_eq 2 "$status"
	[[ "$output" == *"veille.conf: [report]: smtp and mail-to go together"* ]]
	veille init v > /dev/null
	echo "lang = de" >> v/veille.conf
	run veille digest v
	expect_eq 2 "$status"
	[[ "$output" == *"lang: 'de' is not en or fr"* ]]
	run veille digest nowhere
	expect_eq 2 "$status"
	[[ "$output" == *"nowhere: not a watch directory"* ]]
	run veille digest a b
	expect_eq 2 "$status"
	[ ! -e w/state/last-digest ]
}

@test "a digest waits for no run, and a second digest at the same time exits at once" {
	exec 8>w/state/lock
	flock -n 8
	run veille digest w
	expect_eq 0 "$status"
	expect_eq "2026-11-23T18:00:00Z" "$(cat w/state/last-digest)"
	exec 9>w/state/digest.lock
	flock -n 9
	VEILLE_NOW=2026-11-23T19:00:00Z run timeout 10 veille digest w
	exec 9>&- 8>&-
	expect_eq 1 "$status"
	[[ "$output" == *"w: another digest is active; not starting this one"* ]]
	expect_eq "2026-11-23T18:00:00Z" "$(cat w/state/last-digest)"
}

@test "a half-written alert line is left for the next digest; a bad one is named, the rest sent" {
	printf '%s' '{"alert":"spike","key":"orange"' >> w/alerts.ndjson
	run --separate-stderr veille digest -n w
	expect_eq 0 "$status"
	expect_eq "" "$stderr"
	printf '\nnot json\n' >> w/alerts.ndjson
	run --separate-stderr veille digest w
	expect_eq 1 "$status"
	[[ "$stderr" == *"w/alerts.ndjson: line 3: invalid JSON: left out of the digest"* ]]
	grep -q 'Mentions: 25 ' w/reports/digest.html || grep -q '>25<' w/reports/digest.html
	expect_eq "2026-11-23T18:00:00Z" "$(cat w/state/last-digest)"
}

@test "veille help digest shows veille(1); a typo of digest suggests it" {
	need man
	MANPAGER=cat PAGER=cat MANWIDTH=80 veille help digest > page 2>/dev/null
	grep -q 'import-opml' page
	run veille digets w
	expect_eq 2 "$status"
	expect_eq "veille: 'digets' is not a veille command; did you mean 'digest'?" "$output"
}

@test "the [report] keys of a new veille.conf are documented, and uncommented they work" {
	sed -n '/^\[report\]/,$p' w/veille.conf | sed -n 's/^# \([a-z-]*\) = .*/\1/p' > keys
	expect_eq "lang title since output smtp mail-to mail-from webhook empty" "$(paste -sd' ' keys)"
	while read -r k; do
		grep -q "^\.It Li \[report\] .*\b$k\b" "$ROOT/man/veille.1" ||
			{ echo "[report] $k is not in veille.1" >&2; return 1; }
	done < keys
	sed -i '/^\[report\]/,$s/^# \([a-z-]* = \)/\1/' w/veille.conf
	run --separate-stderr veille digest -n w
	expect_eq 0 "$status"
	expect_eq "would write w/reports/digest-2026-11-23T1800Z.html, w/reports/digest.html and w/reports/digest.atom" \
	    "${lines[0]}"
	expect_eq "would mail presse@example.org, direction@example.org through smtp://mail.example.org" "${lines[1]}"
	expect_eq "would post the subject and the text to https://hooks.slack.com/services/T000/B000/XXXX" "${lines[2]}"
	expect_eq "Subject: Veille Example : 25 mentions, 2 alertes, du 2026-11-22 18:00 au 2026-11-23 18:00 UTC" \
	    "${lines[3]}"
}
