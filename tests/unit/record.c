/* Unit tests: out_write_string_last writes what out_write writes for the
 * record with the member added last, byte for byte, whatever the string
 * (escapes, UTF-8, sizes around the output buffer's), so that
 * veille-fetch's records do not change when the body is written apart. */
#include "record.h"
#include "util.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

/* What the out_* calls of f write to file descriptor 1. */
static char *
captured(int apart, const cJSON *rec, const char *s, size_t n)
{
	fflush(stdout);
	int save = dup(1);
	FILE *tmp = tmpfile();
	dup2(fileno(tmp), 1);
	if (apart) {
		out_write_string_last(rec, "body", s, n);
	} else {
		cJSON *c = cJSON_Duplicate(rec, 1);
		cJSON_AddItemToObject(c, "body", cJSON_CreateString(s));
		out_write(c);
		cJSON_Delete(c);
	}
	out_finish();
	dup2(save, 1);
	close(save);
	struct buf b;
	buf_init(&b);
	rewind(tmp);
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, tmp)) > 0)
		buf_add(&b, chunk, k);
	fclose(tmp);
	return buf_steal(&b);
}

static void
same(const cJSON *rec, const char *s, const char *what)
{
	char *want = captured(0, rec, s, strlen(s));
	char *got = captured(1, rec, s, strlen(s));
	int eq = !strcmp(want, got);
	ok(eq, "%s", what);
	if (!eq && strlen(want) < 300)
		printf("#   got:  %s#   want: %s", got, want);
	free(want);
	free(got);
}

int
main(void)
{
	out_init(0);
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "url", "https://example.org/a?b=\"c\"");
	cJSON_AddNumberToObject(rec, "status", 200);
	cJSON *empty = cJSON_CreateObject();

	same(rec, "plain text", "a plain body");
	same(rec, "", "an empty body");
	same(empty, "x", "a record of no other member");
	same(rec, "q\"uote back\\slash \b\f\n\r\t \x01\x07\x1f \x7f caf\xc3\xa9 \xe2\x82\xac",
	    "escapes as cJSON's: named ones, \\u00XX below 0x20, DEL and UTF-8 as they are");

	/* sizes around the 1 MiB buffer, escapes falling on its edges */
	size_t sizes[] = { 262143, 262144, 1048576 - 40, 1048576, 3 * 1048576 + 7 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *s = xmalloc(sizes[i] + 1);
		for (size_t j = 0; j < sizes[i]; j++)
			s[j] = j % 61 == 60 ? '\n' : j % 97 == 0 ? '"' : (char)('a' + j % 26);
		s[sizes[i]] = '\0';
		char what[64];
		snprintf(what, sizeof what, "a body of %zu bytes", sizes[i]);
		same(rec, s, what);
		free(s);
	}
	/* a record already in the buffer before the body */
	fflush(stdout);
	int save = dup(1);
	FILE *tmp = tmpfile();
	dup2(fileno(tmp), 1);
	out_write(rec);
	out_write_string_last(rec, "body", "two", 3);
	out_finish();
	dup2(save, 1);
	close(save);
	char got[512] = "";
	rewind(tmp);
	size_t k = fread(got, 1, sizeof got - 1, tmp);
	got[k] = '\0';
	fclose(tmp);
	is_str(got, "{\"url\":\"https://example.org/a?b=\\\"c\\\"\",\"status\":200}\n"
	    "{\"url\":\"https://example.org/a?b=\\\"c\\\"\",\"status\":200,\"body\":\"two\"}\n",
	    "after another record, one line each");
	cJSON_Delete(rec);
	cJSON_Delete(empty);
	return tap_done();
}
