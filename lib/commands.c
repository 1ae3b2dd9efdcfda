/* commands.c — see commands.h */
#include "commands.h"
#include "util.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
commands_self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (k <= 0)
		return NULL;
	buf[k] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(*buf ? buf : "/");
}

static int
executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *
commands_find(const char *self_dir, const char *name)
{
	if (!name || !*name || strchr(name, '/') || name[0] == '.')
		return NULL;
	if (self_dir) {
		char *p = xasprintf("%s/veille-%s", self_dir, name);
		if (executable(p))
			return p;
		free(p);
	}
	const char *path = getenv("PATH");
	if (!path)
		return NULL;
	char *dirs = xstrdup(path);
	for (char *d = strtok(dirs, ":"); d; d = strtok(NULL, ":")) {
		char *p = xasprintf("%s/veille-%s", *d ? d : ".", name);
		if (executable(p)) {
			free(dirs);
			return p;
		}
		free(p);
	}
	free(dirs);
	return NULL;
}

static void
scan(const char *dir, char ***list, size_t *n, size_t *cap)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (strncmp(e->d_name, "veille-", 7) || !e->d_name[7])
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		int ok = executable(p);
		free(p);
		if (!ok)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*list = xrealloc(*list, *cap * sizeof **list);
		}
		(*list)[(*n)++] = xstrdup(e->d_name + 7);
	}
	closedir(dp);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
commands_list(const char *self_dir, size_t *n)
{
	char **list = NULL;
	size_t cap = 0;
	*n = 0;
	if (self_dir)
		scan(self_dir, &list, n, &cap);
	const char *path = getenv("PATH");
	if (path) {
		char *dirs = xstrdup(path);
		for (char *d = strtok(dirs, ":"); d; d = strtok(NULL, ":"))
			scan(*d ? d : ".", &list, n, &cap);
		free(dirs);
	}
	if (!*n)
		return list;
	qsort(list, *n, sizeof *list, cmp);
	size_t k = 1;
	for (size_t i = 1; i < *n; i++) {
		if (!strcmp(list[i], list[k - 1]))
			free(list[i]);
		else
			list[k++] = list[i];
	}
	*n = k;
	return list;
}

void
commands_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* Damerau-free Levenshtein distance, capped at 3 (short names). */
static int
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 3;
	int d[41][41];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			/* a transposition ("fecth") costs one */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

const char *
commands_nearest(char **list, size_t n, const char *word)
{
	const char *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < n; i++) {
		int dd = distance(word, list[i]);
		if (strlen(word) >= 3 && !strncmp(list[i], word, strlen(word)))
			dd = 1;
		if (dd < bestd) {
			bestd = dd;
			best = list[i];
		}
	}
	return best;
}

const char *
commands_summary(const char *name)
{
	static const char *const sums[][2] = {
		{ "alert", "alerts on spikes, severity, influencers, tone and weak signals" },
		{ "classify", "tag items with watch queries, their language and tone" },
		{ "dedupe", "each story once, its echoes counted, across runs" },
		{ "fetch", "fetch feeds, pages and APIs, politely and incrementally" },
		{ "parse", "feeds, social JSON and pages into item records" },
		{ "report", "the digest of a window: HTML, Markdown, text, JSON, Atom" },
		{ "sources", "turn a source list of presets into fetch targets" },
		{ "store", "the SQLite archive, with full-text search and history" },
	};
	for (size_t i = 0; i < sizeof sums / sizeof *sums; i++)
		if (!strcmp(sums[i][0], name))
			return sums[i][1];
	return NULL;
}
