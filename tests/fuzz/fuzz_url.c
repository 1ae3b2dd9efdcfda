/* URL resolution: "BASE\nREF" resolved (fast path and libcurl), the
 * result's host, and percent-decoding. */
#include "fuzz.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_url");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	char *nl = strchr(s, '\n');
	const char *base = "https://fuzz.example/a/b/c.html?q=1#f", *ref = s;
	if (nl) {
		*nl = '\0';
		base = s;
		ref = nl + 1;
	}
	char *r = url_resolve(base, ref);
	if (r) {
		free(url_host(r));
		url_is_web(r, 0);
		free(r);
	}
	free(url_decode(s, 1));
	free(url_encode(ref));
	free(s);
	return 0;
}
