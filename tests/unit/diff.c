/* diff.c — unit test of lib/diff.h: fixed cases written out in full, and
 * random texts whose diff, applied back to the first text by a small
 * patcher here, must give the second one (so every hunk header and line
 * is right), with counts equal to a longest-common-subsequence
 * computation (so the diff is minimal while under DIFF_MAX_EDITS). */
#include "diff.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static char *
d(const char *a, const char *b, size_t max, struct diff_stat *st)
{
	struct buf out;
	buf_init(&out);
	diff_unified(a, strlen(a), b, strlen(b), max, &out, st);
	buf_addc(&out, '\0');
	return buf_steal(&out);
}

/* Apply the hunks of p to a: the new text, or NULL when p does not
 * apply (a context or removed line that is not there). */
static char *
patch(const char *a, const char *p)
{
	struct buf out;
	buf_init(&out);
	const char *ap = a, *aend = a + strlen(a);
	size_t aline = 1;
	for (const char *l = p; *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		if (!strncmp(l, "@@ -", 4)) {
			size_t start = strtoul(l + 4, NULL, 10), cnt;
			const char *c = strchr(l + 4, ',');
			cnt = c ? strtoul(c + 1, NULL, 10) : 1;
			size_t want = cnt ? start : start + 1;
			while (aline < want && ap < aend) {
				const char *q = strchr(ap, '\n');
				q = q ? q + 1 : aend;
				buf_add(&out, ap, (size_t)(q - ap));
				ap = q;
				aline++;
			}
		} else if (l[0] == ' ' || l[0] == '-') {
			const char *q = strchr(ap, '\n');
			size_t an = q ? (size_t)(q - ap) : (size_t)(aend - ap);
			if (ap >= aend || an != n - 1 || memcmp(ap, l + 1, an)) {
				buf_free(&out);
				return NULL;
			}
			if (l[0] == ' ')
				buf_add(&out, ap, an + 1);
			ap += an + (q ? 1 : 0);
			aline++;
		} else if (l[0] == '+') {
			buf_add(&out, l + 1, n - 1);
			buf_addc(&out, '\n');
		}
		l += n + (e ? 1 : 0);
	}
	buf_adds(&out, ap);
	buf_addc(&out, '\0');
	return buf_steal(&out);
}

static size_t
lcs(char **x, size_t n, char **y, size_t m)
{
	size_t *t = xcalloc((n + 1) * (m + 1), sizeof *t);
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++)
			t[i * (m + 1) + j] = !strcmp(x[i - 1], y[j - 1]) ? t[(i - 1) * (m + 1) + j - 1] + 1 :
			    t[(i - 1) * (m + 1) + j] > t[i * (m + 1) + j - 1] ? t[(i - 1) * (m + 1) + j] :
			    t[i * (m + 1) + j - 1];
	size_t r = t[n * (m + 1) + m];
	free(t);
	return r;
}

static const char *words[] = { "alpha", "beta", "gamma", "delta", "prix 12 €" };

static char *
random_text(unsigned *seed, size_t n, char **lines)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		lines[i] = (char *)words[rand_r(seed) % 5];
		buf_adds(&b, lines[i]);
		buf_addc(&b, '\n');
	}
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

int
main(void)
{
	struct diff_stat st;
	char *s = d("a\nb\nc\n", "a\nb\nc\n", 1 << 20, &st);
	is_str(s, "", "identical texts give no diff");
	ok(st.added == 0 && st.removed == 0, "and count nothing");
	free(s);

	s = d("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nd\nE\nf\ng\nh\ni\n", 1 << 20, &st);
	is_str(s, "@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n",
	    "a changed line comes with three lines of context each side");
	ok(st.added == 1 && st.removed == 1, "one line added, one removed");
	free(s);

	s = d("", "", 1 << 20, &st);
	is_str(s, "", "two empty texts give no diff (found by fuzz_pagewatch)");
	free(s);
	s = d("", "new\n", 1 << 20, &st);
	is_str(s, "@@ -0,0 +1,1 @@\n+new\n", "a text from nothing is all added");
	free(s);
	s = d("old\n", "", 1 << 20, &st);
	is_str(s, "@@ -1,1 +0,0 @@\n-old\n", "a text emptied is all removed");
	free(s);
	s = d("x", "y", 1 << 20, &st);
	is_str(s, "@@ -1,1 +1,1 @@\n-x\n+y\n", "a last line without a newline counts");
	free(s);

	s = d("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
	    "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nY\n16\n", 1 << 20, &st);
	is_str(s, "@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -12,5 +12,5 @@\n 12\n 13\n 14\n-15\n+Y\n 16\n",
	    "changes far apart make two hunks");
	free(s);

	/* bounded output */
	struct buf big;
	buf_init(&big);
	for (int i = 0; i < 2000; i++)
		buf_printf(&big, "line %d\n", i);
	buf_addc(&big, '\0');
	s = d("", big.data, 1000, &st);
	ok(strlen(s) <= 1000 + 40, "the output stops near max_bytes (%zu bytes)", strlen(s));
	ok(st.cut && strstr(s, "\\ diff cut at 1000 bytes\n"), "and says it was cut");
	ok(st.added == 2000, "the counts cover the whole diff (%zu added)", st.added);
	free(s);

	/* beyond DIFF_MAX_EDITS: still a correct diff, not minimal */
	struct buf other;
	buf_init(&other);
	for (int i = 0; i < 2000; i++)
		buf_printf(&other, "line %d%s\n", i, i % 2 ? "" : " changed");
	buf_addc(&other, '\0');
	s = d(big.data, other.data, (size_t)1 << 30, &st);
	ok(st.approximate, "2000 edits are more than DIFF_MAX_EDITS: approximate");
	char *back = patch(big.data, s);
	is_str(back, other.data, "and the approximate diff applies back to the new text");
	free(back);
	free(s);
	buf_free(&big);
	buf_free(&other);

	/* random texts: applies back, minimal */
	unsigned seed = 42;
	int good_apply = 1, good_min = 1;
	for (int round = 0; round < 300; round++) {
		size_t n = (size_t)(rand_r(&seed) % 30), m = (size_t)(rand_r(&seed) % 30);
		char *la[30], *lb[30];
		char *ta = random_text(&seed, n, la), *tb = random_text(&seed, m, lb);
		s = d(ta, tb, (size_t)1 << 30, &st);
		back = patch(ta, s);
		if (!back || strcmp(back, tb)) {
			if (good_apply)
				printf("# round %d: a='%s' b='%s' diff='%s'\n", round, ta, tb, s);
			good_apply = 0;
		}
		size_t common = lcs(la, n, lb, m);
		if (st.removed != n - common || st.added != m - common)
			good_min = 0;
		free(back);
		free(s);
		free(ta);
		free(tb);
	}
	ok(good_apply, "300 random diffs apply back to their new text");
	ok(good_min, "and are minimal (counts from the longest common subsequence)");
	return tap_done();
}
