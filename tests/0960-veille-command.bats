#!/usr/bin/env bats
# The front command: `veille NAME` runs veille-NAME, found beside it or on
# PATH; help, commands, and a suggestion for a typo.

load lib

@test "veille NAME runs veille-NAME with its arguments and exit status" {
	veille report --version > actual
	veille-report --version > expect
	diff -u expect actual
	run veille report --since soon
	[ "$status" -eq 2 ]
	[[ "$output" == "veille-report: --since: 'soon' is not a time or a duration"* ]]
}

@test "a command beside veille is found before one on PATH" {
	mkdir -p other
	printf '#!/bin/sh\necho impostor\n' > other/veille-report
	chmod +x other/veille-report
	PATH=$PWD/other:$PATH run "$VEILLE_BIN/veille" report --version
	[ "$status" -eq 0 ]
	[[ "$output" == "veille-report "* ]]
}

@test "a veille-NAME on PATH is a command too" {
	mkdir -p ext
	printf '#!/bin/sh\necho "extension $1"; exit 3\n' > ext/veille-hello
	chmod +x ext/veille-hello
	PATH=$PWD/ext:$PATH run veille hello world
	[ "$status" -eq 3 ]
	[ "$output" = "extension world" ]
	PATH=$PWD/ext:$PATH veille commands | grep -qx hello
}

@test "veille commands lists every program, each once, sorted" {
	veille commands > actual
	sort -u actual | diff -u - actual
	for p in "$VEILLE_BIN"/veille-*; do
		grep -qx "${p##*/veille-}" actual
	done
}

@test "an unknown command is a usage error that suggests the nearest" {
	run veille fecth
	[ "$status" -eq 2 ]
	[ "$output" = "veille: 'fecth' is not a veille command; did you mean 'fetch'?" ]
	run veille repo
	[ "$status" -eq 2 ]
	[[ "$output" == *"did you mean 'report'?" ]]
	run veille xyzzy
	[ "$status" -eq 2 ]
	[ "$output" = "veille: 'xyzzy' is not a veille command; see 'veille commands'" ]
	run veille ../../bin/sh
	[ "$status" -eq 2 ]
}

@test "veille with no command prints its usage and exits 2; --help exits 0" {
	run veille
	[ "$status" -eq 2 ]
	[[ "$output" == "usage: veille "* ]]
	run veille --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"report     the digest of a window"* ]]
	run veille --bogus
	[ "$status" -eq 2 ]
	veille --version | grep -q '^veille [0-9]'
}

@test "veille help NAME shows the manual page" {
	need man
	MANPAGER=cat PAGER=cat MANWIDTH=80 veille help report > page 2>/dev/null
	grep -q 'veille-report' page
	# the manual page (EXIT STATUS), or --help where no page is found
	grep -qi 'exit status' page
	run veille help fecth
	[ "$status" -eq 2 ]
}

@test "veille init writes a commented watch directory, and leaves an existing one alone" {
	run veille init w
	[ "$status" -eq 0 ]
	[[ "$output" == "w: watch directory written"* ]]
	for f in sources.txt rules.txt accounts.txt veille.conf; do
		[ -s "w/$f" ]
		head -1 "w/$f" | grep -q "^# $f"
	done
	[ -d w/state ]
	echo "https://a.example/rss" >> w/sources.txt
	run veille init w
	[ "$status" -eq 0 ]
	[[ "$output" == *"already a watch directory, nothing changed"* ]]
	tail -1 w/sources.txt | grep -qx "https://a.example/rss"
	run veille init
	[ "$status" -eq 2 ]
}

@test "veille status says what a new watch has done: nothing yet" {
	veille init w >/dev/null
	veille status w > actual
	printf '%s\n' "last run: never" "failing sources: none" "alerts written: 0" \
		"store: w/store.db, not created yet" > expect
	diff -u expect actual
	run veille status nowhere
	[ "$status" -eq 2 ]
	[[ "$output" == *"nowhere: not a watch directory (no veille.conf; see 'veille init')"* ]]
}

@test "veille run refuses a directory that is not a watch, and a bad veille.conf" {
	run veille run nowhere
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a watch directory"* ]]
	veille init w >/dev/null
	n=$(wc -l < w/veille.conf)
	printf '[store\npath\n' >> w/veille.conf
	run veille run w
	[ "$status" -eq 2 ]
	[[ "$output" == *"w/veille.conf:$((n + 1)): expected '[section]'"* ]]
	[[ "$output" == *"w/veille.conf:$((n + 2)): expected 'key = value', got 'path'"* ]]
}

@test "a second veille run while one holds the lock exits at once, saying so" {
	veille init w >/dev/null
	exec 9>w/state/lock
	flock -n 9
	run timeout 10 veille run w
	exec 9>&-
	[ "$status" -eq 1 ]
	[[ "$output" == *"w: another run is active; not starting this one"* ]]
}
