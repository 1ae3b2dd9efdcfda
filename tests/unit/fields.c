/* The tables of lib/fields.c against man/veille.7, the single source of
 * truth, both ways: field names, the fields that are not carried, the
 * error codes (also against each tool's page and the code that writes
 * them). Run from the project root (tests/run does). */
#include "fields.h"
#include "tap.h"
#include "util.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return NULL;
	struct buf b;
	buf_init(&b);
	char line[4096];
	while (fgets(line, sizeof line, fp))
		buf_adds(&b, line);
	fclose(fp);
	return buf_steal(&b);
}

/* The text of section name (".Sh NAME" up to the next ".Sh"), malloc'd. */
static char *
section(const char *page, const char *name)
{
	char *h = xasprintf(".Sh %s\n", name);
	const char *s = strstr(page, h);
	free(h);
	if (!s)
		return xstrdup("");
	const char *e = strstr(s + 4, "\n.Sh ");
	return e ? xstrndup(s, (size_t)(e - s) + 1) : xstrdup(s);
}

/* Is word one of the space-separated words of list? */
static int
in_words(const char *list, const char *word)
{
	size_t n = strlen(word);
	if (!list || !n)
		return 0;
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* The names of the lines of text starting with macro (".It Cm", ".Cm",
 * ".It Li"): words of [a-z_] (punctuation such as "," left out), space
 * separated, each once. */
static char *
names_after(const char *text, const char *macro)
{
	struct buf b;
	buf_init(&b);
	buf_grow(&b, 64);
	b.data[0] = '\0';
	size_t ml = strlen(macro);
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, macro, ml) || l[ml] != ' ')
			continue;
		for (const char *p = l + ml; *p && *p != '\n';) {
			while (*p == ' ')
				p++;
			size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
			size_t all = strcspn(p, " \n");
			if (n && n == all) {
				char *w = xstrndup(p, n);
				if (!in_words(b.data, w)) {
					buf_adds(&b, b.len ? " " : "");
					buf_adds(&b, w);
				}
				free(w);
			}
			p += all;
		}
	}
	return buf_steal(&b);
}

static int
is_field(const char *name)
{
	for (int i = 0; field_table[i].name; i++)
		if (!strcmp(field_table[i].name, name))
			return 1;
	return 0;
}

static const struct error_doc *
error_doc(const char *code)
{
	for (int i = 0; error_table[i].code; i++)
		if (!strcmp(error_table[i].code, code))
			return &error_table[i];
	return NULL;
}

/* Every error code a source file writes, found by the ways codes are
 * written: set_error(x, "C", ...), instant_fail(h, x, "C", ...),
 * doc_error(ctx, "C", ...), rec_set_str(r, F_ERROR_CODE, "C"),
 * *code = "C". */
static void
codes_in_sources(void)
{
	static const char *const how[] = {
		"set_error(x, \"", "instant_fail(h, x, \"", "doc_error(ctx, \"",
		"doc_error(&ctx, \"", "F_ERROR_CODE, \"", "*code = \"", NULL,
	};
	glob_t g;
	int n = 0;
	if (glob("lib/*.c", 0, NULL, &g) == 0 && glob("cmd/*.c", GLOB_APPEND, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			if (!strcmp(g.gl_pathv[i], "lib/fields.c"))
				continue;   /* the tables themselves */
			char *src = slurp(g.gl_pathv[i]);
			for (int k = 0; src && how[k]; k++) {
				size_t hl = strlen(how[k]);
				for (const char *p = src; (p = strstr(p, how[k])); p += hl) {
					const char *c = p + hl;
					size_t cl = strcspn(c, "\"");
					char *code = xstrndup(c, cl);
					ok(error_doc(code) != NULL, "%s writes error code '%s', in the table",
					    g.gl_pathv[i], code);
					free(code);
					n++;
				}
			}
			free(src);
		}
	}
	globfree(&g);
	ok(n >= 15, "the sources write error codes in the ways looked for (%d found)", n);
}

int
main(void)
{
	char *page = slurp("man/veille.7");
	ok(page != NULL, "man/veille.7 is readable");
	if (!page)
		return tap_done();

	/* Field names, table to page. */
	for (int i = 0; field_table[i].name; i++) {
		/* documented as "Cm name" (possibly in a list "name , other") */
		char *pat1 = xasprintf("Cm %s\n", field_table[i].name);
		char *pat2 = xasprintf("Cm %s ", field_table[i].name);
		char *pat3 = xasprintf(" %s ,", field_table[i].name);
		char *pat4 = xasprintf(", %s\n", field_table[i].name);
		int found = strstr(page, pat1) || strstr(page, pat2) ||
		    strstr(page, pat3) || strstr(page, pat4);
		ok(found, "field '%s' (%s) is documented in veille(7)",
		    field_table[i].name, field_table[i].record);
		free(pat1);
		free(pat2);
		free(pat3);
		free(pat4);
	}
	/* Field names, page to table: every entry of the record lists. */
	const char *recs[] = { "ITEM RECORDS", "TARGET RECORDS", "FETCH-RESULT RECORDS", NULL };
	for (int r = 0; recs[r]; r++) {
		char *sec = section(page, recs[r]);
		char *names = names_after(sec, ".It Cm");
		ok(*names, "veille(7) %s lists fields", recs[r]);
		for (char *w = strtok(names, " "); w; w = strtok(NULL, " "))
			ok(is_field(w), "field '%s' of veille(7) %s is in field_table", w, recs[r]);
		free(names);
		free(sec);
	}

	/* Not carried: the list of CARRIED FIELDS is the table, both ways. */
	char *sec = section(page, "CARRIED FIELDS");
	const char *bl = strstr(sec, "\n.Bl "), *el = bl ? strstr(bl, "\n.El") : NULL;
	char *list = bl && el ? xstrndup(bl, (size_t)(el - bl)) : xstrdup("");
	char *names = names_after(list, ".Cm");
	int n = 0;
	for (int i = 0; field_not_carried[i]; i++, n++) {
		ok(in_words(names, field_not_carried[i]),
		    "'%s' is listed as not carried in veille(7) CARRIED FIELDS", field_not_carried[i]);
		ok(!field_is_carried(field_not_carried[i]), "field_is_carried(\"%s\") is 0",
		    field_not_carried[i]);
	}
	int m = 0;
	for (char *w = strtok(names, " "); w; w = strtok(NULL, " "), m++)
		ok(!field_is_carried(w), "'%s', not carried in veille(7), is in field_not_carried", w);
	ok(n == m, "veille(7) lists %d fields as not carried, the table %d", m, n);
	ok(field_is_carried("tags") && field_is_carried("source") &&
	    field_is_carried("platform") && field_is_carried("my_label"),
	    "labels (tags, source, platform, any other name) are carried");
	free(names);
	free(list);
	free(sec);

	/* Engagement names: the line after "It Cm engagement", both ways. */
	const char *eng = strstr(page, ".It Cm engagement\n");
	const char *ecm = eng ? strstr(eng, "\n.Cm ") : NULL;
	const char *eend = ecm ? strchr(ecm + 1, '\n') : NULL;
	char *eline = ecm && eend ? xstrndup(ecm + 5, (size_t)(eend - ecm - 5)) : xstrdup("");
	n = 0;
	for (int i = 0; engagement_names[i]; i++, n++)
		ok(in_words(eline, engagement_names[i]), "engagement '%s' is in veille(7)",
		    engagement_names[i]);
	m = 0;
	for (char *w = strtok(eline, " ,."); w; w = strtok(NULL, " ,."), m++) {
		int known = 0;
		for (int i = 0; engagement_names[i]; i++)
			known |= !strcmp(w, engagement_names[i]);
		ok(known, "engagement '%s' of veille(7) is in engagement_names", w);
	}
	ok(n == m && n == F_NENGAGEMENT, "veille(7) lists %d engagement names, the table %d", m, n);
	free(eline);

	/* Error codes: the table and veille(7) ERROR CODES, both ways. */
	sec = section(page, "ERROR CODES");
	names = names_after(sec, ".It Li");
	n = 0;
	for (int i = 0; error_table[i].code; i++, n++) {
		ok(in_words(names, error_table[i].code), "error code '%s' is in veille(7) ERROR CODES",
		    error_table[i].code);
		ok(error_table[i].meaning && *error_table[i].meaning && error_table[i].tools,
		    "error code '%s' has a meaning and its tools", error_table[i].code);
	}
	m = 0;
	for (char *w = strtok(names, " "); w; w = strtok(NULL, " "), m++)
		ok(error_doc(w) != NULL, "error code '%s' of veille(7) is in error_table", w);
	ok(n == m && n > 0, "veille(7) lists %d error codes, the table %d", m, n);
	free(names);
	free(sec);

	/* ... and the page of each tool that writes it. */
	const char *tools[] = { "fetch", "parse", NULL };
	for (int t = 0; tools[t]; t++) {
		char *path = xasprintf("man/veille-%s.1", tools[t]);
		char *tp = slurp(path);
		ok(tp != NULL, "%s is readable", path);
		char *codes = names_after(tp ? tp : "", ".It Li");
		for (int i = 0; error_table[i].code; i++)
			if (in_words(error_table[i].tools, tools[t]))
				ok(in_words(codes, error_table[i].code), "error code '%s' is listed in %s",
				    error_table[i].code, path);
		free(codes);
		free(tp);
		free(path);
	}
	codes_in_sources();
	free(page);
	return tap_done();
}
