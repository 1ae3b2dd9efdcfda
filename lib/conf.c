/* conf.c — see conf.h */
#include "conf.h"
#include "msg.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *section, *key, *value;
};

struct conf {
	struct entry *e;
	size_t n;
};

struct conf *
conf_load(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		msg_warn(path, "%s", strerror(errno));
		return NULL;
	}
	struct conf *c = xcalloc(1, sizeof *c);
	char *line = NULL, *section = xstrdup("");
	size_t cap = 0;
	unsigned long lineno = 0, nerr = 0;
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		char *s = str_trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		char where[64 + 4096];
		snprintf(where, sizeof where, "%s:%lu", path, lineno);
		if (*s == '[') {
			char *end = strchr(s, ']');
			if (!end || end[1] || end == s + 1) {
				msg_warn(where, "expected '[section]'");
				nerr++;
				continue;
			}
			*end = '\0';
			free(section);
			section = xstrdup(str_trim(s + 1));
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			msg_warn(where, "expected 'key = value', got '%s'", msg_quote(s, 60));
			nerr++;
			continue;
		}
		*eq = '\0';
		char *key = str_trim(s), *val = str_trim(eq + 1);
		if (!*key) {
			msg_warn(where, "a value without a key");
			nerr++;
			continue;
		}
		c->e = xrealloc(c->e, (c->n + 1) * sizeof *c->e);
		c->e[c->n].section = xstrdup(section);
		c->e[c->n].key = xstrdup(key);
		c->e[c->n].value = xstrdup(val);
		c->n++;
	}
	free(line);
	free(section);
	int rerr = ferror(fp);
	fclose(fp);
	if (rerr) {
		msg_warn(path, "read error");
		nerr++;
	}
	if (nerr) {
		conf_free(c);
		return NULL;
	}
	return c;
}

const char *
conf_get(const struct conf *c, const char *section, const char *key, const char *dflt)
{
	/* The last one wins, as in a shell's environment. */
	for (size_t i = c ? c->n : 0; i-- > 0;)
		if (!strcmp(c->e[i].section, section) && !strcmp(c->e[i].key, key))
			return *c->e[i].value ? c->e[i].value : dflt;
	return dflt;
}

void
conf_free(struct conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].section);
		free(c->e[i].key);
		free(c->e[i].value);
	}
	free(c->e);
	free(c);
}
