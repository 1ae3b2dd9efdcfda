/* rules.c — parser of the rules file and of its queries, veille-rules(5).
 *
 * A rule is assembled from its first line and the continuation lines
 * (starting with white space) into one text, each byte remembering its
 * line and column so that errors point into the file. Comments go
 * first: '#' at the start of a line, or '#' followed by white space or
 * the end of the line; '#word' is a hashtag. */
#include "rules.h"
#include "msg.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lpos { int line, col; };

/* One logical rule (or query) being parsed. */
struct src {
	struct buf text;
	struct lpos *pos;         /* text.len + 1 entries */
	size_t cap;
	const char *file;
	struct buf *errs;
	int nerr;                 /* errors of this rule (parse stops at 1) */
};

static void
src_add(struct src *s, const char *p, size_t n, int line, int col)
{
	if (s->text.len + n + 1 > s->cap) {
		s->cap = (s->text.len + n + 1) * 2;
		s->pos = xrealloc(s->pos, s->cap * sizeof *s->pos);
	}
	for (size_t i = 0; i < n; i++) {
		s->pos[s->text.len + i].line = line;
		s->pos[s->text.len + i].col = col;
		if (i + 1 == n || ((unsigned char)p[i + 1] & 0xC0) != 0x80)
			col++;
	}
	buf_add(&s->text, p, n);
	s->pos[s->text.len].line = line;
	s->pos[s->text.len].col = col;
}

static void
err_at(struct src *s, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
err_at(struct src *s, size_t off, const char *fmt, ...)
{
	if (s->nerr++)
		return;
	if (off > s->text.len)
		off = s->text.len;
	buf_printf(s->errs, "%s:%d:%d: ", s->file, s->pos[off].line, s->pos[off].col);
	va_list ap;
	va_start(ap, fmt);
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buf_adds(s->errs, msg);
	buf_addc(s->errs, '\n');
}

/* A piece of the rule for messages (msg_quote: at most 40 bytes,
 * control characters escaped). */
static const char *
quote(const char *p, size_t n)
{
	char tmp[48];
	size_t k = n < sizeof tmp - 1 ? n : sizeof tmp - 1;
	memcpy(tmp, p, k);
	tmp[k] = 0;
	return msg_quote(tmp, 40);
}

/* ---- lexer ---- */

enum { T_END, T_LP, T_RP, T_WORD, T_PHRASE, T_EXACT, T_AND, T_OR, T_NOT,
	T_MINUS, T_NEAR, T_FIELD, T_ERR };

struct tok {
	int t;
	size_t off, len;          /* the token as written */
	size_t voff, vlen;        /* its value: inside quotes or braces */
	int n;                    /* NEAR/n, phrase ~n (-1: none) */
	int ordered;
	int field, pred;          /* T_FIELD: RF_* or RP_* */
};

struct lexer {
	struct src *s;
	size_t i;
	struct tok cur, prev;
};

static const struct { const char *name; int field, pred; } fieldnames[] = {
	{ "title", RF_TITLE, 0 }, { "summary", RF_SUMMARY, 0 },
	{ "content", RF_CONTENT, 0 }, { "author", RF_AUTHOR, 0 },
	{ "handle", RF_HANDLE, 0 }, { "url", 0, RP_URL }, { "site", 0, RP_SITE },
	{ "source", 0, RP_SOURCE }, { "lang", 0, RP_LANG },
	{ "platform", 0, RP_PLATFORM }, { "tag", 0, RP_TAG },
	{ "sentiment", 0, RP_SENTIMENT }, { NULL, 0, 0 },
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_delim(char c)
{
	return is_space(c) || c == '(' || c == ')' || c == '"' || c == '{' || c == '}';
}

static int
parse_num(const char *p, size_t n, int *out)
{
	if (n == 0 || n > 4)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

static void
lex(struct lexer *L)
{
	struct src *s = L->s;
	const char *t = s->text.data;
	size_t n = s->text.len, i = L->i;
	L->prev = L->cur;
	struct tok *k = &L->cur;
	memset(k, 0, sizeof *k);
	k->n = -1;
	while (i < n && is_space(t[i]))
		i++;
	k->off = i;
	if (i >= n) {
		k->t = T_END;
		L->i = i;
		return;
	}
	char c = t[i];
	if (c == '(' || c == ')') {
		k->t = c == '(' ? T_LP : T_RP;
		k->len = 1;
		L->i = i + 1;
		return;
	}
	if (c == '"' || c == '{') {
		char close = c == '"' ? '"' : '}';
		const char *e = memchr(t + i + 1, close, n - i - 1);
		if (!e) {
			err_at(s, i, c == '"' ? "unterminated phrase: no closing '\"'"
			    : "unterminated exact term: no closing '}'");
			k->t = T_ERR;
			L->i = n;
			return;
		}
		k->t = c == '"' ? T_PHRASE : T_EXACT;
		k->voff = i + 1;
		k->vlen = (size_t)(e - t) - i - 1;
		i = (size_t)(e - t) + 1;
		if (c == '"' && i < n && t[i] == '~') {
			size_t j = i + 1;
			while (j < n && !is_delim(t[j]))
				j++;
			if (parse_num(t + i + 1, j - i - 1, &k->n) < 0) {
				err_at(s, i, "expected a number of words after '~'");
				k->t = T_ERR;
				L->i = n;
				return;
			}
			i = j;
		}
		k->len = i - k->off;
		L->i = i;
		return;
	}
	if (c == '}') {
		err_at(s, i, "unexpected '}'");
		k->t = T_ERR;
		L->i = n;
		return;
	}
	if (c == '-' && i + 1 < n && !is_space(t[i + 1]) && t[i + 1] != ')' &&
	    t[i + 1] != '-') {
		k->t = T_MINUS;
		k->len = 1;
		L->i = i + 1;
		return;
	}
	size_t j = i;
	while (j < n && !is_delim(t[j]))
		j++;
	size_t len = j - i;
	k->len = len;
	k->voff = i;
	k->vlen = len;
	L->i = j;
	if (len == 3 && !memcmp(t + i, "AND", 3)) {
		k->t = T_AND;
		return;
	}
	if (len == 2 && !memcmp(t + i, "OR", 2)) {
		k->t = T_OR;
		return;
	}
	if (len == 3 && !memcmp(t + i, "NOT", 3)) {
		k->t = T_NOT;
		return;
	}
	size_t pl = 0;
	if (len >= 5 && !memcmp(t + i, "NEAR/", 5))
		pl = 5;
	else if (len >= 6 && !memcmp(t + i, "ONEAR/", 6))
		pl = 6, k->ordered = 1;
	if (pl || (len == 4 && !memcmp(t + i, "NEAR", 4)) ||
	    (len == 5 && !memcmp(t + i, "ONEAR", 5))) {
		if (!pl || parse_num(t + i + pl, len - pl, &k->n) < 0) {
			err_at(s, i, "expected a number of words after '%s/'",
			    k->ordered || t[i] == 'O' ? "ONEAR" : "NEAR");
			k->t = T_ERR;
			L->i = n;
			return;
		}
		k->t = T_NEAR;
		return;
	}
	const char *colon = memchr(t + i, ':', len);
	if (colon) {
		size_t fl = (size_t)(colon - t) - i;
		for (int f = 0; fieldnames[f].name; f++)
			if (strlen(fieldnames[f].name) == fl &&
			    !ascii_ncasecmp(t + i, fieldnames[f].name, fl)) {
				k->t = T_FIELD;
				k->field = fieldnames[f].field;
				k->pred = fieldnames[f].pred;
				k->len = fl + 1;
				L->i = i + fl + 1;
				return;
			}
		err_at(s, i, "unknown field '%s:' (fields: title summary content author "
		    "handle url site source lang platform tag sentiment; quote a term that holds ':')",
		    quote(t + i, fl));
		k->t = T_ERR;
		L->i = n;
		return;
	}
	k->t = T_WORD;
}

/* ---- terms ---- */

static struct rnode *
node_new(struct src *s, int kind, size_t off)
{
	struct rnode *nd = xcalloc(1, sizeof *nd);
	nd->kind = kind;
	if (off > s->text.len)
		off = s->text.len;
	nd->line = s->pos[off].line;
	nd->col = s->pos[off].col;
	return nd;
}

static void
node_add(struct rnode *nd, struct rnode *kid)
{
	nd->kids = xrealloc(nd->kids, (size_t)(nd->nkids + 1) * sizeof *nd->kids);
	nd->kids[nd->nkids++] = kid;
}

void
rnode_free(struct rnode *nd)
{
	if (!nd)
		return;
	for (int i = 0; i < nd->nwords; i++) {
		free(nd->words[i].pat);
		free(nd->words[i].exact);
	}
	free(nd->words);
	for (int i = 0; i < nd->nkids; i++)
		rnode_free(nd->kids[i]);
	free(nd->kids);
	free(nd->text);
	free(nd->value);
	free(nd);
}

/* The words of a term or phrase written p[0..n) at offset off of the
 * rule: folded, split as text_next_word splits the items' text (so that
 * "l'État" is the word "etat", "covid-19" two words that follow each
 * other), wildcards kept. 0, or -1 (reported). */
static int
term_words(struct src *s, struct rnode *nd, const char *p, size_t n, size_t off, int exact)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '*' && p[i] != '?')
			continue;
		if (exact) {
			err_at(s, off + i, "no wildcards in an {exact} term");
			return -1;
		}
		if (i == 0 || is_space(p[i - 1]) || p[i - 1] == '#' || p[i - 1] == '@' ||
		    p[i - 1] == '\'' || p[i - 1] == '-') {
			err_at(s, off + i, "a word cannot start with a wildcard");
			return -1;
		}
		if (p[i] == '*' && i + 1 < n && !is_space(p[i + 1])) {
			err_at(s, off + i, "'*' only at the end of a word");
			return -1;
		}
	}
	if (exact) {
		/* words of the raw text, each folded for the automaton */
		size_t pos = 0;
		struct text_tok w;
		while (text_next_word(p, n, &pos, &w)) {
			nd->words = xrealloc(nd->words, (size_t)(nd->nwords + 1) * sizeof *nd->words);
			struct rword *rw = &nd->words[nd->nwords++];
			memset(rw, 0, sizeof *rw);
			rw->pat = text_fold(p + w.off, w.len, NULL, NULL);
			rw->exact = xstrndup(p + w.off, w.len);
			rw->flags = w.flags;
		}
	} else {
		size_t fn;
		char *f = text_fold(p, n, &fn, NULL);
		char *g = xstrndup(f, fn);
		for (size_t i = 0; i < fn; i++)
			if (g[i] == '*' || g[i] == '?')
				g[i] = 'a';
		size_t pos = 0;
		struct text_tok w;
		while (text_next_word(g, fn, &pos, &w)) {
			nd->words = xrealloc(nd->words, (size_t)(nd->nwords + 1) * sizeof *nd->words);
			struct rword *rw = &nd->words[nd->nwords++];
			memset(rw, 0, sizeof *rw);
			rw->flags = w.flags;
			size_t len = w.len;
			if (memchr(f + w.off, '?', len))
				rw->kind = RW_GLOB;
			else if (f[w.off + len - 1] == '*') {
				rw->kind = RW_PREFIX;
				len--;
			}
			rw->pat = xstrndup(f + w.off, len);
		}
		free(f);
		free(g);
	}
	if (nd->nwords == 0) {
		err_at(s, off, "no letters or digits in '%s'", quote(p, n));
		return -1;
	}
	nd->text = xstrndup(p, n);
	return 0;
}

/* ---- parser ---- */

static struct rnode *parse_or(struct lexer *L);

static const char *
tok_text(struct lexer *L, const struct tok *k)
{
	if (k->t == T_END)
		return "the end";
	return quote(L->s->text.data + k->off, k->len);
}

/* An error about the current token where a term was expected. */
static void
expected_term(struct lexer *L)
{
	struct src *s = L->s;
	if (L->cur.t == T_ERR)
		return;
	if (L->prev.t == T_END && L->prev.len == 0 && L->prev.off == 0 && L->cur.t != T_END)
		err_at(s, L->cur.off, "expected a term, found '%s'", tok_text(L, &L->cur));
	else if (L->cur.t == T_END)
		err_at(s, L->cur.off, "expected a term after '%s'", tok_text(L, &L->prev));
	else
		err_at(s, L->cur.off, "expected a term after '%s', found '%s'",
		    tok_text(L, &L->prev), tok_text(L, &L->cur));
}

static void
apply_fields(struct rnode *nd, int fields)
{
	if (nd->kind == RN_TERM && !nd->fields)
		nd->fields = fields;
	for (int i = 0; i < nd->nkids; i++)
		apply_fields(nd->kids[i], fields);
}

static struct rnode *
term_node(struct lexer *L, const struct tok *k, int exact)
{
	struct src *s = L->s;
	struct rnode *nd = node_new(s, RN_TERM, k->off);
	if (term_words(s, nd, s->text.data + k->voff, k->vlen, k->voff, exact) < 0) {
		rnode_free(nd);
		return NULL;
	}
	if (k->t != T_PHRASE || k->n < 0 || nd->nwords < 2)
		return nd;
	/* "a b c"~n: a NEAR/n b NEAR/n c */
	struct rnode *acc = NULL;
	for (int i = 0; i < nd->nwords; i++) {
		struct rnode *w = node_new(s, RN_TERM, k->off);
		w->words = xcalloc(1, sizeof *w->words);
		w->words[0] = nd->words[i];
		nd->words[i].pat = nd->words[i].exact = NULL;
		w->nwords = 1;
		w->text = xstrdup(w->words[0].pat);
		if (!acc) {
			acc = w;
			continue;
		}
		struct rnode *near = node_new(s, RN_NEAR, k->off);
		near->near = k->n;
		node_add(near, acc);
		node_add(near, w);
		acc = near;
	}
	rnode_free(nd);
	return acc;
}

static struct rnode *
parse_primary(struct lexer *L)
{
	struct src *s = L->s;
	struct tok k = L->cur;
	switch (k.t) {
	case T_WORD:
	case T_PHRASE:
	case T_EXACT:
		lex(L);
		return term_node(L, &k, k.t == T_EXACT);
	case T_LP: {
		lex(L);
		struct rnode *nd = parse_or(L);
		if (!nd)
			return NULL;
		if (L->cur.t != T_RP) {
			if (L->cur.t != T_ERR)
				err_at(s, L->cur.t == T_END ? L->prev.off + L->prev.len : L->cur.off,
				    "expected ')' after '%s'", tok_text(L, &L->prev));
			rnode_free(nd);
			return NULL;
		}
		lex(L);
		return nd;
	}
	case T_FIELD: {
		lex(L);
		if (k.off + k.len >= s->text.len || is_space(s->text.data[k.off + k.len])) {
			err_at(s, k.off + k.len, "expected a value right after '%s'", tok_text(L, &k));
			return NULL;
		}
		if (k.pred) {
			if (L->cur.t != T_WORD && L->cur.t != T_PHRASE) {
				if (L->cur.t != T_ERR)
					err_at(s, L->cur.off, "expected a word or \"value\" after '%s'",
					    tok_text(L, &k));
				return NULL;
			}
			struct rnode *nd = node_new(s, RN_PRED, k.off);
			nd->pred = k.pred;
			nd->value = text_fold(s->text.data + L->cur.voff, L->cur.vlen, NULL, NULL);
			nd->text = xstrndup(s->text.data + k.off, L->cur.off + L->cur.len - k.off);
			if (!*nd->value) {
				err_at(s, L->cur.off, "empty value after '%s'", tok_text(L, &k));
				rnode_free(nd);
				return NULL;
			}
			if (k.pred == RP_SENTIMENT && strcmp(nd->value, "negative") &&
			    strcmp(nd->value, "neutral") && strcmp(nd->value, "positive")) {
				err_at(s, L->cur.off, "unknown sentiment '%s' (negative, neutral or "
				    "positive)", quote(s->text.data + L->cur.voff, L->cur.vlen));
				rnode_free(nd);
				return NULL;
			}
			lex(L);
			return nd;
		}
		struct rnode *nd = parse_primary(L);
		if (nd)
			apply_fields(nd, k.field);
		return nd;
	}
	case T_RP:
		err_at(s, k.off, "unexpected ')'%s", L->prev.t == T_LP ? ": empty parentheses" : "");
		return NULL;
	default:
		expected_term(L);
		return NULL;
	}
}

static int
nearable(const struct rnode *nd)
{
	if (nd->kind == RN_TERM || nd->kind == RN_NEAR)
		return 1;
	if (nd->kind != RN_OR)
		return 0;
	for (int i = 0; i < nd->nkids; i++)
		if (!nearable(nd->kids[i]))
			return 0;
	return 1;
}

static struct rnode *
parse_near(struct lexer *L)
{
	struct src *s = L->s;
	size_t off = L->cur.off;
	struct rnode *left = parse_primary(L);
	while (left && L->cur.t == T_NEAR) {
		struct tok op = L->cur;
		if (!nearable(left)) {
			err_at(s, off, "%s takes terms, phrases or OR groups of them",
			    op.ordered ? "ONEAR" : "NEAR");
			rnode_free(left);
			return NULL;
		}
		lex(L);
		size_t roff = L->cur.off;
		struct rnode *right = parse_primary(L);
		if (!right) {
			rnode_free(left);
			return NULL;
		}
		if (!nearable(right)) {
			err_at(s, roff, "%s takes terms, phrases or OR groups of them",
			    op.ordered ? "ONEAR" : "NEAR");
			rnode_free(left);
			rnode_free(right);
			return NULL;
		}
		struct rnode *nd = node_new(s, RN_NEAR, off);
		nd->near = op.n;
		nd->ordered = op.ordered;
		node_add(nd, left);
		node_add(nd, right);
		left = nd;
	}
	return left;
}

static struct rnode *
parse_unary(struct lexer *L)
{
	if (L->cur.t == T_NOT || L->cur.t == T_MINUS) {
		struct rnode *nd = node_new(L->s, RN_NOT, L->cur.off);
		lex(L);
		struct rnode *kid = parse_unary(L);
		if (!kid) {
			rnode_free(nd);
			return NULL;
		}
		node_add(nd, kid);
		return nd;
	}
	return parse_near(L);
}

static int
starts_unary(int t)
{
	return t == T_WORD || t == T_PHRASE || t == T_EXACT || t == T_LP ||
	    t == T_FIELD || t == T_NOT || t == T_MINUS;
}

static struct rnode *parse_and(struct lexer *L);

/* a OR b OR ... (kind RN_OR), or a [AND] b [AND] ... (RN_AND): one node
 * for the whole list, or its only member. */
static struct rnode *
parse_list(struct lexer *L, int kind)
{
	struct rnode *(*sub)(struct lexer *) = kind == RN_OR ? parse_and : parse_unary;
	size_t off = L->cur.off;
	struct rnode *first = sub(L);
	if (!first)
		return NULL;
	struct rnode *nd = NULL;
	for (;;) {
		if (kind == RN_OR) {
			if (L->cur.t != T_OR)
				break;
			lex(L);
		} else if (L->cur.t == T_AND) {
			lex(L);
		} else if (!starts_unary(L->cur.t)) {
			break;
		}
		struct rnode *kid = sub(L);
		if (!kid) {
			rnode_free(nd ? nd : first);
			return NULL;
		}
		if (!nd) {
			nd = node_new(L->s, kind, off);
			node_add(nd, first);
		}
		node_add(nd, kid);
	}
	return nd ? nd : first;
}

static struct rnode *
parse_and(struct lexer *L)
{
	return parse_list(L, RN_AND);
}

static struct rnode *
parse_or(struct lexer *L)
{
	return parse_list(L, RN_OR);
}

/* A whole query: from offset start of s to its end. */
static struct rnode *
parse_query_src(struct src *s, size_t start)
{
	struct lexer L;
	memset(&L, 0, sizeof L);
	L.s = s;
	L.i = start;
	L.cur.t = T_END;
	L.cur.off = 0;
	lex(&L);
	L.prev.t = T_END;
	L.prev.off = L.prev.len = 0;
	if (L.cur.t == T_END) {
		err_at(s, L.cur.off, "empty query");
		return NULL;
	}
	struct rnode *nd = parse_or(&L);
	if (nd && L.cur.t != T_END) {
		if (L.cur.t == T_RP)
			err_at(s, L.cur.off, "unexpected ')': no '(' to close");
		else if (L.cur.t == T_NEAR)
			err_at(s, L.cur.off, "%s takes terms, phrases or OR groups of them",
			    L.cur.ordered ? "ONEAR" : "NEAR");
		else if (L.cur.t != T_ERR)
			err_at(s, L.cur.off, "unexpected '%s'", tok_text(&L, &L.cur));
		rnode_free(nd);
		return NULL;
	}
	if (nd)
		apply_fields(nd, RF_TEXT);
	return nd;
}

/* ---- the file ---- */

static const char *const sevnames[] = { "", "low", "medium", "high", "critical" };

const char *
rules_severity_name(int sev)
{
	return sev > 0 && sev <= SEV_CRITICAL ? sevnames[sev] : NULL;
}

void
rules_init(struct rules *rs)
{
	memset(rs, 0, sizeof *rs);
}

static void
rule_free(struct rule *r)
{
	free(r->name);
	for (int i = 0; i < r->ntags; i++)
		free(r->tags[i]);
	free(r->tags);
	for (int i = 0; i < r->nlangs; i++)
		free(r->langs[i]);
	free(r->langs);
	rnode_free(r->root);
}

void
rules_free(struct rules *rs)
{
	for (int i = 0; i < rs->n; i++)
		rule_free(&rs->v[i]);
	free(rs->v);
	free(rs->names);
	memset(rs, 0, sizeof *rs);
}

/* The slot of name in the hash of names: empty, or the rule's. */
static int *
name_slot(struct rules *rs, const char *name)
{
	size_t h = mem_hash(name, strlen(name)) & (rs->namecap - 1);
	while (rs->names[h] && strcmp(rs->v[rs->names[h] - 1].name, name))
		h = (h + 1) & (rs->namecap - 1);
	return &rs->names[h];
}

static void
names_grow(struct rules *rs)
{
	if ((size_t)(rs->n + 1) * 2 <= rs->namecap)
		return;
	free(rs->names);
	rs->namecap = rs->namecap ? rs->namecap * 2 : 64;
	rs->names = xcalloc(rs->namecap, sizeof *rs->names);
	for (int i = 0; i < rs->n; i++)
		*name_slot(rs, rs->v[i].name) = i + 1;
}

static void
strv_add(char ***v, int *n, const char *p, size_t len)
{
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrndup(p, len);
}

static int
name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || c == '.' || c >= 0x80;
}

/* [severity=high, tags=a b, lang=fr en] from offset i (at '['); returns
 * the offset after ']', or 0 on error (reported). */
static size_t
parse_attrs(struct src *s, size_t i, struct rule *r)
{
	const char *t = s->text.data;
	size_t n = s->text.len;
	const char *e = memchr(t + i, ']', n - i);
	if (!e) {
		err_at(s, i, "expected ']' to close the attributes");
		return 0;
	}
	size_t end = (size_t)(e - t);
	size_t p = i + 1;
	while (p < end) {
		while (p < end && is_space(t[p]))
			p++;
		const char *c = memchr(t + p, ',', end - p);
		size_t q = c ? (size_t)(c - t) : end;
		size_t k = p;
		while (k < q && t[k] != '=')
			k++;
		size_t ke = k;
		while (ke > p && is_space(t[ke - 1]))
			ke--;
		if (k >= q) {
			err_at(s, p, "expected NAME=VALUE in the attributes, found '%s'",
			    quote(t + p, q - p));
			return 0;
		}
		size_t v = k + 1, ve = q;
		while (v < ve && is_space(t[v]))
			v++;
		while (ve > v && is_space(t[ve - 1]))
			ve--;
		if (v == ve) {
			err_at(s, k, "empty value for '%s'", quote(t + p, ke - p));
			return 0;
		}
		if (ke - p == 8 && !memcmp(t + p, "severity", 8)) {
			r->severity = SEV_NONE;
			for (int sv = 1; sv <= SEV_CRITICAL; sv++)
				if (strlen(sevnames[sv]) == ve - v && !memcmp(t + v, sevnames[sv], ve - v))
					r->severity = sv;
			if (!r->severity) {
				err_at(s, v, "severity must be low, medium, high or critical, not '%s'",
				    quote(t + v, ve - v));
				return 0;
			}
		} else if ((ke - p == 4 && !memcmp(t + p, "tags", 4)) ||
		    (ke - p == 4 && !memcmp(t + p, "lang", 4))) {
			int is_lang = t[p] == 'l';
			size_t w = v;
			while (w < ve) {
				size_t we = w;
				while (we < ve && !is_space(t[we]))
					we++;
				if (is_lang) {
					int okc = we - w == 2 || we - w == 3;
					for (size_t x = w; x < we; x++)
						okc = okc && t[x] >= 'a' && t[x] <= 'z';
					if (!okc) {
						err_at(s, w, "lang= takes ISO 639-1 codes such as 'fr', not '%s'",
						    quote(t + w, we - w));
						return 0;
					}
					strv_add(&r->langs, &r->nlangs, t + w, we - w);
				} else {
					strv_add(&r->tags, &r->ntags, t + w, we - w);
				}
				w = we;
				while (w < ve && is_space(t[w]))
					w++;
			}
		} else {
			err_at(s, p, "unknown attribute '%s' (severity, tags, lang)",
			    quote(t + p, ke - p));
			return 0;
		}
		p = q + 1;
	}
	return end + 1;
}

/* One assembled rule: NAME [ATTRS]: QUERY. */
static void
parse_rule(struct rules *rs, struct src *s, int first_rule)
{
	const char *t = s->text.data;
	size_t n = s->text.len, i = 0;
	struct rule r;
	memset(&r, 0, sizeof r);
	r.line = s->pos[0].line;
	while (i < n && name_char((unsigned char)t[i]))
		i++;
	if (i == 0) {
		err_at(s, 0, "expected a rule name (letters, digits, '_', '-', '.') at the "
		    "start of the line, found '%s'", quote(t, n < 10 ? n : 10));
		return;
	}
	r.name = xstrndup(t, i);
	while (i < n && is_space(t[i]))
		i++;
	if (i < n && t[i] == '[') {
		i = parse_attrs(s, i, &r);
		if (!i) {
			rule_free(&r);
			return;
		}
		while (i < n && is_space(t[i]))
			i++;
	}
	if (i >= n || t[i] != ':') {
		err_at(s, i, "expected ':' after the rule name '%s'", quote(r.name, strlen(r.name)));
		rule_free(&r);
		return;
	}
	names_grow(rs);
	int *slot = name_slot(rs, r.name);
	if (*slot) {
		err_at(s, 0, "rule '%s' already defined at line %d",
		    quote(r.name, strlen(r.name)), rs->v[*slot - 1].line);
		rule_free(&r);
		return;
	}
	(void)first_rule;
	r.root = parse_query_src(s, i + 1);
	if (!r.root) {
		rule_free(&r);
		return;
	}
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 16;
		rs->v = xrealloc(rs->v, (size_t)rs->cap * sizeof *rs->v);
	}
	*slot = rs->n + 1;
	rs->v[rs->n++] = r;
}

/* The length of line p[0..n) without its comment. */
static size_t
strip_comment(const char *p, size_t n)
{
	int inq = 0, inb = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' && !inb)
			inq = !inq;
		else if (p[i] == '{' && !inq)
			inb = 1;
		else if (p[i] == '}' && !inq)
			inb = 0;
		else if (p[i] == '#' && !inq && !inb) {
			int at_start = 1;
			for (size_t j = 0; j < i; j++)
				if (!is_space(p[j]))
					at_start = 0;
			if (at_start || i + 1 == n || is_space(p[i + 1]))
				return i;
		}
	}
	return n;
}

static void
src_reset(struct src *s)
{
	buf_reset(&s->text);
	s->nerr = 0;
}

int
rules_parse(struct rules *rs, const char *text, size_t n, const char *file, struct buf *errs)
{
	struct src s;
	memset(&s, 0, sizeof s);
	buf_init(&s.text);
	s.file = file;
	s.errs = errs;
	int nerr = 0, have = 0, line = 0;
	size_t i = 0;
	while (i < n) {
		const char *e = memchr(text + i, '\n', n - i);
		size_t len = e ? (size_t)(e - text) - i : n - i;
		const char *p = text + i;
		line++;
		i += len + (e ? 1 : 0);
		if (len && p[len - 1] == '\r')
			len--;
		if (line == 1 && len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
			p += 3;
			len -= 3;
		}
		len = strip_comment(p, len);
		size_t k = 0;
		while (k < len && is_space(p[k]))
			k++;
		if (k == len)
			continue;
		if (k > 0) {
			if (!have) {
				struct src es = s;
				es.text.len = 0;
				struct lpos lp = { line, 1 };
				es.pos = &lp;
				es.nerr = 0;
				err_at(&es, 0, "a continued line (starting with white space) with no rule above");
				nerr++;
				continue;
			}
			src_add(&s, " ", 1, line, 1);
			src_add(&s, p + k, len - k, line, (int)k + 1);
			continue;
		}
		if (have) {
			parse_rule(rs, &s, 0);
			nerr += s.nerr ? 1 : 0;
			src_reset(&s);
		}
		have = 1;
		src_add(&s, p, len, line, 1);
	}
	if (have) {
		parse_rule(rs, &s, 0);
		nerr += s.nerr ? 1 : 0;
	}
	buf_free(&s.text);
	free(s.pos);
	return nerr;
}

int
rules_load(struct rules *rs, const char *path, struct buf *errs)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!fp) {
		buf_printf(errs, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	int bad = ferror(fp);
	if (fp != stdin)
		fclose(fp);
	int nerr;
	if (bad) {
		buf_printf(errs, "%s: read error\n", path);
		nerr = 1;
	} else {
		nerr = rules_parse(rs, b.data ? b.data : "", b.len, path, errs);
	}
	buf_free(&b);
	return nerr;
}

struct rnode *
rules_parse_query(const char *q, size_t n, const char *where, struct buf *errs)
{
	struct src s;
	memset(&s, 0, sizeof s);
	buf_init(&s.text);
	s.file = where ? where : "query";
	s.errs = errs;
	/* a query is one line: newlines count as spaces, columns go on */
	src_add(&s, "", 0, 1, 1);
	int col = 1;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && q[j] != '\n')
			j++;
		src_add(&s, q + i, j - i, 1, col);
		col = s.pos[s.text.len].col;
		if (j < n) {
			src_add(&s, " ", 1, 1, col);
			col++;
		}
		i = j + 1;
	}
	struct rnode *nd = parse_query_src(&s, 0);
	buf_free(&s.text);
	free(s.pos);
	return nd;
}

/* ---- printing ---- */

static const char *const rfnames[] = { "title", "summary", "content", "author", "handle" };
static const char *const rpnames[] = { "", "url", "site", "source", "lang", "platform", "tag",
	"sentiment" };

void
rnode_print(const struct rnode *nd, struct buf *out)
{
	switch (nd->kind) {
	case RN_TERM:
		if (nd->fields != RF_TEXT) {
			int first = 1;
			for (int f = 0; f < RF_NFIELDS; f++)
				if (nd->fields & (1 << f)) {
					buf_printf(out, "%s%s", first ? "" : "|", rfnames[f]);
					first = 0;
				}
			buf_addc(out, ':');
		}
		if (nd->nwords > 1)
			buf_addc(out, '"');
		for (int i = 0; i < nd->nwords; i++) {
			const struct rword *w = &nd->words[i];
			if (i)
				buf_addc(out, ' ');
			if (w->flags & TOK_HASHTAG)
				buf_addc(out, '#');
			if (w->flags & TOK_MENTION)
				buf_addc(out, '@');
			if (w->exact)
				buf_printf(out, "{%s}", w->exact);
			else
				buf_printf(out, "%s%s", w->pat, w->kind == RW_PREFIX ? "*" : "");
		}
		if (nd->nwords > 1)
			buf_addc(out, '"');
		break;
	case RN_PRED:
		buf_printf(out, "%s:%s", rpnames[nd->pred], nd->value);
		break;
	case RN_NOT:
		buf_adds(out, "NOT ");
		rnode_print(nd->kids[0], out);
		break;
	case RN_NEAR:
		buf_addc(out, '(');
		rnode_print(nd->kids[0], out);
		buf_printf(out, " %sNEAR/%d ", nd->ordered ? "O" : "", nd->near);
		rnode_print(nd->kids[1], out);
		buf_addc(out, ')');
		break;
	default:
		buf_addc(out, '(');
		for (int i = 0; i < nd->nkids; i++) {
			if (i)
				buf_adds(out, nd->kind == RN_AND ? " AND " : " OR ");
			rnode_print(nd->kids[i], out);
		}
		buf_addc(out, ')');
	}
}
