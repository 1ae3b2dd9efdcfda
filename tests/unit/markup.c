/* lib/markup: web text made inert in HTML/XML; lib/strmap under it. */
#include "tap.h"
#include "markup.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

static char *
esc(const char *s, size_t max)
{
	static char out[4096];
	struct buf b;
	buf_init(&b);
	markup_escape(&b, s, max);
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

int
main(void)
{
	is_str(esc("<script>alert('x')</script>", 0),
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "tags and quotes are escaped");
	is_str(esc("a & \"b\"", 0), "a &amp; &quot;b&quot;", "ampersand and double quotes");
	is_str(esc("x\x1b[31my\x07z", 0), "x[31myz", "C0 controls are dropped");
	is_str(esc("tab\tand\nline", 0), "tab\tand\nline", "tab and newline are kept");
	is_str(esc("\xe2\x80\xaegnp.exe", 0), "gnp.exe", "a right-to-left override is dropped");
	is_str(esc("ze\xe2\x80\x8bro\xef\xbb\xbf", 0), "zero", "zero-width space and BOM are dropped");
	is_str(esc("\xe2\x81\xa6iso\xe2\x81\xa9", 0), "iso", "bidi isolates are dropped");
	is_str(esc("\xc2\x9b" "31m", 0), "31m", "C1 controls (CSI) are dropped");
	is_str(esc("gr\xe8ve", 0), "grve", "a stray byte is dropped");
	is_str(esc("Grève", 3), "Grè\xe2\x80\xa6", "cut at max characters, not bytes, with an ellipsis");
	is_str(esc("abc", 3), "abc", "a text of max characters is not cut");
	is_str(esc("<<<<", 2), "&lt;&lt;\xe2\x80\xa6", "the cut counts characters before escaping");

	ok(markup_safe_url("https://a.example/x?a=1&b=2") != NULL, "an https URL is safe");
	ok(markup_safe_url("HTTP://A.EXAMPLE/") != NULL, "the scheme in any case");
	ok(markup_safe_url("javascript:alert(1)") == NULL, "javascript: is not");
	ok(markup_safe_url("JaVaScRiPt:alert(1)") == NULL, "in any case");
	ok(markup_safe_url("data:text/html,<b>") == NULL, "data: is not");
	ok(markup_safe_url("vbscript:msgbox") == NULL, "vbscript: is not");
	ok(markup_safe_url("//a.example/") == NULL, "a scheme-relative link is not");
	ok(markup_safe_url("https://a.example/\"onmouseover=x") == NULL, "a quote is not");
	ok(markup_safe_url("https://a.example/ x") == NULL, "a space is not");
	ok(markup_safe_url(NULL) == NULL, "NULL is not");

	struct strmap *m = strmap_new(sizeof(long));
	char key[32];
	for (int i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "k%d", i % 2500);
		long *v = strmap_put(m, key, strlen(key), NULL);
		(*v)++;
	}
	ok(strmap_count(m) == 2500, "2500 distinct keys");
	long *v = strmap_get(m, "k42", 3);
	ok(v && *v == 4, "each counted four times");
	ok(strmap_get(m, "k2500", 5) == NULL, "a missing key is NULL");
	int isnew;
	strmap_put(m, "k1", 2, &isnew);
	ok(!isnew, "an existing key is not new");
	strmap_put(m, "", 0, &isnew);
	ok(isnew && strmap_get(m, "", 0), "the empty key is a key");
	size_t it = 0, n = 0;
	const char *k;
	void *val;
	while (strmap_next(m, &it, &k, &val))
		n++;
	ok(n == 2501, "the walk visits every entry once");
	strmap_free(m);
	return tap_done();
}
