# tests/lib.bash — loaded by every bats file: `load lib`.
# VEILLE_BIN (set by tests/run) is the build under test; TESTS is tests/,
# SHARED the ../shared corpora. Each test runs in its own $BATS_TEST_TMPDIR.

TESTS=$(cd "$BATS_TEST_DIRNAME" && pwd)
# Every test works in its own scratch directory (files like out, expect).
if [ -n "${BATS_TEST_TMPDIR:-}" ]; then cd "$BATS_TEST_TMPDIR" || exit 1; fi
ROOT=$(cd "$TESTS/.." && pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared
: "${VEILLE_BIN:=$ROOT/bin}"
PATH=$VEILLE_BIN:$PATH
export PATH VEILLE_BIN
# Sanitizers: fail hard, no leak noise from libraries we do not own.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LC_ALL=C.UTF-8

# need CMD [WHY]: a missing component fails the test, never skips it.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "# missing component: $1 ${2:-} (run scripts/install-deps)" >&3
	echo "missing component: $1" >&2
	return 1
}

# The Python with Debian's packages (aiosmtpd, feedparser...), not pyenv's.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# expect_eq WANT GOT: compare with a readable diff on failure.
expect_eq() {
	if [ "$1" != "$2" ]; then
		printf 'expected:\n%s\ngot:\n%s\n' "$1" "$2" >&2
		return 1
	fi
}

# jfields SEP MISSING COMPACT PATH... < ndjson: per record, the values at
# the dotted paths (enclosures.0.url; a negative index counts from the
# end) joined by SEP, MISSING for an absent value, objects and arrays as
# sorted JSON (compact when COMPACT is 1), final newlines cut. The one
# reader of records every test helper goes through.
jfields() {
	"$PY" -c '
import json, sys
sep, missing, compact = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
def get(v, path):
    for p in path.split("."):
        if isinstance(v, list):
            v = v[int(p)] if p.lstrip("-").isdigit() and len(v) > int(p) else None
        elif isinstance(v, dict):
            v = v.get(p)
        else:
            v = None
    if v is None: return missing
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":") if compact else None)
    if isinstance(v, float) and v.is_integer(): return str(int(v))
    return str(v).rstrip("\n")
for line in sys.stdin:
    if line.strip():
        r = json.loads(line)
        print(sep.join(get(r, p) for p in sys.argv[4:]))
' "$@"
}

# jf PATH... < ndjson: the values at the paths, space-separated, "<none>"
# when absent; jget PATH: one of them.
jf() { jfields " " "<none>" 0 "$@"; }
jget() { jf "$1"; }

# memory_setup: for tests of peak memory (setup): /usr/bin/time, and
# $scale, the factor of their bounds: 2 under ASan (VEILLE_BUILD=asan),
# with the allocator's quarantine made small.
memory_setup() {
	need /usr/bin/time time
	scale=1
	if [ "${VEILLE_BUILD:-}" = asan ]; then
		scale=2
		export ASAN_OPTIONS=$ASAN_OPTIONS:quarantine_size_mb=8
	fi
}

# peak_mb CMD...: run CMD (stdin and stdout as given), peak RSS in MB in
# ./peak, its exit status in $status.
peak_mb() {
	status=0
	/usr/bin/time -f %M -o time.out "$@" || status=$?
	echo $(( $(tail -n 1 time.out) / 1024 )) > peak
}

# no_nulls < ndjson: fails if any record holds a null anywhere.
no_nulls() {
	"$PY" -c '
import json, sys
def walk(v):
    if v is None: return False
    if isinstance(v, dict): return all(walk(x) for x in v.values())
    if isinstance(v, list): return all(walk(x) for x in v)
    return True
bad = [i for i, l in enumerate(sys.stdin, 1) if l.strip() and not walk(json.loads(l))]
if bad: print("null in records at lines", bad, file=sys.stderr); sys.exit(1)
'
}

# mailparts FILE.eml: an e-mail read as a mail client does: the subject,
# the To, the content type, then each part's type and decoded text, a
# line each.
mailparts() {
	"$PY" - "$1" <<'PY'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
print(m["Subject"])
print(m["To"])
print(m.get_content_type())
for p in m.iter_parts():
    print(p.get_content_type())
    print(p.get_content().strip())
PY
}
