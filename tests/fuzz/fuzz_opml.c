/* OPML exports (any bytes) through veille import-opml's reader, every
 * feed it finds read through as the command does. */
#include "fuzz.h"
#include "opml.h"

#include <string.h>

FUZZ_TARGET("fuzz_opml")

static int
feed(void *arg, const struct opml_feed *f)
{
	size_t *n = arg;
	*n += strlen(f->url) + (f->title ? strlen(f->title) : 0) +
	    (f->site ? strlen(f->site) : 0) + (f->group ? strlen(f->group) : 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	opml_parse((const char *)data, size, "fuzz.opml", feed, &n);
	return 0;
}
