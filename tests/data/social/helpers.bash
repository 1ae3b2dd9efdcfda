# helpers.bash — loaded by the tests/04*-social-*.bats files after lib:
#   load lib; load data/social/helpers
# Every test works in its own temporary directory.

SOC=$TESTS/data/social
MAPS=$TESTS/data/maps

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# pick F1,F2,... < ndjson: one line per record, the values of the fields
# (dotted paths: engagement.likes, enclosures.0.url) joined by " | ";
# arrays and objects as compact sorted JSON, a missing field as "-".
pick() {
	local fields
	IFS=, read -ra fields <<<"$1"
	jfields " | " - 1 "${fields[@]}"
}

# count < ndjson: number of records
count() { grep -c . || true; }
