#!/usr/bin/env bats
# 0920-alert-deliver — veille-alert's channels against real receivers on
# 127.0.0.1 (tests/alertd.py): a webhook as Slack and Mattermost have,
# an SMTP server (aiosmtpd); --exec; at least once, and not twice.
bats_require_minimum_version 1.5.0
load lib
load alert

# webhook_start LOG [PORT]: sets WPORT, WPID.
webhook_start() {
	need "$PY" python3
	read -r WPORT WPID < <("$PY" "$TESTS/alertd.py" webhook --log "$1" ${2:+--port "$2"} --lifetime 60)
	[ -n "${WPID:-}" ] || { echo "alertd.py webhook did not start" >&2; return 1; }
}

# A port nothing listens on (for a receiver that is down).
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

teardown() {
	[ -z "${WPID:-}" ] || kill "$WPID" 2>/dev/null || true
	[ -z "${SPID:-}" ] || kill "$SPID" 2>/dev/null || true
}

@test "--webhook posts {\"text\": ...} with the message and the items' links" {
	webhook_start hook.log
	alerts "$(timeline quiet)" --webhook "http://127.0.0.1:$WPORT/hooks/x" --examples 1
	expect_eq 0 "$status"
	expect_eq 2 "$(wc -l < hook.log)"
	! grep -q '"bad"' hook.log || false
	expect_eq "Spike on tags 'orange': 40 mentions from 2026-11-08 14:00 to 14:15 UTC, 1.0 expected.
- Article 621 https://example.org/a/621" "$(sed -n 1p hook.log | jget text)"
	expect_eq "$(sed -n 2p out | jget message)" "$(sed -n 2p hook.log | jget text)"
}

@test "a webhook down: alerts kept in the state, sent once when it is up again" {
	need sqlite3
	port=$(free_port)
	f=$(timeline quiet)
	alerts "$f" --webhook "http://127.0.0.1:$port/h" --state st.db --retries 1
	expect_eq 1 "$status"
	expect_eq 2 "$(wc -l < out)"
	grep -q "veille-alert: webhook: alert [0-9a-f]* not delivered" err
	grep -q "2 alerts not delivered yet: kept in the state for the next run" err
	expect_eq 2 "$(sqlite3 st.db 'SELECT count(*) FROM outbox')"
	# the receiver comes back: the next run (no new input) delivers both, in order
	webhook_start hook.log "$port"
	alerts /dev/null --webhook "http://127.0.0.1:$port/h" --state st.db
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
	expect_eq '"text": "Spike
"text": "Resolved' "$(grep -o '"text": "[A-Za-z]*' hook.log)"
	expect_eq 0 "$(sqlite3 st.db 'SELECT count(*) FROM outbox')"
	# and a third run sends nothing twice
	alerts /dev/null --webhook "http://127.0.0.1:$port/h" --state st.db
	expect_eq 2 "$(wc -l < hook.log)"
}

@test "a clean run sends every alert exactly once" {
	webhook_start hook.log
	alerts "$(timeline quiet)" --webhook "http://127.0.0.1:$WPORT/h" --state st.db --repeat 30m
	expect_eq 0 "$status"
	expect_eq 3 "$(wc -l < out)"
	expect_eq 3 "$(wc -l < hook.log)"
	alerts "$(timeline quiet)" --webhook "http://127.0.0.1:$WPORT/h" --state st.db
	expect_eq 3 "$(wc -l < hook.log)"
}

@test "a receiver that answers 400 is a failure: the alert stays queued" {
	webhook_start hook.log
	cat > tpl <<'EOF2'
{"content": "{{message}}"}
EOF2
	alerts "$(timeline quiet)" --webhook "http://127.0.0.1:$WPORT/h" --template tpl \
	    --state st.db --retries 0
	expect_eq 1 "$status"
	grep -q "HTTP status 400" err
	expect_eq 2 "$(grep -c '"bad"' hook.log)"
}

@test "--template fills {{field}} JSON-escaped" {
	webhook_start hook.log
	printf '%s\n' '{"text": "{{key}}: {{count}} ({{window.start}}) {{message}}"}' > tpl
	printf '%s\n' '{"id":"q1","title":"Il a dit \"non\"\nencore","tags":["x"],"severity":"high","published":"2026-11-08T10:00:00Z"}' > in
	alerts in --webhook "http://127.0.0.1:$WPORT/h" --template tpl
	expect_eq 0 "$status"
	expect_eq 'x: 1 (2026-11-08T10:00:00Z) Item of high severity on '"'x'"': Il a dit "non"
encore' "$(jget text < hook.log)"
}

@test "--smtp sends a plain-text and an HTML part to --mail-to" {
	need "$PY" python3
	"$PY" -c 'import aiosmtpd' || { echo "missing component: python3-aiosmtpd" >&2; return 1; }
	read -r SPORT SPID < <("$PY" "$TESTS/alertd.py" smtp --dir mail --lifetime 60)
	alerts "$(timeline quiet)" --smtp "smtp://127.0.0.1:$SPORT" \
	    --mail-to "presse@example.org, veille@example.org" --mail-from alertes@example.org --lang fr
	expect_eq 0 "$status"
	expect_eq "alertes@example.org
presse@example.org
veille@example.org" "$(cat mail/1.env)"
	mailparts mail/1.eml > parts
	expect_eq "[veille] Pic sur tags « orange » : 40 mentions de 2026-11-08 14:00 à 14:15 UTC, 1,0 attendues." \
	    "$(sed -n 1p parts)"
	expect_eq "presse@example.org, veille@example.org" "$(sed -n 2p parts)"
	expect_eq "multipart/alternative" "$(sed -n 3p parts)"
	expect_eq "text/plain" "$(sed -n 4p parts)"
	grep -q '^- Article 621 https://example.org/a/621$' parts
	grep -q '^text/html$' parts
	grep -q '<a href="https://example.org/a/621">Article 621</a>' parts
	# the subject is in encoded words of less than 76 characters
	sed -n '/^Subject:/,/^[^ S]/p' mail/1.eml | sed '$d' > subject
	expect_eq 3 "$(wc -l < subject)"
	! grep -q '.\{77\}' subject || false
	[ -f mail/2.eml ]
	[ ! -f mail/3.eml ]
}

@test "--exec runs the command with the alert JSON on its stdin" {
	alerts "$(timeline quiet)" --exec 'cat >> got.ndjson'
	expect_eq 0 "$status"
	expect_eq "$(cat out)" "$(cat got.ndjson)"
	alerts "$(timeline quiet)" --exec 'exit 3' --state st.db --retries 0
	expect_eq 1 "$status"
	grep -q "the command exited with status 3" err
}

@test "--dry-run shows what would be sent and sends nothing, keeps nothing" {
	need sqlite3
	webhook_start hook.log
	alerts "$(timeline quiet)" --webhook "http://127.0.0.1:$WPORT/h" --state st.db --dry-run
	expect_eq 0 "$status"
	expect_eq 2 "$(wc -l < out)"
	grep -q "veille-alert: dry run: webhook to http://127.0.0.1:$WPORT/h:" err
	grep -q '^{"text":"Spike on tags' err
	[ ! -s hook.log ]
	expect_eq 0 "$(sqlite3 st.db 'SELECT count(*) FROM outbox')"
	expect_eq 0 "$(sqlite3 st.db 'SELECT count(*) FROM series')"
	# nor the items alerted on: a real run after a dry run alerts
	printf '%s\n' '{"id":"s1","tags":["x"],"severity":"critical","published":"2026-11-08T10:00:00Z"}' > in
	alerts in --state st.db --dry-run
	expect_eq severity "$(jf alert < out)"
	alerts in --state st.db
	expect_eq severity "$(jf alert < out)"
}

@test "--telegram posts chat_id and text to the Bot API" {
	webhook_start hook.log
	VEILLE_TELEGRAM_API="http://127.0.0.1:$WPORT" VEILLE_TELEGRAM_TOKEN=123:abc \
	    VEILLE_TELEGRAM_CHAT=-100 alerts "$(timeline quiet)" --telegram
	expect_eq 0 "$status"
	expect_eq '{"chat_id": "-100", "text": "Spike' "$(sed -n 1p hook.log | cut -c1-34)"
}
