/* The matcher: French accents, elisions, hashtags and mentions, word
 * boundaries, wildcards, NEAR/ONEAR, fields, predicates, exact terms,
 * the lang= attribute, severity and --explain offsets. */
#include "match.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Does the query match the item (JSON text)? -1: query refused. */
static int
m1(const char *query, const char *json)
{
	struct buf errs;
	buf_init(&errs);
	struct matcher *m = match_new_query(query, "q", &errs);
	if (!m) {
		printf("# %s", errs.data ? errs.data : "?\n");
		buf_free(&errs);
		return -1;
	}
	buf_free(&errs);
	cJSON *item = cJSON_Parse(json);
	int r = item ? match_test(m, item) : -1;
	cJSON_Delete(item);
	match_free(m);
	return r;
}

#define YES(q, j) ok(m1(q, j) == 1, "%s matches %s", q, j)
#define NO(q, j) ok(m1(q, j) == 0, "%s does not match %s", q, j)

int
main(void)
{
	/* case and accents */
	YES("etat", "{\"title\":\"L'ÉTAT français\"}");
	YES("greve", "{\"title\":\"GRÈVE à la SNCF\"}");
	YES("grève", "{\"title\":\"greve a la sncf\"}");
	YES("Ærø", "{\"title\":\"æRØ\"}");
	YES("finance", "{\"title\":\"la ﬁnance\"}");
	/* boundaries */
	NO("orange", "{\"title\":\"une orangeade\"}");
	NO("orange", "{\"title\":\"les oranges\"}");
	YES("orange", "{\"title\":\"Orange, l'opérateur\"}");
	YES("orange", "{\"title\":\"(Orange)\"}");
	NO("range", "{\"title\":\"orange\"}");
	/* elisions, both apostrophes */
	YES("etat", "{\"title\":\"l'État\"}");
	YES("orange", "{\"title\":\"d’Orange\"}");
	YES("il", "{\"title\":\"qu'il vienne\"}");
	YES("l'État", "{\"title\":\"dans l’État\"}");
	NO("hui", "{\"title\":\"aujourd'hui\"}");
	YES("aujourd'hui", "{\"title\":\"Aujourd’hui\"}");
	/* hashtags and mentions */
	YES("greve", "{\"title\":\"#grève générale\"}");
	YES("#greve", "{\"title\":\"#grève générale\"}");
	NO("#greve", "{\"title\":\"la grève générale\"}");
	YES("@alice", "{\"content\":\"merci @Alice\"}");
	NO("@alice", "{\"content\":\"merci Alice\"}");
	YES("alice", "{\"content\":\"merci @Alice\"}");
	/* phrases and several-word terms */
	YES("\"grève générale\"", "{\"title\":\"Une grève, générale !\"}");
	NO("\"grève générale\"", "{\"title\":\"générale grève\"}");
	NO("\"grève générale\"", "{\"title\":\"grève très générale\"}");
	YES("covid-19", "{\"title\":\"le Covid 19\"}");
	/* wildcards */
	YES("manifest*", "{\"title\":\"les manifestants\"}");
	YES("manifest*", "{\"title\":\"manifest\"}");
	NO("manifest*", "{\"title\":\"la manif\"}");
	NO("manifest*", "{\"title\":\"unmanifested\"}");
	YES("gr?ve", "{\"title\":\"GRÈVE\"}");
	YES("gr?ve", "{\"title\":\"grave\"}");
	NO("gr?ve", "{\"title\":\"greeve\"}");
	YES("gr?v*", "{\"title\":\"graves\"}");
	YES("gr?ve", "{\"title\":\"grдve\"}");
	/* boolean */
	YES("a AND b", "{\"title\":\"b a\"}");
	NO("a AND b", "{\"title\":\"a\"}");
	YES("a OR b", "{\"title\":\"b\"}");
	YES("ministère -football", "{\"title\":\"le ministère\"}");
	NO("ministère -football", "{\"title\":\"le ministère\",\"content\":\"football\"}");
	YES("NOT football", "{\"title\":\"rien\"}");
	YES("NOT football", "{}");
	NO("(a OR b) c", "{\"title\":\"a b\"}");
	/* NEAR and ONEAR: at most n words between */
	YES("grève NEAR/2 SNCF", "{\"title\":\"SNCF : la grève\"}");
	YES("grève NEAR/2 SNCF", "{\"title\":\"grève à la SNCF\"}");
	NO("grève NEAR/1 SNCF", "{\"title\":\"grève à la SNCF\"}");
	YES("grève ONEAR/2 SNCF", "{\"title\":\"grève à la SNCF\"}");
	NO("grève ONEAR/5 SNCF", "{\"title\":\"SNCF : la grève\"}");
	NO("grève NEAR/5 SNCF", "{\"title\":\"grève\",\"content\":\"SNCF\"}");
	YES("\"grève sncf\"~3", "{\"title\":\"SNCF en grève\"}");
	NO("\"grève sncf\"~0", "{\"title\":\"SNCF en grève\"}");
	YES("(grève OR strike) NEAR/3 (sncf OR ratp)", "{\"title\":\"RATP strike today\"}");
	YES("\"la grève\" NEAR/0 sncf", "{\"title\":\"la grève SNCF\"}");
	YES("a NEAR/1 b NEAR/1 c", "{\"title\":\"a b x c\"}");
	NO("a NEAR/1 b NEAR/1 c", "{\"title\":\"a b x y c\"}");
	NO("a NEAR/3 a", "{\"title\":\"a\"}");
	YES("a NEAR/3 a", "{\"title\":\"a x a\"}");
	/* fields */
	YES("title:grève", "{\"title\":\"grève\"}");
	NO("title:grève", "{\"summary\":\"grève\"}");
	YES("summary:grève", "{\"summary\":\"grève\"}");
	YES("grève", "{\"content\":\"grève\"}");
	NO("grève", "{\"author\":\"grève\"}");
	YES("author:dupont", "{\"author\":\"Jean Dupont\"}");
	YES("handle:alice", "{\"handle\":\"@alice@mastodon.social\"}");
	YES("title:(a OR b) c", "{\"title\":\"b\",\"content\":\"c\"}");
	YES("site:lemonde.fr", "{\"url\":\"https://www.lemonde.fr/x\"}");
	YES("site:lemonde.fr", "{\"url\":\"https://LEMONDE.FR:443/x\"}");
	NO("site:lemonde.fr", "{\"url\":\"https://notlemonde.fr/x\"}");
	NO("site:lemonde.fr", "{\"url\":\"https://example.com/lemonde.fr\"}");
	YES("site:lemonde.fr", "{\"source\":{\"url\":\"https://www.lemonde.fr/rss\"}}");
	YES("url:/politique/", "{\"url\":\"https://x.fr/Politique/a\"}");
	NO("url:/politique/", "{\"url\":\"https://x.fr/economie/a\"}");
	YES("source:\"le monde\"", "{\"source\":{\"title\":\"Le Monde - Actualités\"}}");
	YES("source:lemonde.fr", "{\"source\":{\"url\":\"https://www.lemonde.fr/rss\"}}");
	YES("lang:fr", "{\"lang\":\"fr-FR\"}");
	NO("lang:fr", "{\"lang\":\"fy\"}");
	NO("lang:fr", "{}");
	YES("platform:mastodon", "{\"platform\":\"Mastodon\"}");
	YES("tag:crise", "{\"tags\":[\"x\",\"Crise\"]}");
	NO("tag:crise", "{\"tags\":[\"crises\"]}");
	/* sentiment: the item's own sentiment.label when this run gives none */
	YES("sentiment:negative", "{\"sentiment\":{\"score\":-0.5,\"label\":\"negative\"}}");
	NO("sentiment:negative", "{\"sentiment\":{\"score\":0.5,\"label\":\"positive\"}}");
	NO("sentiment:negative", "{\"sentiment\":\"negative\"}");
	NO("sentiment:neutral", "{}");
	/* the exact form */
	YES("{Orange}", "{\"title\":\"chez Orange\"}");
	NO("{Orange}", "{\"title\":\"une orange\"}");
	NO("{Orange}", "{\"title\":\"ORANGE\"}");
	YES("{Orange}", "{\"title\":\"d’Orange\"}");
	YES("{État}", "{\"title\":\"l'État\"}");
	NO("{État}", "{\"title\":\"l'Etat\"}");
	YES("{EDF} OR edf", "{\"title\":\"edf\"}");
	YES("{Crédit Agricole}", "{\"title\":\"au Crédit Agricole\"}");
	NO("{Crédit Agricole}", "{\"title\":\"au crédit agricole\"}");
	/* sentiment: this run's tone, when given, before the item's field */
	{
		struct buf errs;
		buf_init(&errs);
		struct matcher *m = match_new_query("grève AND sentiment:negative", "q", &errs);
		cJSON *it = cJSON_Parse("{\"title\":\"grève\",\"sentiment\":{\"label\":\"positive\"}}");
		ok(m && match_item(m, it, NULL, "negative", 0) == 1, "this run's tone counts");
		ok(m && match_item(m, it, NULL, NULL, 0) == 0, "else the item's sentiment.label");
		cJSON_Delete(it);
		match_free(m);
		buf_free(&errs);
	}
	/* refused query */
	ok(m1("(a", "{}") == -1, "a query with an error is refused");

	/* several rules: order, severity, lang=, explain offsets */
	{
		const char *text =
		    "b_rule [severity=low]: grève\n"
		    "a_rule [severity=high, lang=fr]: sncf\n"
		    "c_rule [severity=critical]: absent\n"
		    "d_rule: NOT absent\n";
		struct rules rs;
		struct buf errs;
		rules_init(&rs);
		buf_init(&errs);
		ok(rules_parse(&rs, text, strlen(text), "t", &errs) == 0, "rules parse");
		struct matcher *m = match_new(&rs, &errs);
		ok(m != NULL, "rules compile");
		cJSON *it = cJSON_Parse("{\"title\":\"La GRÈVE à la SNCF\",\"lang\":\"fr\"}");
		ok(match_item(m, it, NULL, NULL, 1) == 3, "three rules match");
		is_str(match_rule(m, 0)->name, "b_rule", "in file order: b_rule");
		is_str(match_rule(m, 1)->name, "a_rule", "then a_rule");
		is_str(match_rule(m, 2)->name, "d_rule", "then d_rule (NOT absent)");
		ok(match_severity(m) == SEV_HIGH, "severity: the highest of the matches");
		cJSON *ex = match_explain(m, 0);
		char *s = cJSON_PrintUnformatted(ex);
		is_str(s, "[{\"field\":\"title\",\"term\":\"grève\",\"offsets\":[[3,9]]}]",
		    "explain: field, term, byte offsets in the original text");
		free(s);
		cJSON_Delete(ex);
		ok(match_item(m, it, "en", NULL, 0) == 2, "lang=fr: the rule does not apply to English");
		ok(match_item(m, it, NULL, NULL, 0) == 3, "the same item twice: the same answer");

		cJSON_Delete(it);
		it = cJSON_Parse("{\"title\":\"rien\"}");
		ok(match_item(m, it, NULL, NULL, 0) == 1 && match_severity(m) == SEV_NONE,
		    "an item with none of the words: only the NOT rule");
		cJSON_Delete(it);
		match_free(m);
		rules_free(&rs);
		buf_free(&errs);
	}
	return tap_done();
}
