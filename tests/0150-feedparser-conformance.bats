#!/usr/bin/env bats
# Conformance with the test cases of Python's feedparser
# (../shared/corpora/feedparser, BSD-2-Clause): tests/conformance/feedparser.sh
# runs veille-parse over all of them once; the per-category table is
# printed as TAP diagnostics, failures and crashes in full when a test fails.

setup_file() {
	load lib
	need veille-parse || return 1
	out=$BATS_FILE_TMPDIR/conformance.txt
	rc=0
	"$TESTS/conformance/feedparser.sh" --min 0.95 --verbose \
		--summary "$BATS_FILE_TMPDIR/summary.json" >"$out" 2>&1 || rc=$?
	echo "$rc" >"$BATS_FILE_TMPDIR/rc"
}

setup() {
	load lib
	out=$BATS_FILE_TMPDIR/conformance.txt
	sum=$BATS_FILE_TMPDIR/summary.json
}

# The table and the verdict lines (everything before the first failure).
table() {
	sed -n '/^FAIL \|^CRASH /q;p' "$out" | sed 's/^/# /' >&3
}

@test "feedparser well-formed cases: at least 95% of the applicable ones pass" {
	[ -s "$sum" ] || { cat "$out"; false; }
	table
	"$PY" - "$sum" <<-'EOF' || { grep -A12 '^FAIL ' "$out"; false; }
	import json, sys
	s = json.load(open(sys.argv[1]))
	print("pass rate %.1f%% (%d/%d), minimum %.0f%%" % (100 * s["rate"], s["passed"], s["applicable"], 100 * s["min"]))
	sys.exit(0 if s["applicable"] > 0 and s["rate"] >= s["min"] else 1)
	EOF
}

@test "feedparser cases, ill-formed ones included: no crash, no sanitizer report" {
	[ -s "$sum" ] || { cat "$out"; false; }
	grep '^crash check' "$out" | sed 's/^/# /' >&3
	if grep -q '^CRASH ' "$out"; then
		grep '^CRASH ' "$out"
		false
	fi
	"$PY" -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["crashes"] != 0)' "$sum"
}
