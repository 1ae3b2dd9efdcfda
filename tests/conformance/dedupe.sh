#!/bin/sh
# tests/conformance/dedupe.sh [MIN_PRECISION MIN_RECALL] — veille-dedupe
# on its labelled evaluation set (tests/conformance/dedupe_set.py: copies
# of real articles made by the edits syndication makes, and distinct
# articles on one subject). Prints precision and recall (and recall by
# edit on stderr); exits 1 when under the floors given.
# Extra arguments after the floors go to veille-dedupe (--threshold 0.4).
cd "$(dirname "$0")/../.." || exit 2
: "${VEILLE_BIN:=bin}"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
corpus=../shared/corpora/article-extraction
[ -f "$corpus/ground-truth.json" ] || { echo "dedupe.sh: $corpus missing" >&2; exit 2; }
minp=${1:-0}; minr=${2:-0}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$PY" tests/conformance/dedupe_set.py "$corpus" > "$tmp/set.ndjson" || exit 2
"$VEILLE_BIN/veille-dedupe" --explain -q "$@" < "$tmp/set.ndjson" > "$tmp/marked.ndjson" || exit 1
"$PY" tests/conformance/dedupe_score.py "$tmp/set.ndjson" "$tmp/marked.ndjson" > "$tmp/score" || exit 1
cat "$tmp/score"
awk -v p="$minp" -v r="$minr" '{ if ($10 + 0 < p || $12 + 0 < r) exit 1 }' "$tmp/score"
