#!/usr/bin/python3
"""dedupe_set.py CORPUS_DIR > set.ndjson — the labelled evaluation set of
veille-dedupe, made from the article-extraction ground truth (real news
and blog texts, ../shared/corpora/article-extraction, MIT).

Every record is an item with "label" (its story) and "edit" (what was
done to it). Deterministic (seeded): the same corpus gives the same set.

Positives: for each article of the pool P, the original item and eight
copies made by the edits syndication and feeds really make:
  headline     another headline, same text, another site
  para_added   a paragraph of context added (editor's note, background)
  para_cut     a paragraph cut (never the first)
  wrapper      the site's boilerplate around the text (menus, newsletter
               box, share bar, copyright, related links)
  teaser       a feed teaser: the first 150-400 characters cut at a word,
               with "...", no content
  punct_accent typographic quotes and dashes made plain, accents dropped,
               commas removed, case changed in the headline
  url_variant  the same page reached through another URL: tracking
               parameters, www./m./AMP editions, a fragment
  syndicated   another headline, the boilerplate wrapper and the
               punctuation changes together
Negatives: pool N (articles kept out of P) gives pairs of distinct
articles on one subject: an article's first half, and its second half
opening with a sentence quoted from the first (two stories on the same
event that share a quote). The articles of P are distinct stories among
themselves (the corpus has pages on the same subjects: games, sport,
politics, phones).

The feedparser corpus is not used: its items are test values (a dozen
example.com links, one-word texts) that say nothing about copies."""
import hashlib, json, random, re, sys, unicodedata

corpus = sys.argv[1]
gt = json.load(open(corpus + "/ground-truth.json"))
import os
rng = random.Random(int(os.environ.get("DEDUPE_SEED", "21")))

def hid(s):
    return hashlib.sha256(s.encode()).hexdigest()[:32]

def paras(t):
    ps = [p.strip() for p in re.split(r"\n\s*\n|\n", t) if p.strip()]
    return ps

def sentences(t):
    return [s for s in re.split(r"(?<=[.!?])\s+", t) if s]

def cut_words(s, n):
    if len(s) <= n:
        return s
    s = s[:n]
    return s[:s.rfind(" ")] if " " in s else s

def title_of(body):
    return cut_words(sentences(body)[0], rng.randint(60, 100)).rstrip(".")

SITES = ["dailyherald", "lepost", "infomatin", "newswire", "tribune", "courrier",
         "gazette", "observer", "lexpress-regional", "metronews"]
NOTES = [
    "Editor's note: this article was updated on {d} to add comments from officials and to correct the spelling of a name.",
    "Background: the case has drawn attention since it first emerged earlier this year, and several reports have followed it since then.",
    "This story has been updated with additional reporting and a response from the company, which did not reply before publication.",
    "Read more: our coverage of the subject, with analysis from our correspondents and a timeline of the main events so far.",
]
WRAP_HEAD = [
    "Home | News | World | Business | Sport | Culture | Opinion",
    "Sign up to our newsletter and get the day's headlines in your inbox every morning.",
    "Share this article: Facebook Twitter LinkedIn Email Print",
]
WRAP_TAIL = [
    "Related articles: The ten stories you missed this week. What we know so far. Live: the latest updates.",
    "Comments are closed for this article. Read our community guidelines.",
    "(c) 2026 {site} Media Group. All rights reserved. Terms of use. Privacy policy. Cookie settings.",
]

def site_url(site, body):
    slug = "-".join(re.findall(r"\w+", title_of(body).lower())[:8])
    return "https://www.%s.example/%d/%s" % (site, rng.randint(1000, 99999), slug)

def punct_accent(t):
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = t.replace("\u00ab", '"').replace("\u00bb", '"').replace("\u2014", "-").replace("\u2013", "-")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn")
    t = re.sub(r",(?=\s)", "", t)
    t = t.replace(". ", ".  ")
    return t

def wrap(body, site):
    head = "\n\n".join(rng.sample(WRAP_HEAD, 2))
    tail = "\n\n".join(x.format(site=site.title()) for x in rng.sample(WRAP_TAIL, 2))
    return head + "\n\n" + body + "\n\n" + tail

def url_variant(url):
    u = url
    host = u.split("/")[2]
    r = rng.random()
    if r < 0.3:
        u = u.replace("://" + host, "://" + (host[4:] if host.startswith("www.") else "www." + host), 1)
    elif r < 0.45:
        u = u.replace("://" + host, "://m." + (host[4:] if host.startswith("www.") else host), 1)
    elif r < 0.6:
        u = u.split("?")[0].rstrip("/") + "/amp/"
    sep = "&" if "?" in u else "?"
    tags = rng.choice(["utm_source=rss&utm_medium=feed&utm_campaign=daily",
                       "xtor=RSS-3208", "at_medium=email&at_campaign=nl&fbclid=IwAR3xk",
                       "utm_source=twitter&ref_src=twsrc%5Etfw", "mc_cid=8a1b2c&mc_eid=77ef",
                       "gclid=Cj0KCQiA"])
    u = u.split("#")[0] + sep + tags
    if rng.random() < 0.3:
        u += "#comments"
    return u

items = []
arts = sorted(gt.items())
neg_pool, pos_pool = [], []
for k, v in arts:
    body = v["articleBody"].strip()
    ps = paras(body)
    nw = len(body.split())
    if nw >= 300 and len(ps) >= 4 and len(neg_pool) < 40 and rng.random() < 0.3:
        neg_pool.append((k, v, ps))
    elif nw >= 100:
        pos_pool.append((k, v, ps))

for k, v, ps in pos_pool:
    body = "\n\n".join(ps)
    url = v["url"]
    g = "p:" + k[:12]
    title = title_of(body)
    items.append(dict(id=hid(url), url=url, title=title, content=body, label=g, edit="original"))
    def copy(edit, **kw):
        site = rng.choice(SITES)
        it = dict(id=hid(g + edit), url=site_url(site, body), title=title, label=g, edit=edit)
        it.update(kw)
        items.append(it)
        return site
    sents = sentences(body)
    other = cut_words(sents[min(1, len(sents) - 1)], rng.randint(50, 90))
    copy("headline", title=other, content=body)
    pos = rng.randint(1, len(ps))
    note = rng.choice(NOTES).format(d="November %d" % rng.randint(1, 28))
    copy("para_added", content="\n\n".join(ps[:pos] + [note] + ps[pos:]))
    if len(ps) >= 3:
        cut = rng.randint(1, len(ps) - 1)
        copy("para_cut", content="\n\n".join(ps[:cut] + ps[cut + 1:]))
    else:
        copy("para_cut", content=" ".join(sents[:-1]) if len(sents) > 3 else body)
    s = rng.choice(SITES)
    copy("wrapper", content=wrap(body, s))
    copy("teaser", summary=cut_words(body.replace("\n\n", " "), rng.randint(150, 400)) + "\u2026")
    copy("punct_accent", title=punct_accent(title).lower(), content=punct_accent(body))
    it = dict(id=hid(g + "url"), url=url_variant(url), title=title, content=body,
              label=g, edit="url_variant")
    items.append(it)
    copy("syndicated", title=other.upper(), content=wrap(punct_accent(body), s))

for k, v, ps in neg_pool:
    half = len(ps) // 2
    a, b = ps[:half], ps[half:]
    quote = rng.choice(sentences(" ".join(a)))
    url = v["url"]
    items.append(dict(id=hid(url + "#1"), url=url + ("&" if "?" in url else "?") + "part=1",
                      title=title_of("\n\n".join(a)), content="\n\n".join(a),
                      label="n:" + k[:12] + ":1", edit="same_subject"))
    items.append(dict(id=hid(url + "#2"), url=site_url(rng.choice(SITES), "\n\n".join(b)),
                      title=title_of("\n\n".join(b)), content="\n\n".join([quote] + b),
                      label="n:" + k[:12] + ":2", edit="same_subject"))

rng.shuffle(items)
for it in items:
    print(json.dumps(it, ensure_ascii=False, separators=(",", ":")))
