#!/usr/bin/env bats
# 0230-fetch-hosts — veille-fetch's scheduler: --parallel, --per-host and
# --delay, checked from the server side on 127.0.0.1-127.0.0.9 (the log
# records how many requests each address had in flight).
load lib
load fetch

setup_file() {
	httpd_start 9
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

now_ms() { date +%s%3N; }

@test "--per-host 2 keeps at most two requests in flight to each of nine hosts" {
	targets 4 /delay/150ms 1 2 3 4 5 6 7 8 9 | fetch --parallel 18 --per-host 2
	expect_eq 0 "$status"
	expect_eq 36 "$(wc -l < out)"
	expect_eq 9 "$(logq 'len({l["addr"] for l in L})')"
	expect_eq 2 "$(logq 'max(l["inflight"] for l in L)')"
	# ... while the hosts were served side by side.
	expect_eq True "$(logq 'max(l["inflight_all"] for l in L) >= 12')"
}

@test "--per-host 3 lets exactly three through: the measurement can see it" {
	targets 9 /delay/150ms 1 | fetch --per-host 3
	expect_eq 0 "$status"
	expect_eq 3 "$(logq 'max(l["inflight"] for l in L)')"
}

@test "--parallel caps the requests in flight over all hosts" {
	targets 2 /delay/150ms 1 2 3 4 5 6 7 8 9 | fetch --parallel 4 --per-host 2
	expect_eq 0 "$status"
	expect_eq 18 "$(wc -l < out)"
	expect_eq 4 "$(logq 'max(l["inflight_all"] for l in L)')"
}

@test "--delay spaces the requests to one host, and only to that host" {
	{ targets 4 /ok 1; targets 1 /ok 2; } | fetch --delay 300ms --per-host 4
	expect_eq 0 "$status"
	# Starts to 127.0.0.1 are 300 ms apart (slack: the first one paid for
	# connecting, the next ones may reuse the connection).
	expect_eq True "$(logq 'all(b - a >= 0.25 for a, b in zip(*[sorted(l["t0"] for l in L if l["addr"] == "127.0.0.1")[i:] for i in (0, 1)]))')"
	expect_eq True "$(logq 'max(l["t0"] for l in L if l["addr"] == "127.0.0.1") - min(l["t0"] for l in L) < 1.5')"
	# 127.0.0.2 did not wait behind them.
	expect_eq True "$(logq 'min(l["t0"] for l in L if l["addr"] == "127.0.0.2") - min(l["t0"] for l in L) < 0.2')"
}

@test "a host that refuses connections does not hold up the others" {
	# Nothing listens on 127.0.0.10: twenty targets there, each retried once.
	{ targets 20 /feed 10; targets 6 /delay/50ms 2; } > list
	t0=$(now_ms)
	fetch --per-host 2 --retries 1 < list
	t1=$(now_ms)
	expect_eq 1 "$status"
	expect_eq 26 "$(wc -l < out)"
	expect_eq 20 "$(grep -c '"error_code":"connect"' out)"
	expect_eq 6 "$(grep -c '"status":200' out)"
	# Serialised behind each other's backoff this would take over 5 s.
	[ $((t1 - t0)) -lt 3000 ]
}

@test "a 429 pauses its whole host for Retry-After, other hosts go on" {
	{ echo "http://127.0.0.1:$PORT/flaky/q?fail=1&code=429&retry-after=1"
	  targets 2 /ok 1; targets 1 /ok 2; } | fetch --per-host 1
	expect_eq 0 "$status"
	expect_eq 5 "$(logq 'len(L)')"
	# q: the first answer, 429; then its host waits, the other does not.
	q='min((l for l in L if "/flaky/" in l["path"]), key=lambda l: l["t0"])'
	expect_eq 2 "$(logq "sum(1 for l in L if '/flaky/' in l['path'])")"
	expect_eq True "$(logq "all(l['t0'] - $q['t1'] >= 0.95 for l in L if l['addr'] == '127.0.0.1' and l is not $q)")"
	expect_eq True "$(logq "all(l['t0'] - $q['t1'] < 0.5 for l in L if l['addr'] == '127.0.0.2')")"
}
