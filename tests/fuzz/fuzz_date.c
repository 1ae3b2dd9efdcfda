/* Dates of the wild (date_parse), veille's own stamps (when_parse) and
 * durations (when_duration): no crash, and what parses formats back to a
 * stamp that parses to the same time. */
#include "fuzz.h"
#include "date.h"
#include "when.h"

#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_date");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	time_t t;
	long long w, d;
	char buf[32];
	if (date_parse(s, &t) == 0) {
		date_format(t, buf);
		time_t back;
		if (t >= 0 && t < 253402300800LL && (date_parse(buf, &back) != 0 || back != t))
			abort();
	}
	if (when_parse(s, &w) == 0 && w >= 0 && w < 253402300800LL) {
		long long back;
		if (when_parse(when_format(w, buf), &back) != 0 || back != w)
			abort();
	}
	if (when_duration(s, &d) == 0 && (d < 0 || d > 100LL * 366 * 86400))
		abort();
	free(s);
	return 0;
}
