/* match.c — the queries of lib/rules.h over item records, see match.h.
 *
 * Why Vectorscan rather than an Aho–Corasick of our own: it compiles the
 * 20,000 distinct words of 10,000 queries into one database in well
 * under a second and scans folded text with SIMD literal filters at
 * several hundred MB/s, faster than a byte-at-a-time automaton, and it
 * takes the "gr?ve" one-character wildcard as a pattern of the same
 * database (scripts/bench-classify measures the whole tool).
 *
 * A database match is only a candidate: the word of the folded text
 * that holds its end (words as text_next_word cuts them) must be the
 * pattern (literal), start with it (prefix), or fit it (wildcards).
 * Phrases are checked word by word from the hits of their first word. */
#include "match.h"
#include "fields.h"
#include "record.h"
#include "text.h"
#include "util.h"

#include <hs.h>
#include <stdlib.h>
#include <string.h>

/* Occurrences kept per term and item: enough for --explain and NEAR,
 * and bounds the work NEAR does on a long text full of one word. */
#define MAX_OCC 1000

struct hit { int field, word; };
struct occ { int field, start, end; };         /* word indices, end included */
struct occv { struct occ *v; int n, cap; };

struct wp {                                    /* one distinct word pattern */
	char *pat;
	size_t len;
	int kind;
	int *rules, nrules;                    /* the rules using it */
	unsigned gen;                          /* item of the hits below */
	struct hit *hits;
	int nhits, caphits;
};

struct cterm {                                 /* a RN_TERM node */
	struct rnode *nd;
	int *wp;                               /* per word */
	unsigned gen;                          /* item of occ */
	struct occv occ;
};

struct fstate {                                /* one text field of the item */
	const char *raw;
	size_t rawlen;
	char *fold;
	size_t flen;
	size_t *map;
	struct text_tok *w;
	int nw, capw;
	int present;
};

struct matcher {
	struct rules *rs;
	struct rules own;
	struct wp *wps;
	int nwps, capwps;
	int *htab;                             /* wp index + 1, open addressing */
	size_t hcap;
	struct cterm *terms;
	int nterms, capterms;
	int *always, nalways;                  /* rules evaluated on every item */
	int fields;                            /* RF_* to scan */
	int need_map;
	hs_database_t *db, *dbglob;      /* literals and prefixes; wildcards */
	hs_scratch_t *scratch;
	unsigned gen;
	unsigned *rule_gen;
	int *cand, ncand;
	int *touched, ntouched;
	int *matched, nmatched;
	int severity;
	struct fstate f[RF_NFIELDS];
	int cur_field;
	/* the item being matched */
	const cJSON *item;
	const char *lang;
	const char *tone;
	char *url_fold;
	int url_done;
};

static const char *const field_names[RF_NFIELDS] = {
	F_TITLE, F_SUMMARY, F_CONTENT, F_AUTHOR, F_HANDLE,
};

/* ---- building ---- */

static size_t
hash_wp(int kind, const char *s, size_t n)
{
	return mem_hash(s, n) ^ (size_t)kind * 0x9E3779B97F4A7C15ULL;
}

static int
wp_intern(struct matcher *m, int kind, const char *pat)
{
	size_t n = strlen(pat);
	if ((size_t)(m->nwps + 1) * 2 > m->hcap) {
		size_t cap = m->hcap ? m->hcap * 2 : 1024;
		int *t = xcalloc(cap, sizeof *t);
		for (int i = 0; i < m->nwps; i++) {
			size_t h = hash_wp(m->wps[i].kind, m->wps[i].pat, m->wps[i].len) & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = i + 1;
		}
		free(m->htab);
		m->htab = t;
		m->hcap = cap;
	}
	size_t h = hash_wp(kind, pat, n) & (m->hcap - 1);
	while (m->htab[h]) {
		struct wp *p = &m->wps[m->htab[h] - 1];
		if (p->kind == kind && p->len == n && !memcmp(p->pat, pat, n))
			return m->htab[h] - 1;
		h = (h + 1) & (m->hcap - 1);
	}
	if (m->nwps == m->capwps) {
		m->capwps = m->capwps ? m->capwps * 2 : 256;
		m->wps = xrealloc(m->wps, (size_t)m->capwps * sizeof *m->wps);
	}
	struct wp *p = &m->wps[m->nwps];
	memset(p, 0, sizeof *p);
	p->pat = xstrdup(pat);
	p->len = n;
	p->kind = kind;
	m->htab[h] = m->nwps + 1;
	return m->nwps++;
}

static void
add_terms(struct matcher *m, struct rnode *nd, int rule)
{
	if (nd->kind == RN_TERM) {
		if (m->nterms == m->capterms) {
			m->capterms = m->capterms ? m->capterms * 2 : 64;
			m->terms = xrealloc(m->terms, (size_t)m->capterms * sizeof *m->terms);
		}
		struct cterm *t = &m->terms[m->nterms];
		memset(t, 0, sizeof *t);
		t->nd = nd;
		t->wp = xmalloc((size_t)nd->nwords * sizeof *t->wp);
		nd->aux = m->nterms++;
		m->fields |= nd->fields;
		for (int i = 0; i < nd->nwords; i++) {
			int id = wp_intern(m, nd->words[i].kind, nd->words[i].pat);
			t->wp[i] = id;
			struct wp *p = &m->wps[id];
			if (nd->words[i].exact)
				m->need_map = 1;
			if (!p->nrules || p->rules[p->nrules - 1] != rule) {
				p->rules = xrealloc(p->rules, (size_t)(p->nrules + 1) * sizeof *p->rules);
				p->rules[p->nrules++] = rule;
			}
		}
	}
	for (int i = 0; i < nd->nkids; i++)
		add_terms(m, nd->kids[i], rule);
}

/* Can nd be true only when one of its words was seen? Then its rule is
 * evaluated only on items where a word of it was seen. */
static int
positive(const struct rnode *nd)
{
	switch (nd->kind) {
	case RN_TERM:
	case RN_NEAR:
		return 1;
	case RN_AND:
		for (int i = 0; i < nd->nkids; i++)
			if (positive(nd->kids[i]))
				return 1;
		return 0;
	case RN_OR:
		for (int i = 0; i < nd->nkids; i++)
			if (!positive(nd->kids[i]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* The Vectorscan expression of a wildcard pattern: '?' one character
 * (UTF-8 mode), a final '*' dropped, ASCII other than letters and digits
 * escaped, UTF-8 bytes as they are. */
static char *
glob_expr(const struct wp *p)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->len; i++) {
		unsigned char c = (unsigned char)p->pat[i];
		if (c == '?')
			buf_addc(&b, '.');
		else if (c == '*' && i + 1 == p->len)
			;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c >= 0x80)
			buf_addc(&b, (char)c);
		else
			buf_printf(&b, "\\x%02x", c);
	}
	return buf_steal(&b);
}

/* Literal and prefix words go to one database of literals (compiled in
 * a tenth of the time the same words take as expressions); the words
 * with '?' to a second one, made only when there are some. */
static int
compile_db(struct matcher *m, struct buf *errs)
{
	int n = m->nwps, nlit = 0, nglob = 0;
	const char **lits = xmalloc(((size_t)n + 1) * sizeof *lits);
	size_t *lens = xmalloc(((size_t)n + 1) * sizeof *lens);
	unsigned *litids = xmalloc(((size_t)n + 1) * sizeof *litids);
	char **globs = xmalloc(((size_t)n + 1) * sizeof *globs);
	unsigned *globids = xmalloc(((size_t)n + 1) * sizeof *globids);
	unsigned *litflags = xcalloc((size_t)n + 1, sizeof *litflags);
	unsigned *globflags = xmalloc(((size_t)n + 1) * sizeof *globflags);
	for (int i = 0; i < n; i++) {
		const struct wp *p = &m->wps[i];
		globflags[i] = HS_FLAG_UTF8;
		if (p->kind == RW_GLOB) {
			globids[nglob] = (unsigned)i;
			globs[nglob++] = glob_expr(p);
		} else {
			litids[nlit] = (unsigned)i;
			lens[nlit] = p->len;
			lits[nlit++] = p->pat;
		}
	}
	hs_compile_error_t *cerr = NULL;
	int rc = 0;
	if (nlit && hs_compile_lit_multi(lits, litflags, litids, lens, (unsigned)nlit,
	    HS_MODE_BLOCK, NULL, &m->db, &cerr) != HS_SUCCESS)
		rc = -1;
	else if (nglob && hs_compile_multi((const char *const *)globs, globflags, globids,
	    (unsigned)nglob, HS_MODE_BLOCK, NULL, &m->dbglob, &cerr) != HS_SUCCESS)
		rc = -1;
	if (rc < 0) {
		buf_printf(errs, "cannot compile the queries: %s\n", cerr ? cerr->message : "?");
		hs_free_compile_error(cerr);
	} else if ((m->db && hs_alloc_scratch(m->db, &m->scratch) != HS_SUCCESS) ||
	    (m->dbglob && hs_alloc_scratch(m->dbglob, &m->scratch) != HS_SUCCESS)) {
		buf_adds(errs, "cannot allocate the scratch space of the queries\n");
		rc = -1;
	}
	for (int i = 0; i < nglob; i++)
		free(globs[i]);
	free(lits);
	free(lens);
	free(litids);
	free(globs);
	free(globids);
	free(litflags);
	free(globflags);
	return rc;
}

struct matcher *
match_new(struct rules *rs, struct buf *errs)
{
	struct matcher *m = xcalloc(1, sizeof *m);
	m->rs = rs;
	for (int r = 0; r < rs->n; r++) {
		add_terms(m, rs->v[r].root, r);
		if (!positive(rs->v[r].root)) {
			m->always = xrealloc(m->always, (size_t)(m->nalways + 1) * sizeof *m->always);
			m->always[m->nalways++] = r;
		}
	}
	if (compile_db(m, errs) < 0) {
		match_free(m);
		return NULL;
	}
	m->rule_gen = xcalloc((size_t)rs->n + 1, sizeof *m->rule_gen);
	m->cand = xmalloc(((size_t)rs->n + 1) * sizeof *m->cand);
	m->matched = xmalloc(((size_t)rs->n + 1) * sizeof *m->matched);
	m->touched = xmalloc(((size_t)m->nwps + 1) * sizeof *m->touched);
	return m;
}

struct matcher *
match_new_query(const char *q, const char *where, struct buf *errs)
{
	struct rnode *nd = rules_parse_query(q, strlen(q), where, errs);
	if (!nd)
		return NULL;
	struct rules *rs = xcalloc(1, sizeof *rs);
	rules_init(rs);
	rs->v = xcalloc(1, sizeof *rs->v);
	rs->n = rs->cap = 1;
	rs->v[0].name = xstrdup(where ? where : "query");
	rs->v[0].root = nd;
	rs->v[0].line = 1;
	struct matcher *m = match_new(rs, errs);
	if (!m) {
		rules_free(rs);
		free(rs);
		return NULL;
	}
	m->own = *rs;
	free(rs);
	m->rs = &m->own;
	return m;
}

void
match_free(struct matcher *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nwps; i++) {
		free(m->wps[i].pat);
		free(m->wps[i].rules);
		free(m->wps[i].hits);
	}
	free(m->wps);
	free(m->htab);
	for (int i = 0; i < m->nterms; i++) {
		free(m->terms[i].wp);
		free(m->terms[i].occ.v);
	}
	free(m->terms);
	free(m->always);
	if (m->scratch)
		hs_free_scratch(m->scratch);
	if (m->db)
		hs_free_database(m->db);
	if (m->dbglob)
		hs_free_database(m->dbglob);
	free(m->rule_gen);
	free(m->cand);
	free(m->touched);
	free(m->matched);
	for (int f = 0; f < RF_NFIELDS; f++) {
		free(m->f[f].fold);
		free(m->f[f].map);
		free(m->f[f].w);
	}
	free(m->url_fold);
	if (m->rs == &m->own)
		rules_free(&m->own);
	free(m);
}

/* ---- scanning ---- */

/* Does word s[0..n) fit pattern p (bytes, '?' one character, a final
 * '*' any rest)? */
static int
glob_word(const char *p, size_t pn, const char *s, size_t n)
{
	size_t j = 0;
	for (size_t i = 0; i < pn; i++) {
		if (p[i] == '*' && i + 1 == pn)
			return 1;
		if (j >= n)
			return 0;
		if (p[i] == '?') {
			j++;
			while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
				j++;
		} else if (p[i] != s[j++]) {
			return 0;
		}
	}
	return j == n;
}

static int
wp_fits(const struct wp *p, const char *s, size_t n)
{
	switch (p->kind) {
	case RW_LITERAL:
		return n == p->len && !memcmp(s, p->pat, n);
	case RW_PREFIX:
		return n >= p->len && !memcmp(s, p->pat, p->len);
	default:
		return glob_word(p->pat, p->len, s, n);
	}
}

static int
on_match(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *ctx)
{
	struct matcher *m = ctx;
	struct fstate *fs = &m->f[m->cur_field];
	struct wp *p = &m->wps[id];
	(void)from;
	(void)flags;
	if (to == 0)
		return 0;
	/* the word holding byte to - 1 */
	int lo = 0, hi = fs->nw - 1, k = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (fs->w[mid].off <= to - 1) {
			k = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (k < 0)
		return 0;
	const struct text_tok *w = &fs->w[k];
	if (to > w->off + w->len)
		return 0;
	if (p->kind == RW_LITERAL && (to != w->off + w->len || w->len != p->len))
		return 0;
	if (p->kind == RW_PREFIX && to - p->len != w->off)
		return 0;
	if (p->kind == RW_GLOB && !glob_word(p->pat, p->len, fs->fold + w->off, w->len))
		return 0;
	if (p->gen != m->gen) {
		p->gen = m->gen;
		p->nhits = 0;
		m->touched[m->ntouched++] = (int)id;
	} else if (p->hits[p->nhits - 1].field == m->cur_field && p->hits[p->nhits - 1].word == k) {
		return 0;
	}
	if (p->nhits == p->caphits) {
		p->caphits = p->caphits ? p->caphits * 2 : 8;
		p->hits = xrealloc(p->hits, (size_t)p->caphits * sizeof *p->hits);
	}
	p->hits[p->nhits].field = m->cur_field;
	p->hits[p->nhits++].word = k;
	return 0;
}

static void
scan_field(struct matcher *m, int f, int want_map)
{
	struct fstate *fs = &m->f[f];
	fs->present = 0;
	fs->nw = 0;
	const char *s = rec_str(m->item, field_names[f]);
	if (!s || !*s)
		return;
	fs->present = 1;
	fs->raw = s;
	fs->rawlen = strlen(s);
	free(fs->fold);
	free(fs->map);
	fs->map = NULL;
	fs->fold = text_fold(s, fs->rawlen, &fs->flen, want_map ? &fs->map : NULL);
	size_t pos = 0;
	struct text_tok t;
	while (text_next_word(fs->fold, fs->flen, &pos, &t)) {
		if (fs->nw == fs->capw) {
			fs->capw = fs->capw ? fs->capw * 2 : 64;
			fs->w = xrealloc(fs->w, (size_t)fs->capw * sizeof *fs->w);
		}
		fs->w[fs->nw++] = t;
	}
	if (fs->nw == 0)
		return;
	m->cur_field = f;
	unsigned len = (unsigned)(fs->flen > 0xFFFFFFFFu ? 0xFFFFFFFFu : fs->flen);
	if (m->db)
		hs_scan(m->db, fs->fold, len, 0, m->scratch, on_match, m);
	if (m->dbglob)
		hs_scan(m->dbglob, fs->fold, len, 0, m->scratch, on_match, m);
}

/* ---- evaluation ---- */

static int
word_ok(const struct matcher *m, const struct rword *rw, const struct wp *p, int f, int k)
{
	const struct fstate *fs = &m->f[f];
	if (k >= fs->nw)
		return 0;
	const struct text_tok *w = &fs->w[k];
	if ((rw->flags & ~w->flags) != 0)
		return 0;
	if (p && !wp_fits(p, fs->fold + w->off, w->len))
		return 0;
	if (rw->exact) {
		if (!fs->map)
			return 0;
		size_t a = fs->map[w->off], b = fs->map[w->off + w->len];
		size_t n = strlen(rw->exact);
		if (b < a || b - a != n || memcmp(fs->raw + a, rw->exact, n))
			return 0;
	}
	return 1;
}

static void
occ_add(struct occv *v, int field, int start, int end)
{
	if (v->n >= MAX_OCC)
		return;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = xrealloc(v->v, (size_t)v->cap * sizeof *v->v);
	}
	v->v[v->n].field = field;
	v->v[v->n].start = start;
	v->v[v->n++].end = end;
}

static const struct occv *
term_occ(struct matcher *m, const struct rnode *nd)
{
	struct cterm *t = &m->terms[nd->aux];
	if (t->gen == m->gen)
		return &t->occ;
	t->gen = m->gen;
	t->occ.n = 0;
	const struct wp *p0 = &m->wps[t->wp[0]];
	if (p0->gen != m->gen)
		return &t->occ;
	for (int h = 0; h < p0->nhits; h++) {
		int f = p0->hits[h].field, k = p0->hits[h].word;
		if (!(nd->fields & (1 << f)))
			continue;
		int good = word_ok(m, &nd->words[0], NULL, f, k);
		for (int j = 1; good && j < nd->nwords; j++)
			good = word_ok(m, &nd->words[j], &m->wps[t->wp[j]], f, k + j);
		if (good)
			occ_add(&t->occ, f, k, k + nd->nwords - 1);
	}
	return &t->occ;
}

/* The spans where a NEAR operand (term, OR of them, NEAR) occurs. */
static void
near_occ(struct matcher *m, const struct rnode *nd, struct occv *out)
{
	if (nd->kind == RN_TERM) {
		const struct occv *o = term_occ(m, nd);
		for (int i = 0; i < o->n; i++)
			occ_add(out, o->v[i].field, o->v[i].start, o->v[i].end);
		return;
	}
	if (nd->kind == RN_OR) {
		for (int i = 0; i < nd->nkids; i++)
			near_occ(m, nd->kids[i], out);
		return;
	}
	struct occv a = { 0 }, b = { 0 };
	near_occ(m, nd->kids[0], &a);
	if (a.n)
		near_occ(m, nd->kids[1], &b);
	for (int i = 0; i < a.n; i++)
		for (int j = 0; j < b.n; j++) {
			const struct occ *x = &a.v[i], *y = &b.v[j];
			if (x->field != y->field)
				continue;
			int gap;
			if (x->end < y->start)
				gap = y->start - x->end - 1;
			else if (!nd->ordered && y->end < x->start)
				gap = x->start - y->end - 1;
			else
				continue;
			if (gap <= nd->near)
				occ_add(out, x->field, x->start < y->start ? x->start : y->start,
				    x->end > y->end ? x->end : y->end);
		}
	free(a.v);
	free(b.v);
}

/* The host of an URL, lowercase, into buf (size n): "" when none. */
static const char *
url_host(const char *url, char *buf, size_t n)
{
	buf[0] = 0;
	if (!url)
		return buf;
	const char *p = strstr(url, "://");
	if (!p)
		return buf;
	p += 3;
	const char *e = p + strcspn(p, "/?#");
	const char *at = memchr(p, '@', (size_t)(e - p));
	if (at)
		p = at + 1;
	const char *colon = memchr(p, ':', (size_t)(e - p));
	if (colon && p[0] != '[')
		e = colon;
	size_t len = (size_t)(e - p);
	if (len >= n)
		return buf;
	for (size_t i = 0; i < len; i++)
		buf[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] + 32) : p[i];
	buf[len] = 0;
	if (len && buf[len - 1] == '.')
		buf[len - 1] = 0;
	return buf;
}

static int
host_in(const char *host, const char *site)
{
	size_t hl = strlen(host), sl = strlen(site);
	if (!sl || hl < sl)
		return 0;
	if (strcmp(host + hl - sl, site))
		return 0;
	return hl == sl || host[hl - sl - 1] == '.';
}

static int
folded_eq(const char *s, const char *folded)
{
	if (!s)
		return 0;
	char *f = text_fold(s, strlen(s), NULL, NULL);
	int eq = !strcmp(f, folded);
	free(f);
	return eq;
}

static int
lang_is(const char *lang, const char *code)
{
	if (!lang)
		return 0;
	size_t n = strcspn(lang, "-_");
	return n == strlen(code) && !ascii_ncasecmp(lang, code, n);
}

static const char *
item_lang(const struct matcher *m)
{
	return m->lang ? m->lang : rec_str(m->item, F_LANG);
}

static int
pred(struct matcher *m, const struct rnode *nd)
{
	const cJSON *it = m->item;
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(it, F_SOURCE);
	char host[256];
	switch (nd->pred) {
	case RP_URL: {
		const char *u = rec_str(it, F_URL);
		if (!u)
			return 0;
		if (!m->url_done) {
			m->url_fold = text_fold(u, strlen(u), NULL, NULL);
			m->url_done = 1;
		}
		return strstr(m->url_fold, nd->value) != NULL;
	}
	case RP_SITE: {
		const char *u = rec_str(it, F_URL);
		if (!u && cJSON_IsObject(src))
			u = rec_str(src, F_SOURCE_URL);
		return host_in(url_host(u, host, sizeof host), nd->value);
	}
	case RP_SOURCE: {
		if (!cJSON_IsObject(src))
			return 0;
		const char *t = rec_str(src, F_SOURCE_TITLE);
		if (t) {
			char *f = text_fold(t, strlen(t), NULL, NULL);
			int in = strstr(f, nd->value) != NULL;
			free(f);
			if (in)
				return 1;
		}
		return host_in(url_host(rec_str(src, F_SOURCE_URL), host, sizeof host), nd->value) ||
		    host_in(url_host(rec_str(src, F_SOURCE_SITE), host, sizeof host), nd->value);
	}
	case RP_LANG:
		return lang_is(item_lang(m), nd->value);
	case RP_PLATFORM:
		return folded_eq(rec_str(it, F_PLATFORM), nd->value);
	case RP_SENTIMENT: {
		const char *l = m->tone;
		if (!l) {
			const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, F_SENTIMENT);
			l = cJSON_IsObject(s) ? rec_str(s, "label") : NULL;
		}
		return l && !strcmp(l, nd->value);
	}
	case RP_TAG: {
		const cJSON *tags = cJSON_GetObjectItemCaseSensitive(it, F_TAGS);
		const cJSON *t;
		cJSON_ArrayForEach(t, tags)
			if (cJSON_IsString(t) && folded_eq(t->valuestring, nd->value))
				return 1;
		return 0;
	}
	}
	return 0;
}

static int
eval(struct matcher *m, const struct rnode *nd)
{
	switch (nd->kind) {
	case RN_TERM:
		return term_occ(m, nd)->n > 0;
	case RN_PRED:
		return pred(m, nd);
	case RN_AND:
		for (int i = 0; i < nd->nkids; i++)
			if (!eval(m, nd->kids[i]))
				return 0;
		return 1;
	case RN_OR:
		for (int i = 0; i < nd->nkids; i++)
			if (eval(m, nd->kids[i]))
				return 1;
		return 0;
	case RN_NOT:
		return !eval(m, nd->kids[0]);
	case RN_NEAR: {
		struct occv o = { 0 };
		near_occ(m, nd, &o);
		free(o.v);
		return o.n > 0;
	}
	}
	return 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int
rule_applies(const struct matcher *m, const struct rule *r)
{
	if (!r->nlangs)
		return 1;
	const char *lang = item_lang(m);
	for (int i = 0; i < r->nlangs; i++)
		if (lang_is(lang, r->langs[i]))
			return 1;
	return 0;
}

int
match_item(struct matcher *m, const cJSON *item, const char *lang, const char *tone,
    int explain)
{
	if (++m->gen == 0) {
		/* after 2^32 items: forget every stamp */
		for (int i = 0; i < m->nwps; i++)
			m->wps[i].gen = 0;
		for (int i = 0; i < m->nterms; i++)
			m->terms[i].gen = 0;
		memset(m->rule_gen, 0, (size_t)m->rs->n * sizeof *m->rule_gen);
		m->gen = 1;
	}
	m->item = item;
	m->lang = lang;
	m->tone = tone;
	free(m->url_fold);
	m->url_fold = NULL;
	m->url_done = 0;
	m->ntouched = m->ncand = m->nmatched = 0;
	m->severity = SEV_NONE;
	for (int f = 0; f < RF_NFIELDS; f++)
		if (m->fields & (1 << f))
			scan_field(m, f, explain || m->need_map);
		else
			m->f[f].present = m->f[f].nw = 0;
	for (int i = 0; i < m->ntouched; i++) {
		const struct wp *p = &m->wps[m->touched[i]];
		for (int j = 0; j < p->nrules; j++)
			if (m->rule_gen[p->rules[j]] != m->gen) {
				m->rule_gen[p->rules[j]] = m->gen;
				m->cand[m->ncand++] = p->rules[j];
			}
	}
	for (int i = 0; i < m->nalways; i++)
		if (m->rule_gen[m->always[i]] != m->gen) {
			m->rule_gen[m->always[i]] = m->gen;
			m->cand[m->ncand++] = m->always[i];
		}
	qsort(m->cand, (size_t)m->ncand, sizeof *m->cand, cmp_int);
	for (int i = 0; i < m->ncand; i++) {
		const struct rule *r = &m->rs->v[m->cand[i]];
		if (rule_applies(m, r) && eval(m, r->root)) {
			m->matched[m->nmatched++] = m->cand[i];
			if (r->severity > m->severity)
				m->severity = r->severity;
		}
	}
	return m->nmatched;
}

const struct rule *
match_rule(const struct matcher *m, int i)
{
	return i >= 0 && i < m->nmatched ? &m->rs->v[m->matched[i]] : NULL;
}

int
match_severity(const struct matcher *m)
{
	return m->severity;
}

static void
explain_node(struct matcher *m, const struct rnode *nd, int negated, cJSON *arr)
{
	if (nd->kind == RN_NOT)
		negated = !negated;
	if (nd->kind == RN_TERM && !negated) {
		const struct occv *o = term_occ(m, nd);
		for (int f = 0; f < RF_NFIELDS; f++) {
			cJSON *offs = NULL;
			const struct fstate *fs = &m->f[f];
			for (int i = 0; i < o->n; i++) {
				if (o->v[i].field != f)
					continue;
				const struct text_tok *a = &fs->w[o->v[i].start], *b = &fs->w[o->v[i].end];
				size_t s = a->off, e = b->off + b->len;
				if (fs->map) {
					s = fs->map[s];
					e = fs->map[e];
				}
				if (!offs)
					offs = cJSON_CreateArray();
				cJSON *pair = cJSON_CreateArray();
				cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)s));
				cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)e));
				cJSON_AddItemToArray(offs, pair);
			}
			if (!offs)
				continue;
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "field", field_names[f]);
			cJSON_AddStringToObject(e, "term", nd->text);
			cJSON_AddItemToObject(e, "offsets", offs);
			cJSON_AddItemToArray(arr, e);
		}
	}
	for (int i = 0; i < nd->nkids; i++)
		explain_node(m, nd->kids[i], negated, arr);
}

cJSON *
match_explain(struct matcher *m, int i)
{
	const struct rule *r = match_rule(m, i);
	cJSON *arr = cJSON_CreateArray();
	if (r)
		explain_node(m, r->root, 0, arr);
	return arr;
}

int
match_test(struct matcher *m, const cJSON *item)
{
	return match_item(m, item, NULL, NULL, 0) > 0;
}
