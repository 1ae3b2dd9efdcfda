/* What veille-dedupe compares: the canonical URL (lib/canon.h) of the
 * input's first line, and the text fingerprint (lib/fingerprint.h) of
 * the whole input. Properties: a canonical URL is its own canonical
 * form, starts "https://" and holds no fragment but "#!" or "#/"; a
 * sketch contains itself. */
#include "fuzz.h"
#include "canon.h"
#include "fingerprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

FUZZ_TARGET("fuzz_canon")

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	char *s = xstrndup((const char *)data, size);
	char *nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	char *c = canon_url(s);
	if (c) {
		if (strncmp(c, "https://", 8))
			abort();
		const char *h = strchr(c, '#');
		if (h && h[1] != '!' && h[1] != '/')
			abort();
		char *c2 = canon_url(c);
		if (!c2 || strcmp(c, c2)) {
			fprintf(stderr, "canon_url not idempotent:\n  %s\n  %s\n  %s\n", s, c,
			    c2 ? c2 : "(null)");
			abort();
		}
		free(c2);
		free(c);
	}
	const char *q = memchr(s, '?', strlen(s));
	if (q)
		canon_is_tracking(q + 1, strcspn(q + 1, "=&"), "fuzz.example");
	free(s);

	struct fp f;
	fp_compute(&f, (const char *)data, size);
	if (f.nsk > 0) {
		int samples = 0;
		double x = fp_containment(f.sk, f.nsk, f.nshingles, f.sk, f.nsk, f.nshingles,
		    &samples);
		if (x < 0.999 || x > 1.001) {
			fprintf(stderr, "a sketch contains itself at %g\n", x);
			abort();
		}
	}
	return 0;
}
