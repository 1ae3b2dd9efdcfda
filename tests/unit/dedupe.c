/* dedupe.c — unit test of lib/dedupe.h: the state remembers across
 * opens, forgets after the TTL (counting what it forgot), keeps the
 * first copy as the story, and the window forgets without a state. */
#include "dedupe.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
check(struct dedupe *d, const char *json, char **story)
{
	cJSON *r = cJSON_Parse(json);
	struct dedupe_match m;
	int k = d ? dedupe_check(d, r, &m) : -1;
	cJSON_Delete(r);
	*story = k == 1 ? m.story : NULL;
	return k;
}

static struct dedupe *
open_at(const char *path, const char *now, long long ttl)
{
	setenv("VEILLE_NOW", now, 1);
	struct dedupe_opts o = { .state = path, .ttl = ttl };
	return dedupe_open(&o);
}

int
main(void)
{
	char path[] = "/tmp/veille-dedupe-unit-XXXXXX";
	int fd = mkstemp(path);
	ok(fd >= 0, "a temporary file");
	close(fd);
	unlink(path);
	char *story;

	struct dedupe *d = open_at(path, "2026-11-01T00:00:00Z", 10 * 86400);
	ok(d != NULL, "a new state opens");
	ok(check(d, "{\"id\":\"a\",\"url\":\"https://example.fr/a\"}", &story) == 0, "a first item is new");
	ok(check(d, "{\"id\":\"b\",\"url\":\"https://www.example.fr/a?utm_source=x\"}", &story) == 1 &&
	    story && !strcmp(story, "a"), "its URL variant is a copy of story a");
	free(story);
	ok(check(d, "{\"id\":\"b\"}", &story) == 1 && story && !strcmp(story, "a"),
	    "a copy of a copy belongs to the first story");
	free(story);
	ok(dedupe_close(d) == 0, "the state closes");

	d = open_at(path, "2026-11-09T00:00:00Z", 10 * 86400);
	ok(check(d, "{\"id\":\"a\"}", &story) == 1, "eight days later, a is still known");
	free(story);
	ok(check(d, "{\"id\":\"c\"}", &story) == 0, "c is new on day eight");
	struct dedupe_stats st;
	dedupe_get_stats(d, &st);
	ok(st.expired == 0 && st.items == 3, "nothing expired yet, 3 items (%lld)", st.items);
	dedupe_close(d);

	d = open_at(path, "2026-11-15T00:00:00Z", 10 * 86400);
	dedupe_get_stats(d, &st);
	ok(st.expired == 2, "fourteen days later, a and b are forgotten (%lld)", st.expired);
	ok(check(d, "{\"id\":\"b\"}", &story) == 0, "b is new again");
	ok(check(d, "{\"id\":\"c\"}", &story) == 1, "c, six days old, is still known");
	free(story);
	dedupe_close(d);

	d = open_at(path, "2026-11-15T00:00:00Z", 0);
	ok(check(d, "{\"id\":\"c\"}", &story) == 1, "without a TTL nothing is forgotten");
	free(story);
	dedupe_close(d);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);

	/* the window */
	struct dedupe_opts o = { .window = 2 };
	d = dedupe_open(&o);
	ok(check(d, "{\"id\":\"x\"}", &story) == 0 && check(d, "{\"id\":\"y\"}", &story) == 0 &&
	    check(d, "{\"id\":\"z\"}", &story) == 0, "three new items");
	ok(check(d, "{\"id\":\"z\"}", &story) == 1, "the last is a copy");
	free(story);
	ok(check(d, "{\"id\":\"x\"}", &story) == 0, "the first has left a window of 2");
	dedupe_close(d);

	ok(open_at("/nonexistent/dir/state.db", "2026-11-15T00:00:00Z", 0) == NULL,
	    "a state in a missing directory fails to open");
	return tap_done();
}
