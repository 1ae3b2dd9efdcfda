#!/usr/bin/env bats
# Language identification and sentiment measured on labelled real texts
# (tests/conformance/lang.sh, sentiment.sh; the sets and their sources in
# tests/data/lang and tests/data/sentiment): the figures are printed as
# TAP diagnostics, and a figure under its floor fails.

setup() {
	load lib
	[ -x "$TESTS/../build/unit/lang" ] || [ -x "$(dirname "$VEILLE_BIN")/unit/lang" ]
}

@test "language: at least 97% right on tweet-length texts, each language at least 95%" {
	run "$TESTS/conformance/lang.sh" --min 0.97 --min-lang 0.95
	printf '%s\n' "$output" | sed 's/^/# /' >&3
	[ "$status" -eq 0 ]
	[[ "$output" == *"tweet-length accuracy"*": ok"* ]]
}

@test "language: veille at least as accurate as CLD2 on the same tweet-length texts" {
	run "$TESTS/conformance/lang.sh"
	[ "$status" -eq 0 ]
	line=$(printf '%s\n' "$output" | grep '^all ')
	set -- $line
	echo "veille $2, CLD2 $3"
	awk -v a="$2" -v b="$3" 'BEGIN { exit !(a >= b) }'
}

@test "language: a floor above the figure fails the script" {
	run "$TESTS/conformance/lang.sh" --min 1.01
	[ "$status" -eq 1 ]
	[[ "$output" == *FAIL* ]]
}

@test "sentiment: English at least 65% right on the UCI review sentences" {
	run "$TESTS/conformance/sentiment.sh" --min-en 0.65
	printf '%s\n' "$output" | sed 's/^/# /' >&3
	[ "$status" -eq 0 ]
	[[ "$output" == *"en all "*": ok"* ]]
}

@test "sentiment: a floor above the figure fails the script" {
	run "$TESTS/conformance/sentiment.sh" --min-en 0.99
	[ "$status" -eq 1 ]
	[[ "$output" == *"en all "*FAIL* ]]
}

@test "conformance scripts refuse a build without their driver" {
	run "$TESTS/conformance/lang.sh" --build "$BATS_TEST_TMPDIR/nowhere"
	[ "$status" -eq 2 ]
	run "$TESTS/conformance/sentiment.sh" --build "$BATS_TEST_TMPDIR/nowhere"
	[ "$status" -eq 2 ]
}
