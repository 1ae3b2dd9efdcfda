#!/usr/bin/python3
"""extraction_score.py — score article text extraction against the
article-extraction corpus (../shared/corpora/article-extraction, MIT).

The metric is the published benchmark's: the tokens of a text are its
Unicode \\w+ matches; a text is the multiset of its word 4-gram shingles
(a text of fewer than 4 tokens is one shingle of all of them, an empty
text has none). For each page, with the multiset intersection of the
truth and the prediction:
    tp = |shared|, fp = |pred| - tp, fn = |truth| - tp
precision = tp / (tp + fp) and recall = tp / (tp + fn) (1 when fp = fn = 0),
averaged over pages; a page with an empty prediction counts in the recall
mean only (as the benchmark does). F1 is the harmonic mean of the means.

Usage:
  extraction_score.py --corpus DIR --bin DIR [--min F] [--jobs N]
                      [--per-page] [--save FILE]
      run DIR/veille-parse --raw --mode html --base-url URL on each page
      and score the "content" field of the item it prints.
  extraction_score.py --corpus DIR --predictions FILE [--min F]
      score a JSON object {id: {"articleBody": text}}.
Exit status: 0, 1 when F1 < --min, 2 on a usage or setup error.
Standard library only; run with /usr/bin/python3.
"""
import argparse
import concurrent.futures
import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter

TOKEN = re.compile(r'\w+', re.UNICODE)


def shingles(text, n=4):
    toks = TOKEN.findall(text or '')
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_counts(truth, pred):
    """(tp, fp, fn) of one page."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def page_precision(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(counts):
    """counts: {id: (tp, fp, fn)} -> (precision, recall, f1)."""
    ps = [page_precision(*c) for c in counts.values() if c[0] + c[1] > 0]
    rs = [page_recall(*c) for c in counts.values() if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def load_corpus(corpus):
    with open(os.path.join(corpus, 'ground-truth.json'), encoding='utf-8') as f:
        return json.load(f)


def read_page(corpus, pid):
    path = os.path.join(corpus, 'html', pid + '.html.gz')
    with gzip.open(path, 'rb') as f:
        return f.read()


def run_parse(binary, corpus, pid, url):
    """Content extracted by veille-parse for one page ('' if none)."""
    try:
        r = subprocess.run([binary, '--raw', '--mode', 'html', '--base-url', url],
                           input=read_page(corpus, pid), capture_output=True,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return '', 'timeout'
    err = r.stderr.decode('utf-8', 'replace').strip()
    if r.returncode > 1 or r.returncode < 0:
        return '', 'exit %d: %s' % (r.returncode, err[-300:])
    content = ''
    for line in r.stdout.decode('utf-8').splitlines():
        line = line.strip()
        if line:
            rec = json.loads(line)
            content = rec.get('content', '') or ''
            if 'error' in rec and not content:
                err = err or rec['error']
            break
    return content, err


def main():
    ap = argparse.ArgumentParser(description='score article extraction')
    ap.add_argument('--corpus', required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument('--bin', help='directory holding veille-parse')
    g.add_argument('--predictions', help='JSON {id: {"articleBody": text}}')
    ap.add_argument('--min', type=float, default=0.90, help='F1 floor')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    ap.add_argument('--per-page', action='store_true',
                    help='print one line per page, worst F1 first')
    ap.add_argument('--save', help='write the predictions as JSON here')
    ap.add_argument('--label', default='veille-parse')
    a = ap.parse_args()

    try:
        truth = load_corpus(a.corpus)
    except (OSError, ValueError) as e:
        print('extraction_score: cannot read the corpus: %s' % e, file=sys.stderr)
        return 2
    preds, errs = {}, {}
    if a.predictions:
        with open(a.predictions, encoding='utf-8') as f:
            preds = {k: v.get('articleBody', '') for k, v in json.load(f).items()}
    else:
        binary = os.path.join(a.bin, 'veille-parse')
        if not os.access(binary, os.X_OK):
            print('extraction_score: no %s' % binary, file=sys.stderr)
            return 2
        with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as ex:
            futs = {pid: ex.submit(run_parse, binary, a.corpus, pid, v['url'])
                    for pid, v in truth.items()}
            for pid, fu in futs.items():
                preds[pid], errs[pid] = fu.result()
    missing = [k for k in truth if k not in preds]
    if missing:
        print('extraction_score: %d pages without prediction' % len(missing),
              file=sys.stderr)
        return 2
    if a.save:
        with open(a.save, 'w', encoding='utf-8') as f:
            json.dump({k: {'articleBody': v} for k, v in preds.items()}, f,
                      ensure_ascii=False, indent=0)
    counts = {k: page_counts(truth[k].get('articleBody', ''), preds[k])
              for k in truth}
    crashes = [k for k, e in errs.items() if e and e.startswith(('exit', 'timeout'))]
    for k in crashes:
        print('extraction_score: %s: %s' % (k, errs[k]), file=sys.stderr)
    if a.per_page:
        rows = []
        for k, c in counts.items():
            p, r = page_precision(*c), page_recall(*c)
            f = 2 * p * r / (p + r) if p + r else 0.0
            rows.append((f, p, r, k))
        for f, p, r, k in sorted(rows):
            print('%.3f p=%.3f r=%.3f %s %s' % (f, p, r, k[:12], truth[k]['url']))
    p, r, f = score(counts)
    empty = sum(1 for k in preds if not TOKEN.search(preds[k] or ''))
    print('%s: pages=%d empty=%d precision=%.4f recall=%.4f F1=%.4f'
          % (a.label, len(counts), empty, p, r, f))
    if crashes:
        return 1
    if f < a.min:
        print('extraction_score: F1 %.4f below the floor %.4f' % (f, a.min),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
