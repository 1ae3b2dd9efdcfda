/* The query language of veille-rules(5): fuzz input parsed as a rules
 * file and as a single query (veille-store --query); when it parses, the
 * rules are compiled and matched, through veille-classify's path, over
 * a few fixed items and one whose text is the input itself (after a
 * line "---" when there is one). Properties: the tree prints, and every
 * output line of classify_item is one JSON object. */
#include "fuzz.h"
#include "classify.h"
#include "match.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

FUZZ_TARGET("fuzz_rules")

static const char *const items[] = {
	"{\"id\":\"a\",\"title\":\"Grève à la SNCF : l'État répond\",\"summary\":\"#grève @sncf "
	"trafic perturbé jusqu'à jeudi\",\"lang\":\"fr\",\"url\":\"https://www.example.fr/a\","
	"\"source\":{\"name\":\"presse\"},\"platform\":\"rss\",\"tags\":[\"x\"]}",
	"{\"id\":\"b\",\"title\":\"Orange's network outage\",\"content\":\"Orange said the "
	"covid-19 outage hit 3G/4G; ﬁbre fine\",\"author\":\"Jane\",\"handle\":\"@jane\","
	"\"lang\":\"en\",\"url\":\"https://m.example.com/b?utm_source=x\"}",
	"{\"id\":\"c\",\"title\":\"\",\"summary\":\"\\u0000 \\u202e \\ufeff\",\"lang\":\"\"}",
};

static void
check_line(const struct buf *line)
{
	cJSON *o = cJSON_ParseWithLength(line->data, line->len);
	if (!cJSON_IsObject(o))
		abort();        /* classify_item wrote something that is not a record */
	cJSON_Delete(o);
}

static void
run(struct matcher *m, struct classify *c, cJSON *item)
{
	char *s = cJSON_PrintUnformatted(item);
	struct buf line;
	buf_init(&line);
	int n = classify_item(c, item, s, strlen(s), &line);
	check_line(&line);
	for (int i = 0; i < n; i++) {
		if (!match_rule(m, i))
			abort();
		cJSON_Delete(match_explain(m, i));
	}
	buf_free(&line);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)       /* a rules file is small; keep runs fast */
		return 0;
	const char *in = (const char *)data;
	const char *sep = NULL;
	for (size_t i = 0; !sep && i + 5 <= size; i++)
		if (!memcmp(in + i, "\n---\n", 5))
			sep = in + i;
	size_t nrules = sep ? (size_t)(sep - in) : size;
	const char *text = sep ? sep + 5 : in;
	size_t ntext = sep ? size - (size_t)(text - in) : size;

	struct buf errs, pr;
	buf_init(&errs);
	buf_init(&pr);
	struct rnode *q = rules_parse_query(in, nrules, "query", &errs);
	if (q) {
		rnode_print(q, &pr);
		rnode_free(q);
	}

	struct rules rs;
	rules_init(&rs);
	buf_reset(&errs);
	if (rules_parse(&rs, in, nrules, "fuzz.rules", &errs) == 0 && rs.n > 0) {
		for (int i = 0; i < rs.n; i++) {
			buf_reset(&pr);
			rnode_print(rs.v[i].root, &pr);
		}
		struct matcher *m = match_new(&rs, &errs);
		if (m) {
			struct classify_opts o = { .explain = 1 };
			struct classify *c = classify_new(m, &o);
			for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
				cJSON *it = cJSON_Parse(items[i]);
				if (!it)
					abort();        /* the fixture is wrong */
				run(m, c, it);
				match_test(m, it);
				cJSON_Delete(it);
			}
			/* the input as the text of an item */
			char *t = xstrndup(text, ntext);
			cJSON *it = cJSON_CreateObject();
			cJSON_AddStringToObject(it, "title", t);
			cJSON_AddStringToObject(it, "content", t);
			cJSON_AddStringToObject(it, "author", t);
			cJSON_AddStringToObject(it, "url", t);
			cJSON_AddStringToObject(it, "lang", ntext > 1 ? "fr" : "en");
			run(m, c, it);
			cJSON_Delete(it);
			free(t);
			classify_free(c);
			match_free(m);
		}
	}
	rules_free(&rs);
	buf_free(&errs);
	buf_free(&pr);
	return 0;
}
