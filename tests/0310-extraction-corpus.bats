#!/usr/bin/env bats
# Article extraction quality on the article-extraction corpus (issue 4):
# F1 over word 4-gram shingles, as the published benchmark computes it,
# must stay above the floor of tests/conformance/extraction.sh. Every page
# is parsed by the build under test (so the ASan build checks all 181).
load lib

@test "article extraction F1 on the 181-page corpus stays above the floor" {
	need veille-parse
	[ -f "$SHARED/corpora/article-extraction/ground-truth.json" ] || {
		echo "missing corpus: $SHARED/corpora/article-extraction" >&2
		return 1
	}
	run "$TESTS/conformance/extraction.sh" --bin "$VEILLE_BIN"
	echo "$output" >&3
	[ "$status" -eq 0 ]
	[[ "$output" == *"pages=181 "* ]]
	[[ "$output" == *"F1="* ]]
}

@test "the scorer itself: identical texts score 1, disjoint 0, short texts as the benchmark does" {
	"$PY" - "$TESTS/conformance" <<'PYTEST'
import sys
sys.path.insert(0, sys.argv[1])
from extraction_score import page_counts, score, shingles
assert page_counts("a b c d e", "a b c d e") == (2, 0, 0)
assert page_counts("a b c d e", "v w x y z") == (0, 2, 2)
# fewer than four tokens: one shingle of all of them
assert shingles("one two") == {("one", "two"): 1}
assert page_counts("", "") == (0, 0, 0)
# \w+ tokens: punctuation and case as in the benchmark, Unicode words
assert shingles("Été, à Paris: l'été!")[("Été", "à", "Paris", "l")] == 1
# an empty prediction counts in recall only
p, r, f = score({"x": page_counts("a b c d e", ""), "y": page_counts("a b c d", "a b c d")})
assert (p, r) == (1.0, 0.5), (p, r)
print("ok")
PYTEST
}
