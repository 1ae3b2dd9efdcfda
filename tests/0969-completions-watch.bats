#!/usr/bin/env bats
# The bash completion knows veille's own commands (init, run, status,
# digest, import-opml), their options and what they take.

load lib

# comp WORDS...: the completions of the last word, space-separated.
comp() {
	bash -c '
		. "$1"/scripts/completions/veille.bash
		shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _veille; echo "${COMPREPLY[*]}"' \
		comp "$ROOT" "$@"
}

@test "veille's own commands complete, and the programs still do" {
	need bash
	expect_eq digest "$(comp veille dig)"
	expect_eq import-opml "$(comp veille imp)"
	expect_eq "init" "$(comp veille ini)"
	expect_eq "report" "$(comp veille rep)"
}

@test "digest completes its options and a watch directory; run its -v; import-opml a file" {
	need bash
	mkdir -p watch-a
	touch subs.opml
	expect_eq "--dry-run" "$(comp veille digest --dr)"
	expect_eq "--since" "$(comp veille digest --si)"
	expect_eq "watch-a" "$(comp veille digest wat)"
	expect_eq "-v" "$(comp veille run -)"
	expect_eq "watch-a" "$(comp veille status w)"
	expect_eq "subs.opml" "$(comp veille import-opml sub)"
	expect_eq "--format" "$(comp veille report --fo)"
}
