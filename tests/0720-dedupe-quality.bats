#!/usr/bin/env bats
# 0720-dedupe-quality — precision and recall of veille-dedupe on its
# labelled evaluation set (tests/conformance/dedupe.sh), with a floor:
# precision >= 0.99, recall >= 0.95 (the targets of issue 21).
load lib

@test "precision >= 0.99 and recall >= 0.95 on the labelled evaluation set" {
	need veille-dedupe
	need "$PY" "(python3)"
	[ -f "$SHARED/corpora/article-extraction/ground-truth.json" ] || {
		echo "missing component: ../shared/corpora/article-extraction" >&2
		return 1
	}
	run env VEILLE_BIN="$VEILLE_BIN" "$ROOT/tests/conformance/dedupe.sh" 0.99 0.95
	echo "$output" | grep -v '^missed\|^wrong' >&3 || true
	expect_eq 0 "$status"
	[[ "$output" == *"precision"*"recall"* ]]
}

@test "the floor bites: exact keys alone miss the edited copies" {
	need veille-dedupe
	run env VEILLE_BIN="$VEILLE_BIN" "$ROOT/tests/conformance/dedupe.sh" 0.99 0.95 --exact
	expect_eq 1 "$status"
}
