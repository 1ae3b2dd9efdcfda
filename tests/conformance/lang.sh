#!/bin/sh
# lang.sh — accuracy of veille's language identification (lib/lang.c,
# ELD's model) on the labelled short texts of tests/data/lang/catalogs.tsv
# (translations from Debian's message catalogs: see its SOURCE), side by
# side with Google's CLD2 on the same texts.
#
#   tests/conformance/lang.sh [--build DIR] [--min F] [--min-lang F]
#
# The driver is BUILD/unit/lang --each (--each-cld2 for CLD2), BUILD
# defaulting to the build of $VEILLE_BIN (bin -> build, build/asan/bin ->
# build/asan). A text counts as right when its language is the label; an
# answer of "unsure" (-1) counts as wrong. Prints accuracy per language
# for texts of tweet length (60..280 characters) and of headline length
# (20..59), then the overall figures. Exits 1 when veille's overall
# accuracy on tweet-length texts is under --min (default 0.97) or one
# language's under --min-lang (default 0.95), 2 on a missing driver or set.
. "$(dirname "$0")/unit-build.sh"
min=0.97 minlang=0.95
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--min) min=$2; shift 2 ;;
	--min-lang) minlang=$2; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "lang.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
set=$root/tests/data/lang/catalogs.tsv
drv=$build/unit/lang
[ -x "$drv" ] || { echo "lang.sh: no driver $drv (make all)" >&2; exit 2; }
[ -f "$set" ] || { echo "lang.sh: no set $set" >&2; exit 2; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cut -f3 "$set" >"$tmp/texts"
"$drv" --each <"$tmp/texts" >"$tmp/veille" || { echo "lang.sh: $drv failed" >&2; exit 2; }
"$drv" --each-cld2 <"$tmp/texts" >"$tmp/cld2" || { echo "lang.sh: $drv --each-cld2 failed" >&2; exit 2; }
exec "$py" - "$set" "$tmp/veille" "$tmp/cld2" "$min" "$minlang" <<'PY'
import sys
setf, vf, cf, mn, mnl = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
rows = [l.rstrip("\n").split("\t") for l in open(setf, encoding="utf-8")]
ans = {"veille": [l.split()[0] for l in open(vf)], "cld2": [l.split()[0] for l in open(cf)]}
for k, v in ans.items():
    if len(v) != len(rows):
        sys.exit("lang.sh: %s gave %d answers for %d texts" % (k, len(v), len(rows)))
acc = {}
for i, (lang, _, text) in enumerate(rows):
    kind = "tweet" if len(text) >= 60 else "headline"
    for who in ans:
        for key in ((who, kind, lang), (who, kind, "all")):
            a = acc.setdefault(key, [0, 0])
            a[0] += ans[who][i] == lang
            a[1] += 1
langs = sorted({r[0] for r in rows})
def f(who, kind, lang):
    a = acc.get((who, kind, lang), [0, 0])
    return a[0] / a[1] if a[1] else 0.0
print("language   tweet (60-280 chars)   headline (20-59 chars)")
print("           veille   CLD2          veille   CLD2")
for lang in langs + ["all"]:
    print("%-8s   %.3f    %.3f         %.3f    %.3f   (%d + %d texts)" % (
        lang, f("veille", "tweet", lang), f("cld2", "tweet", lang),
        f("veille", "headline", lang), f("cld2", "headline", lang),
        acc[("veille", "tweet", lang)][1], acc[("veille", "headline", lang)][1]))
bad = [l for l in langs if f("veille", "tweet", l) < mnl]
ok = f("veille", "tweet", "all") >= mn and not bad
print("tweet-length accuracy %.3f (minimum %.2f), lowest language %s %.3f (minimum %.2f): %s" % (
    f("veille", "tweet", "all"), mn, min(langs, key=lambda l: f("veille", "tweet", l)),
    min(f("veille", "tweet", l) for l in langs), mnl, "ok" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PY
