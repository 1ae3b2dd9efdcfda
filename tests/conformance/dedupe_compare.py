#!/usr/bin/python3
"""dedupe_compare.py SET — why veille-dedupe uses containment over MinHash
sketches rather than SimHash: on the labelled set of dedupe_set.py, for
each edit, the share of copies each measure puts within its threshold of
the group's original, and the same for the same-subject pairs (which must
stay apart). Exact measures over word 4-shingles (the sketches estimate
them): SimHash (64 bits, Charikar; copies within Hamming distance k),
Jaccard (|A n B| / |A u B|) and containment (|A n B| / min(|A|, |B|)).
Words: lowercase \\w+ runs, accents stripped (close to lib/text.h)."""
import collections, hashlib, json, re, sys, unicodedata

def words(t):
    t = "".join(c for c in unicodedata.normalize("NFKD", t.lower()) if not unicodedata.combining(c))
    return re.findall(r"\w+", t)

def shingles(t):
    w = words(t)
    return {" ".join(w[i:i + 4]) for i in range(len(w) - 3)}

def h64(s):
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")

def simhash(sh):
    v = [0] * 64
    for s in sh:
        h = h64(s)
        for b in range(64):
            v[b] += 1 if h >> b & 1 else -1
    return sum(1 << b for b in range(64) if v[b] > 0)

items = [json.loads(l) for l in open(sys.argv[1])]
text = lambda it: it.get("content") or it.get("summary") or it.get("title", "")
orig = {it["label"]: it for it in items if it["edit"] == "original"}
rows = collections.defaultdict(list)
for it in items:
    if it["edit"] in ("original",) or it["label"] not in orig:
        continue
    a, b = shingles(text(it)), shingles(text(orig[it["label"]]))
    if not a or not b:
        continue
    i = len(a & b)
    rows[it["edit"]].append((bin(simhash(a) ^ simhash(b)).count("1"), i / len(a | b), i / min(len(a), len(b))))
neg = collections.defaultdict(list)
for it in items:
    if it["edit"] == "same_subject":
        neg[it["label"][:-2]].append(it)
for pair in neg.values():
    if len(pair) == 2:
        a, b = shingles(text(pair[0])), shingles(text(pair[1]))
        i = len(a & b)
        rows["SAME SUBJECT"].append((bin(simhash(a) ^ simhash(b)).count("1"), i / len(a | b), i / min(len(a), len(b))))
print("%-13s %5s  %9s %9s %9s  %9s %9s  %9s %9s" % ("edit", "pairs", "simhash<=3", "<=6", "<=10",
      "jacc>=0.5", ">=0.7", "cont>=0.5", ">=0.7"))
for e in sorted(rows):
    r = rows[e]
    f = lambda c: sum(1 for x in r if c(x)) / len(r)
    print("%-13s %5d  %9.3f %9.3f %9.3f  %9.3f %9.3f  %9.3f %9.3f" % (e, len(r),
          f(lambda x: x[0] <= 3), f(lambda x: x[0] <= 6), f(lambda x: x[0] <= 10),
          f(lambda x: x[1] >= 0.5), f(lambda x: x[1] >= 0.7),
          f(lambda x: x[2] >= 0.5), f(lambda x: x[2] >= 0.7)))
