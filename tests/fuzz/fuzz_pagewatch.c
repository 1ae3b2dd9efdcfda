/* The page-change watch: the selector parser (CSS and XPath) on the
 * first line of the input, the selection on the rest read as an HTML
 * page, and the line diff between the two halves of the rest, with a
 * small output bound so that the cut is reached too. */
#include "fuzz.h"
#include "diff.h"
#include "html.h"
#include "select.h"

#include <stdlib.h>
#include <string.h>

FUZZ_TARGET("fuzz_pagewatch")

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t el = nl ? (size_t)(nl - s) : size;
	char *expr = xstrndup(s, el);   /* stops at a NUL too */
	const char *rest = nl ? nl + 1 : s + size;
	size_t rn = size - (size_t)(rest - s);

	char *err = NULL;
	struct selector *sel = select_compile(expr, &err);
	free(err);
	err = NULL;
	if (sel) {
		xmlDoc *doc = html_parse_document(rest, rn, NULL);
		if (doc) {
			struct buf out;
			buf_init(&out);
			select_text(sel, doc, &out, &err);
			free(err);
			buf_free(&out);
			xmlFreeDoc(doc);
		}
		select_free(sel);
	}
	free(expr);

	struct buf d;
	struct diff_stat st;
	buf_init(&d);
	diff_unified(rest, rn / 2, rest + rn / 2, rn - rn / 2, 512, &d, &st);
	if (!st.cut && d.len > 512)
		abort();
	buf_free(&d);
	return 0;
}
