/* The parser of veille-rules(5): precedence, every operator written back
 * fully parenthesised, attributes, and every error with its position. */
#include "rules.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The query parsed and printed back, or "ERR: <messages>". */
static char *
q(const char *query)
{
	struct buf errs, out;
	buf_init(&errs);
	buf_init(&out);
	struct rnode *nd = rules_parse_query(query, strlen(query), "q", &errs);
	if (nd) {
		rnode_print(nd, &out);
		rnode_free(nd);
	} else {
		buf_adds(&out, "ERR: ");
		buf_add(&out, errs.data, errs.len ? errs.len - 1 : 0);
	}
	buf_free(&errs);
	if (!out.data)
		buf_adds(&out, "");
	return buf_steal(&out);
}

#define Q(query, want) do { char *q_ = q(query); is_str(q_, want, "%s", query); free(q_); } while (0)

/* The errors of a whole rules file, all lines joined. */
static char *
file_errors(const char *text, int *nrules)
{
	struct rules rs;
	struct buf errs;
	rules_init(&rs);
	buf_init(&errs);
	rules_parse(&rs, text, strlen(text), "r.rules", &errs);
	*nrules = rs.n;
	rules_free(&rs);
	if (!errs.data)
		buf_adds(&errs, "");
	return buf_steal(&errs);
}

int
main(void)
{
	/* precedence: NEAR binds tightest, then NOT, AND (written or not), OR */
	Q("a OR b AND c", "(a OR (b AND c))");
	Q("a b OR c d", "((a AND b) OR (c AND d))");
	Q("(a OR b) c", "((a OR b) AND c)");
	Q("NOT a OR b", "(NOT a OR b)");
	Q("a NEAR/3 b OR c", "((a NEAR/3 b) OR c)");
	Q("NOT a NEAR/2 b", "NOT (a NEAR/2 b)");
	Q("a AND b AND c", "(a AND b AND c)");
	Q("a OR b OR c", "(a OR b OR c)");
	Q("a NEAR/1 b NEAR/2 c", "((a NEAR/1 b) NEAR/2 c)");

	/* every operator and form */
	Q("a AND NOT b", "(a AND NOT b)");
	Q("a -b", "(a AND NOT b)");
	Q("-b", "NOT b");
	Q("a -(b OR c) -\"d e\" -{F}", "(a AND NOT (b OR c) AND NOT \"d e\" AND NOT {F})");
	Q("a - b", "ERR: q:1:3: no letters or digits in '-'");
	Q("\"exact phrase\"", "\"exact phrase\"");
	Q("manifest*", "manifest*");
	Q("gr?ve", "gr?ve");
	Q("grève NEAR/5 SNCF", "(greve NEAR/5 sncf)");
	Q("a ONEAR/5 b", "(a ONEAR/5 b)");
	Q("\"a b c\"~4", "((a NEAR/4 b) NEAR/4 c)");
	Q("\"a\"~4", "a");
	Q("title:grève", "title:greve");
	Q("title:(a OR b)", "(title:a OR title:b)");
	Q("summary:a content:b author:c handle:d",
	    "(summary:a AND content:b AND author:c AND handle:d)");
	Q("url:/politique/ site:lemonde.fr source:\"Le Monde\"",
	    "(url:/politique/ AND site:lemonde.fr AND source:le monde)");
	Q("lang:fr platform:Mastodon tag:crise", "(lang:fr AND platform:mastodon AND tag:crise)");
	Q("{Orange}", "{Orange}");
	Q("{Crédit Agricole}", "\"{Crédit} {Agricole}\"");
	Q("#grève", "#greve");
	Q("@alice", "@alice");
	Q("l'État", "etat");
	Q("d’Orange", "orange");
	Q("covid-19", "\"covid 19\"");
	Q("ÉTAT", "etat");
	Q("ﬁnance", "finance");
	Q("and or not", "(and AND or AND not)");
	Q("(grève OR strike) NEAR/3 sncf", "((greve OR strike) NEAR/3 sncf)");
	Q("title:(a OR content:b)", "(title:a OR content:b)");
	{
		char *g = q("a\nOR b");
		is_str(g, "(a OR b)", "a newline in a query is a space");
		free(g);
	}

	/* errors: position (line:column in characters) and message */
	Q("(a OR b", "ERR: q:1:8: expected ')' after 'b'");
	Q("(grève OR strike", "ERR: q:1:17: expected ')' after 'strike'");
	Q("a OR", "ERR: q:1:5: expected a term after 'OR'");
	Q("a AND OR b", "ERR: q:1:7: expected a term after 'AND', found 'OR'");
	Q("OR b", "ERR: q:1:1: expected a term, found 'OR'");
	Q("a)", "ERR: q:1:2: unexpected ')': no '(' to close");
	Q("()", "ERR: q:1:2: unexpected ')': empty parentheses");
	Q("\"a b", "ERR: q:1:1: unterminated phrase: no closing '\"'");
	Q("{Orange", "ERR: q:1:1: unterminated exact term: no closing '}'");
	Q("a}", "ERR: q:1:2: unexpected '}'");
	Q("a NEAR/x b", "ERR: q:1:3: expected a number of words after 'NEAR/'");
	Q("a NEAR b", "ERR: q:1:3: expected a number of words after 'NEAR/'");
	Q("a ONEAR/ b", "ERR: q:1:3: expected a number of words after 'ONEAR/'");
	Q("\"a b\"~x", "ERR: q:1:6: expected a number of words after '~'");
	Q("(a AND b) NEAR/3 c", "ERR: q:1:1: NEAR takes terms, phrases or OR groups of them");
	Q("a NEAR/3 (b AND c)", "ERR: q:1:10: NEAR takes terms, phrases or OR groups of them");
	Q("a NEAR/3 NOT b", "ERR: q:1:10: expected a term after 'NEAR/3', found 'NOT'");
	Q("foo:bar", "ERR: q:1:1: unknown field 'foo:' (fields: title summary content author "
	    "handle url site source lang platform tag sentiment; quote a term that holds ':')");
	Q("sentiment:bad", "ERR: q:1:11: unknown sentiment 'bad' (negative, neutral or positive)");
	Q("sentiment:NEGATIVE", "sentiment:negative");
	Q("title: a", "ERR: q:1:7: expected a value right after 'title:'");
	Q("site:(a)", "ERR: q:1:6: expected a word or \"value\" after 'site:'");
	Q("*ve", "ERR: q:1:1: a word cannot start with a wildcard");
	Q("gr*ve", "ERR: q:1:3: '*' only at the end of a word");
	Q("{Or?nge}", "ERR: q:1:4: no wildcards in an {exact} term");
	Q("!!!", "ERR: q:1:1: no letters or digits in '!!!'");
	Q("", "ERR: q:1:1: empty query");
	Q("été OR (", "ERR: q:1:9: expected a term after '('");

	/* a rules file: names, attributes, continuation lines, comments */
	{
		const char *text =
		    "# the watch of the press office\n"
		    "ministere [severity=high, tags=gouv etat, lang=fr]: ministère\n"
		    "   -football   # not the club\n"
		    "\n"
		    "greve: #grève OR (grève NEAR/5 SNCF)\n"
		    "crit [severity=critical]: a\n";
		struct rules rs;
		struct buf errs, out;
		rules_init(&rs);
		buf_init(&errs);
		buf_init(&out);
		int n = rules_parse(&rs, text, strlen(text), "r.rules", &errs);
		ok(n == 0 && rs.n == 3, "three rules, no error (%d, %s)", rs.n, errs.data ? errs.data : "");
		if (rs.n == 3) {
			is_str(rs.v[0].name, "ministere", "first rule's name");
			ok(rs.v[0].severity == SEV_HIGH, "severity=high");
			ok(rs.v[0].ntags == 2 && !strcmp(rs.v[0].tags[1], "etat"), "tags=gouv etat");
			ok(rs.v[0].nlangs == 1 && !strcmp(rs.v[0].langs[0], "fr"), "lang=fr");
			rnode_print(rs.v[0].root, &out);
			is_str(out.data, "(ministere AND NOT football)", "a continued line joins the rule above");
			buf_reset(&out);
			rnode_print(rs.v[1].root, &out);
			is_str(out.data, "(#greve OR (greve NEAR/5 sncf))",
			    "'#grève' is a hashtag, '# not' a comment");
			is_str(rules_severity_name(rs.v[2].severity), "critical", "severity=critical");
			ok(rs.v[1].severity == SEV_NONE && rs.v[1].line == 5, "no attributes; line 5");
		}
		rules_free(&rs);
		buf_free(&errs);
		buf_free(&out);
	}

	/* every error of a file is listed, each at its place */
	{
		int n;
		char *e = file_errors(
		    "ok: a\n"
		    "bad1: (a OR\n"
		    "   b\n"
		    "bad2 [severity=urgent]: a\n"
		    "bad3 [colour=red]: a\n"
		    "bad4 [lang=French]: a\n"
		    "ok: b\n"
		    "  \"x\n"
		    "bad5 a\n"
		    "(x: y\n"
		    "bad6 [tags=a: b\n"
		    "bad7 [severity]: a\n"
		    "bad8:\n", &n);
		is_str(e,
		    "r.rules:3:5: expected ')' after 'b'\n"
		    "r.rules:4:16: severity must be low, medium, high or critical, not 'urgent'\n"
		    "r.rules:5:7: unknown attribute 'colour' (severity, tags, lang)\n"
		    "r.rules:6:12: lang= takes ISO 639-1 codes such as 'fr', not 'French'\n"
		    "r.rules:7:1: rule 'ok' already defined at line 1\n"
		    "r.rules:9:6: expected ':' after the rule name 'bad5'\n"
		    "r.rules:10:1: expected a rule name (letters, digits, '_', '-', '.') at the start of the line, found '(x: y'\n"
		    "r.rules:11:6: expected ']' to close the attributes\n"
		    "r.rules:12:7: expected NAME=VALUE in the attributes, found 'severity'\n"
		    "r.rules:13:6: empty query\n",
		    "every error of the file, with line and column");
		ok(n == 1, "the good rule is kept (%d)", n);
		free(e);
		e = file_errors("  a OR b\nx: \"a\n", &n);
		is_str(e, "r.rules:1:1: a continued line (starting with white space) with no rule above\n"
		    "r.rules:2:4: unterminated phrase: no closing '\"'\n",
		    "a continued line with no rule above; an unterminated phrase");
		free(e);
		e = file_errors("x: a OR #comment\n  b\n", &n);
		is_str(e, "", "'#comment' is a hashtag: x: a OR #comment b parses");
		free(e);
		e = file_errors("x: a OR # a comment\n  b\n", &n);
		is_str(e, "", "'# a comment' ends at the line's end; the rule goes on");
		free(e);
	}
	return tap_done();
}
