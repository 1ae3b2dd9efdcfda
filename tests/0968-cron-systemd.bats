#!/usr/bin/env bats
# scripts/cron/: the crontab, the systemd service and timer pairs and the
# logrotate file run veille run and veille digest as README and veille(1)
# say; their commands are tried on a real (empty) watch.
bats_require_minimum_version 1.5.0
load lib

CRON=$BATS_TEST_DIRNAME/../scripts/cron
export VEILLE_NOW=2026-11-23T18:00:00Z

setup() {
	veille init w > /dev/null
	W=$PWD/w
}

# units: the units in units/, ExecStart pointing at the build under test,
# each with an instance for the watch w; sets INST.
units() {
	mkdir -p units
	INST=$(systemd-escape --path "$W")
	for f in "$CRON"/*@.service "$CRON"/*@.timer; do
		n=${f##*/}
		sed "s|/usr/local/bin/veille|$VEILLE_BIN/veille|" "$f" > "units/$n"
		ln -s "$n" "units/${n%%@*}@$INST.${n##*.}"
	done
}

# cronline LINE: fails unless LINE is five time fields (numbers in range,
# ranges, steps, lists, *) and a command.
cronline() {
	"$PY" - "$1" <<'PY'
import re, sys
f = sys.argv[1].split(None, 5)
assert len(f) == 6, "five time fields and a command: %r" % sys.argv[1]
ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
for v, (lo, hi) in zip(f[:5], ranges):
    for part in v.split(","):
        m = re.fullmatch(r"(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?", part)
        assert m, "bad field %r" % v
        for n in (m.group(2), m.group(3)):
            assert n is None or lo <= int(n) <= hi, "%r out of range" % v
PY
}

@test "the systemd units verify clean, and a broken one does not" {
	need systemd-analyze
	units
	run systemd-analyze verify --man=no units/veille-run@"$INST".service units/veille-run@"$INST".timer \
		units/veille-digest@"$INST".service units/veille-digest@"$INST".timer
	expect_eq 0 "$status"
	expect_eq "" "$output"
	sed 's|^ExecStart=.*|ExecStart=/nonexistent/veille run %f|' units/veille-run@.service > units/bad@.service
	ln -s bad@.service "units/bad@$INST.service"
	run systemd-analyze verify --man=no "units/bad@$INST.service"
	expect_eq 1 "$status"
}

@test "the timers fire when the crontab says: every five minutes, 8:00 and 18:00" {
	need systemd-analyze
	expect_eq "OnCalendar=*:0/5" "$(grep '^OnCalendar=' "$CRON/veille-run@.timer")"
	expect_eq "OnCalendar=*-*-* 08,18:00:00" "$(grep '^OnCalendar=' "$CRON/veille-digest@.timer")"
	systemd-analyze calendar '*:0/5' '*-*-* 08,18:00:00' > cal
	expect_eq "Normalized form: *-*-* *:00/5:00
Normalized form: *-*-* 08,18:00:00" "$(grep -o 'Normalized form: .*' cal)"
	grep -q '^\*/5 \* \* \* \*	veille run /srv/veille/orange$' "$CRON/crontab"
	grep -q '^0 8,18 \* \* \*	veille digest /srv/veille/orange$' "$CRON/crontab"
}

@test "the services' commands run the watch and its digest, quietly" {
	units
	for u in run digest; do
		cmd=$(sed -n 's/^ExecStart=//p' "units/veille-$u@.service")
		run --separate-stderr sh -c "${cmd//%f/$W}"
		expect_eq 0 "$status"
		expect_eq "" "$output$stderr"
	done
	[ -f w/state/last-run ]
	[ -f w/reports/digest.html ]
}

@test "every crontab line parses (five time fields and a command), and each command runs" {
	n=0
	while IFS= read -r line; do
		case "$line" in ''|'#'*|*=*) continue ;; esac
		cronline "$line"
		cmd=$(printf '%s' "$line" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }')
		[[ "$cmd" == "veille "* ]]
		run --separate-stderr sh -c "${cmd//\/srv\/veille\/orange/$W}"
		expect_eq 0 "$status"
		expect_eq "" "$output$stderr"
		n=$((n + 1))
	done < "$CRON/crontab"
	expect_eq 2 "$n"
	# the check refuses what cron would
	for bad in "61 * * * * veille run x" "*/5 * * * veille run x" "0 8-x * * * veille digest x"; do
		run cronline "$bad"
		expect_eq 1 "$status"
	done
}

@test "logrotate moves alerts.ndjson aside, and the digest still reads the moved alerts" {
	need logrotate
	grep '"alert"' "$TESTS/data/report/stream.ndjson" > w/alerts.ndjson
	sed "s|/srv/veille/\*|$PWD/*|" "$CRON/veille.logrotate" > rot.conf
	run logrotate -d -s rot.state rot.conf
	expect_eq 0 "$status"
	[[ "$output" != *"error"* ]]
	logrotate -f -s rot.state rot.conf
	[ ! -e w/alerts.ndjson ]
	[ -s w/alerts.ndjson.1 ]
	run veille digest -n w
	expect_eq 0 "$status"
	[[ "$output" == *"0 mentions, 2 alerts,"* ]]
	# the next run writes a new alerts.ndjson: both are read
	grep '"alert"' "$TESTS/data/report/stream.ndjson" | head -1 |
		sed 's/T09:15:00Z/T10:15:00Z/' > w/alerts.ndjson
	run veille digest -n w
	[[ "$output" == *"0 mentions, 3 alerts,"* ]]
}
