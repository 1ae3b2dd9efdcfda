#!/usr/bin/env bats
# veille run: the whole watch once, sources to alerts, against a loopback
# site serving the bundled sample; quiet unless a person is needed.

load lib
load fetch

setup_file() { httpd_start 1; }
teardown_file() { httpd_stop; }

setup() {
	mkdir -p "$WWW"
	cp "$TESTS"/data/sample/*.xml "$TESTS"/data/sample/*.atom "$TESTS"/data/sample/*.json "$WWW"/
	cd "$BATS_TEST_TMPDIR"
	veille init w > /dev/null
	for f in presse-regionale.xml blog-tech.atom communiques.json mastodon-panne.json missing.xml; do
		echo "$B/static/$f" >> w/sources.txt
	done
	printf '%s\n' 'panne [severity=high]: panne OR incident OR outage' 'reseau: réseau OR network' >> w/rules.txt
}

@test "a first run stores the items, prints the alerts, and names a failing source once" {
	run veille run w
	[ "$status" -eq 1 ]           # a source failed
	echo "$output" | grep '^{' > alerts
	[ "$(wc -l < alerts)" -ge 1 ]
	jf alert key < alerts | sort -u | grep -qx 'severity panne'
	[ "$(grep -c 'missing.xml: failing since' <<<"$output")" -eq 1 ]
	! grep -q 'presse-regionale.xml: failing' <<<"$output" || false
	cmp alerts w/alerts.ndjson
	n=$(veille-store sql w/store.db 'SELECT count(*) AS n FROM items' | jf n)
	[ "$n" -gt 0 ]
	veille status w > st
	grep -q '^failing: .*missing.xml since ' st
	grep -q '^alerts written: ' st
}

@test "a second run with nothing new is silent, and the failing source is not named again" {
	veille run w > /dev/null 2>&1 || true
	n1=$(veille-store sql w/store.db 'SELECT count(*) AS n FROM items' | jf n)
	run veille run w
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	n2=$(veille-store sql w/store.db 'SELECT count(*) AS n FROM items' | jf n)
	[ "$n1" = "$n2" ]
	run veille run -v w
	[[ "$output" == *"missing.xml: HTTP 404"* ]]
}

@test "a source that recovers leaves the failing list quietly" {
	veille run w > /dev/null 2>&1 || true
	grep -q missing.xml w/state/failing
	cp "$TESTS/data/sample/presse-regionale.xml" "$WWW/missing.xml"
	run veille run w
	[ "$status" -eq 0 ]
	! grep -q 'failing' <<<"$output" || false
	[ ! -s w/state/failing ]
}

@test "a missing tool stops the run before anything starts, naming it" {
	mkdir -p onlyveille
	cp "$VEILLE_BIN/veille" onlyveille/
	PATH=$PWD/onlyveille:/usr/bin:/bin run onlyveille/veille run w
	[ "$status" -eq 2 ]
	[[ "$output" == *"veille-fetch not found (beside veille or on PATH)"* ]]
	[ ! -e w/store.db ]
}
