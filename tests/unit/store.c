/* store_fts_query and store_rule_fts: what the full-text index is asked. */
#include "rules.h"
#include "store.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void
search(const char *text, const char *want)
{
	char *got = store_fts_query(text);
	ok(!strcmp(got, want), "--search %s is the FTS5 query %s (got %s)", text, want, got);
	free(got);
}

static void
rule(const char *q, const char *want)
{
	struct buf errs;
	buf_init(&errs);
	struct rnode *nd = rules_parse_query(q, strlen(q), "query", &errs);
	ok(nd != NULL, "query %s parses %s", q, errs.data ? errs.data : "");
	char *got = nd ? store_rule_fts(nd) : NULL;
	if (want)
		ok(got && !strcmp(got, want), "query %s narrows to %s (got %s)", q, want,
		    got ? got : "nothing");
	else
		ok(!got, "query %s cannot narrow (got %s)", q, got ? got : "nothing");
	free(got);
	rnode_free(nd);
	buf_free(&errs);
}

int
main(void)
{
	search("greve", "greve");
	search("grève SNCF", "grève SNCF");
	search("l'État", "\"l'État\"");
	search("covid-19*", "\"covid-19\"*");
	search("\"la grève\" OR (a NOT b)", "\"la grève\" OR ( a NOT b )");
	search("\"la grève", "\"la grève\"");
	search("  ", "");

	rule("greve", "\"greve\"");
	rule("grève AND sncf", "(\"greve\") AND (\"sncf\")");
	rule("greve sncf", "(\"greve\") AND (\"sncf\")");
	rule("greve OR orange", "(\"greve\") OR (\"orange\")");
	rule("\"la greve\"", "\"la greve\"");
	rule("manif*", "\"manif\"*");
	rule("title:orange", "title : \"orange\"");
	rule("content:orange", "body : \"orange\"");
	rule("covid-19", "\"covid 19\"");
	rule("greve NEAR/5 sncf", "(\"greve\") AND (\"sncf\")");
	rule("greve -sncf", "(\"greve\")");
	rule("greve AND lang:fr", "(\"greve\")");
	rule("NOT greve", NULL);
	rule("lang:fr", NULL);
	rule("greve OR NOT sncf", NULL);
	rule("greve OR lang:fr", NULL);
	rule("gr?ve", NULL);
	rule("author:dupont", NULL);
	rule("\xce\xb1\xce\xb8\xce\xae\xce\xbd\xce\xb1", NULL);   /* Greek: FTS5's folding may differ */
	return tap_done();
}
