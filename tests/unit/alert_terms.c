/* lib/alert_terms: the terms --emerging watches in an item, and the
 * severity levels. */
#include "tap.h"
#include "alert.h"
#include "alert_int.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void
add(const char *t, size_t n, void *arg)
{
	struct buf *b = arg;
	if (b->len)
		buf_addc(b, '|');
	buf_add(b, t, n);
}

/* The terms of the item (JSON) joined by '|'. */
static char *
terms(const char *json)
{
	cJSON *it = cJSON_Parse(json);
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "");
	alert_terms(it, add, &b);
	cJSON_Delete(it);
	return buf_steal(&b);
}

static void
check(const char *json, const char *want, const char *what)
{
	char *got = terms(json);
	is_str(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	check("{\"title\":\"La grève SNCF continue\"}",
	    "greve|sncf|greve sncf|continue|sncf continue",
	    "words folded, stop words left out, phrases of two words next to each other");
	check("{\"title\":\"L'Europe et l'Afrique\"}", "europe|afrique",
	    "French elisions dropped; a stop word between two words breaks the phrase");
	check("{\"title\":\"Grève, SNCF\"}", "greve|sncf",
	    "punctuation between two words breaks the phrase");
	check("{\"title\":\"The strike of the year 2026\"}", "strike",
	    "English stop words, numbers and short words left out");
	check("{\"title\":\"#Greve mardi @sncf\"}", "#greve|mardi",
	    "hashtags with their sign, mentions left out, no phrase across them");
	check("{\"title\":\"Orange orange ORANGE\",\"summary\":\"orange\"}", "orange",
	    "each term once per item, title and summary together; no phrase of a word twice");
	check("{\"links\":[\"https://x.example/a\",\"https://x.example/a\",3]}",
	    "https://x.example/a", "links shared, each once, non-strings skipped");
	check("{\"title\":12,\"summary\":null}", "", "fields of other types give nothing");
	ok(alert_severity_level("HIGH") == SEV_HIGH, "severity levels ignore case");
	ok(alert_severity_level("urgent") == -1, "an unknown severity is -1");
	ok(alert_severity_level(NULL) == -1, "no severity is -1");
	return tap_done();
}
