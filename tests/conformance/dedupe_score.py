#!/usr/bin/python3
"""dedupe_score.py SET MARKED — precision and recall of veille-dedupe
--mark (MARKED: its output on SET, in the same order).

An item is a true copy when an item of its story ("label") came before
it. A marked item ("duplicate_of") is right when duplicate_of names an
item of its own story. precision = right / marked, recall = right /
true copies; recall by edit, and every mistake, on stderr."""
import collections, json, sys

items = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
marked = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
assert len(items) == len(marked), "veille-dedupe --mark must write every item"
label_of = {it["id"]: it["label"] for it in items}
seen = set()
true = right = pred = 0
by_edit = collections.defaultdict(lambda: [0, 0])
for it, m in zip(items, marked):
    assert it["id"] == m["id"]
    is_copy = it["label"] in seen
    seen.add(it["label"])
    d = m.get("duplicate_of")
    ok = d is not None and label_of.get(d) == it["label"]
    true += is_copy
    pred += d is not None
    right += ok
    if is_copy:
        by_edit[it["edit"]][0] += 1
        by_edit[it["edit"]][1] += ok
    if (d is not None) != is_copy or (d is not None and not ok):
        print("%s: %s %s (label %s, marked as of %s; key %s, distance %s)" % (
            "missed" if d is None else "wrong", it["edit"], it["id"][:8], it["label"], label_of.get(d),
            m.get("duplicate_key"), m.get("duplicate_distance")), file=sys.stderr)
for e in sorted(by_edit):
    n, k = by_edit[e]
    print("  %-13s %4d copies, recall %.3f" % (e, n, k / n), file=sys.stderr)
p = right / pred if pred else 1.0
r = right / true if true else 1.0
print("items %d copies %d marked %d right %d precision %.4f recall %.4f" % (
    len(items), true, pred, right, p, r))
