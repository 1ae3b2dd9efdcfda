# tests/store.bash — helpers of the veille-store tests (load store).
ITEMS=$TESTS/data/store/items.ndjson
export VEILLE_NOW=2026-11-23T12:00:00Z
unset VEILLE_DB XDG_DATA_HOME

# store ARGS...: run veille-store, stdout in out, stderr in err.
store() {
	run bash -c 'veille-store "$@" >out 2>err' veille-store "$@"
}

# q SQL: one value (or rows) from the store file st.db, by the sqlite3 shell.
q() {
	sqlite3 st.db "$1"
}

# valid_records < ndjson: each line a JSON object, no key twice, no null.
valid_records() {
	"$PY" -c '
import json, sys
def pairs(p):
    keys = [k for k, _ in p]
    if len(keys) != len(set(keys)): raise ValueError("key twice: %r" % keys)
    return dict(p)
for n, line in enumerate(sys.stdin, 1):
    r = json.loads(line, object_pairs_hook=pairs)
    assert isinstance(r, dict), n
' && no_nulls
}
