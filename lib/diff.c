/* diff.c — see diff.h */
#include "diff.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct line {
	const char *s;
	size_t n;
	size_t h;
};

enum { OP_EQ, OP_DEL, OP_ADD };

struct op {
	unsigned char kind;
	size_t a, b;    /* line indexes in a and b (the one the op is about) */
};

struct script {
	struct op *v;
	size_t n, cap;
};

static void
push(struct script *s, int kind, size_t a, size_t b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = (struct op){ (unsigned char)kind, a, b };
}

static size_t
split(const char *t, size_t n, struct line **out)
{
	size_t cnt = 0, cap = 0;
	struct line *v = NULL;
	for (size_t i = 0; i < n;) {
		const char *e = memchr(t + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (t + i)) : n - i;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt++] = (struct line){ t + i, len, mem_hash(t + i, len) };
		i += len + 1;
	}
	*out = v;
	return cnt;
}

static int
same(const struct line *x, const struct line *y)
{
	return x->h == y->h && x->n == y->n && !memcmp(x->s, y->s, x->n);
}

/* Myers over a[0..N) and b[0..M): the ops in reverse order appended to
 * rev (indexes offset by off). 0, or -1 when D > DIFF_MAX_EDITS. */
static int
myers(const struct line *a, long N, const struct line *b, long M, size_t off,
    struct script *rev)
{
	long max = N + M;
	if (max > DIFF_MAX_EDITS)
		max = DIFF_MAX_EDITS;
	/* V over k in [-max-1, max+1]; trace[d] is V before step d, over
	 * k in [-d-1, d+1], stored one after the other. */
	long *V = xcalloc((size_t)(2 * max + 3), sizeof *V);
	long *vk = V + max + 1;
	long *trace = NULL;
	size_t tn = 0, tcap = 0;
	long D = -1;
	for (long d = 0; d <= max; d++) {
		size_t w = (size_t)(2 * d + 3);
		if (tn + w > tcap) {
			tcap = (tn + w) * 2;
			trace = xrealloc(trace, tcap * sizeof *trace);
		}
		memcpy(trace + tn, vk - d - 1, w * sizeof *trace);
		tn += w;
		for (long k = -d; k <= d; k += 2) {
			long x = (k == -d || (k != d && vk[k - 1] < vk[k + 1])) ? vk[k + 1] : vk[k - 1] + 1;
			long y = x - k;
			while (x < N && y < M && same(&a[x], &b[y])) {
				x++;
				y++;
			}
			vk[k] = x;
			if (x >= N && y >= M) {
				D = d;
				goto found;
			}
		}
	}
found:
	free(V);
	if (D < 0) {
		free(trace);
		return -1;
	}
	long x = N, y = M;
	size_t pos = tn;
	for (long d = D; d >= 0; d--) {
		pos -= (size_t)(2 * d + 3);
		const long *tv = trace + pos + d + 1;   /* tv[k], k in [-d-1, d+1] */
		long k = x - y;
		long pk = (k == -d || (k != d && tv[k - 1] < tv[k + 1])) ? k + 1 : k - 1;
		long px = tv[pk], py = px - pk;
		while (x > px && y > py && x > 0 && y > 0) {
			push(rev, OP_EQ, off + (size_t)x - 1, off + (size_t)y - 1);
			x--;
			y--;
		}
		if (d > 0) {
			if (x == px)
				push(rev, OP_ADD, off + (size_t)px, off + (size_t)py);
			else
				push(rev, OP_DEL, off + (size_t)px, off + (size_t)py);
		}
		x = px;
		y = py;
	}
	free(trace);
	return 0;
}

static void
emit_line(struct buf *out, char c, const struct line *l)
{
	buf_addc(out, c);
	buf_add(out, l->s, l->n);
	buf_addc(out, '\n');
}

void
diff_unified(const char *at, size_t an, const char *bt, size_t bn,
    size_t max_bytes, struct buf *out, struct diff_stat *st)
{
	struct diff_stat dummy;
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	struct line *a, *b;
	size_t N = split(at, an, &a), M = split(bt, bn, &b);
	size_t pre = 0, suf = 0;
	while (pre < N && pre < M && same(&a[pre], &b[pre]))
		pre++;
	while (suf < N - pre && suf < M - pre && same(&a[N - 1 - suf], &b[M - 1 - suf]))
		suf++;

	/* The whole script in order: prefix, middle, suffix. */
	struct script sc = { 0 }, rev = { 0 };
	for (size_t i = 0; i < pre; i++)
		push(&sc, OP_EQ, i, i);
	long mn = (long)(N - pre - suf), mm = (long)(M - pre - suf);
	if (myers(a ? a + pre : a, mn, b ? b + pre : b, mm, 0, &rev) < 0) {
		st->approximate = 1;
		rev.n = 0;
		for (long j = mm; j-- > 0;)
			push(&rev, OP_ADD, (size_t)mn, (size_t)j);
		for (long i = mn; i-- > 0;)
			push(&rev, OP_DEL, (size_t)i, 0);
	}
	for (size_t i = rev.n; i-- > 0;) {
		struct op o = rev.v[i];
		o.a += pre;
		o.b += pre;
		push(&sc, o.kind, o.a, o.b);
	}
	free(rev.v);
	for (size_t i = 0; i < suf; i++)
		push(&sc, OP_EQ, N - suf + i, M - suf + i);
	for (size_t i = 0; i < sc.n; i++) {
		if (sc.v[i].kind == OP_ADD)
			st->added++;
		else if (sc.v[i].kind == OP_DEL)
			st->removed++;
	}

	/* Hunks: runs of changes with up to 2*DIFF_CONTEXT equal lines
	 * between them, DIFF_CONTEXT equal lines around. */
	size_t start_len = out->len;
	size_t ai = 0, bi = 0;  /* line numbers before sc.v[i] */
	size_t i = 0;
	struct buf h;
	buf_init(&h);
	while (i < sc.n && !st->cut) {
		/* next change */
		size_t c = i;
		while (c < sc.n && sc.v[c].kind == OP_EQ)
			c++;
		if (c == sc.n)
			break;
		size_t ctx = c - i < DIFF_CONTEXT ? c - i : DIFF_CONTEXT;
		size_t hs = c - ctx;
		/* where the hunk ends: after the last change followed by more
		 * than 2*DIFF_CONTEXT equal lines (or the end) */
		size_t e = c;
		for (;;) {
			while (e < sc.n && sc.v[e].kind != OP_EQ)
				e++;
			size_t q = e;
			while (q < sc.n && sc.v[q].kind == OP_EQ)
				q++;
			if (q < sc.n && q - e <= 2 * DIFF_CONTEXT) {
				e = q;
				continue;
			}
			e = e + (q - e < DIFF_CONTEXT ? q - e : DIFF_CONTEXT);
			break;
		}
		/* line numbers at hs */
		for (size_t k = i; k < hs; k++) {
			ai++;
			bi++;
		}
		size_t na = 0, nb = 0;
		for (size_t k = hs; k < e; k++) {
			if (sc.v[k].kind != OP_ADD)
				na++;
			if (sc.v[k].kind != OP_DEL)
				nb++;
		}
		buf_reset(&h);
		buf_printf(&h, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na, nb ? bi + 1 : bi, nb);
		size_t header = h.len;
		for (size_t k = hs; k < e; k++) {
			const struct op *o = &sc.v[k];
			size_t before = h.len;
			if (o->kind == OP_EQ)
				emit_line(&h, ' ', &a[o->a]);
			else if (o->kind == OP_DEL)
				emit_line(&h, '-', &a[o->a]);
			else
				emit_line(&h, '+', &b[o->b]);
			if (out->len - start_len + h.len > max_bytes) {
				h.len = before;
				st->cut = 1;
				break;
			}
		}
		if (h.len > header)
			buf_add(out, h.data, h.len);
		ai += na;
		bi += nb;
		i = e;
	}
	if (st->cut)
		buf_printf(out, "\\ diff cut at %zu bytes\n", max_bytes);
	buf_free(&h);
	free(sc.v);
	free(a);
	free(b);
}
