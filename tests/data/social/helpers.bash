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
	"$PY" -c '
import json, sys
fields = sys.argv[1].split(",")
def get(v, path):
    for p in path.split("."):
        if isinstance(v, list):
            v = v[int(p)] if p.isdigit() and int(p) < len(v) else None
        elif isinstance(v, dict):
            v = v.get(p)
        else:
            v = None
    return v
for line in sys.stdin:
    if not line.strip():
        continue
    rec = json.loads(line)
    out = []
    for f in fields:
        v = get(rec, f)
        if v is None: out.append("-")
        elif isinstance(v, (dict, list)):
            out.append(json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        elif isinstance(v, bool): out.append("true" if v else "false")
        elif isinstance(v, float) and v.is_integer(): out.append(str(int(v)))
        else: out.append(str(v))
    print(" | ".join(out))
' "$1"
}

# count < ndjson: number of records
count() { grep -c . || true; }
