#!/usr/bin/env bats
# Every program has a manual page that lints clean, and every option its
# --help lists is documented there.
load lib

progs() {
	local p
	for p in "$VEILLE_BIN"/veille-*; do
		[ -x "$p" ] && basename "$p"
	done
}

@test "every program has a manual page" {
	for p in $(progs); do
		[ -f "$ROOT/man/$p.1" ] || { echo "no man/$p.1" >&2; return 1; }
	done
	[ -f "$ROOT/man/veille.7" ]
}

@test "manual pages lint clean (mandoc -T lint)" {
	need mandoc
	run mandoc -T lint -W warning "$ROOT"/man/*.1 "$ROOT"/man/*.5 "$ROOT"/man/*.7
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	[ -z "$output" ] || { echo "$output" >&2; return 1; }
}

@test "manual pages format without a troff warning at 80 columns (man -l, groff -ww)" {
	need groff
	for f in "$ROOT"/man/*.1 "$ROOT"/man/*.5 "$ROOT"/man/*.7; do
		run groff -k -mandoc -ww -z -Tutf8 "$f"
		[ "$status" -eq 0 ] && [ -z "$output" ] || { echo "$output" >&2; return 1; }
	done
}

@test "every option --help lists is documented in the manual page" {
	for p in $(progs); do
		"$p" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >help.$p
		grep -o 'Fl \\\{0,1\}-[a-z][a-z-]*' "$ROOT/man/$p.1" |
			sed 's/.*Fl \\\{0,1\}-/--/' | sort -u >man.$p
		missing=$(comm -23 help.$p man.$p)
		[ -z "$missing" ] || { echo "$p: in --help, not in $p.1: $missing" >&2; return 1; }
	done
}

@test "every program prints its usage line as its SYNOPSIS says, exit 2 on a bad option" {
	for p in $(progs); do
		run "$p" --no-such-option
		[ "$status" -eq 2 ] || { echo "$p exited $status" >&2; return 1; }
		grep -q "^usage: $p " <<<"$output"
		run "$p" --version
		[ "$status" -eq 0 ]
		grep -q "^$p [0-9]" <<<"$output"
	done
}
