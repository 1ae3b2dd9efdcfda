/* Unit tests of the NDJSON reader and the record writer helpers. */
#include "ndjson.h"
#include "record.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *
from(const char *s, size_t n)
{
	FILE *fp = tmpfile();
	fwrite(s, 1, n, fp);
	rewind(fp);
	return fp;
}

int
main(void)
{
	/* Silence the reader's messages: they go to stderr by design. */
	FILE *devnull = freopen("/dev/null", "w", stderr);
	(void)devnull;

	struct ndjson_reader r;
	cJSON *o;
	static const char in[] =
	    "{\"a\":1}\n"
	    "\n"
	    "   \n"
	    "{bad json\n"
	    "[1,2]\n"
	    "{\"b\":\"\xff\"}\n"
	    "{\"c\":2} trailing\n"
	    "{\"d\":3}";          /* no final newline */
	FILE *fp = from(in, sizeof in - 1);
	ndjson_open(&r, fp, NULL);

	ok(ndjson_next(&r, &o) == 1 && rec_num(o, "a", 0) == 1, "first object read");
	ok(r.lineno == 1, "line number 1");
	cJSON_Delete(o);
	ok(ndjson_next(&r, &o) == -1 && r.lineno == 4, "blank lines skipped, bad JSON on line 4");
	ok(ndjson_next(&r, &o) == -1 && r.lineno == 5, "an array is not a record (line 5)");
	ok(ndjson_next(&r, &o) == 1 && r.lineno == 6, "invalid UTF-8 line still read");
	is_str(rec_str(o, "b"), "\xEF\xBF\xBD", "invalid byte became U+FFFD");
	cJSON_Delete(o);
	ok(ndjson_next(&r, &o) == -1 && r.lineno == 7, "trailing garbage is invalid");
	ok(ndjson_next(&r, &o) == 1 && rec_num(o, "d", 0) == 3, "last line without newline");
	cJSON_Delete(o);
	ok(ndjson_next(&r, &o) == 0, "end of input");
	ok(r.nrecords == 3 && r.nbad_json == 3 && r.nbad_utf8 == 1, "counters: 3 good, 3 bad, 1 repaired");
	is_str(ndjson_where(&r), "line 8", "where: line N");
	ndjson_close(&r);
	fclose(fp);

	/* A line far longer than any buffer. */
	struct buf big;
	buf_init(&big);
	buf_adds(&big, "{\"x\":\"");
	for (int i = 0; i < 3000000; i++)
		buf_addc(&big, 'y');
	buf_adds(&big, "\"}\n");
	fp = from(big.data, big.len);
	ndjson_open(&r, fp, "big.ndjson");
	ok(ndjson_next(&r, &o) == 1 && strlen(rec_str(o, "x")) == 3000000, "3 MB line read whole");
	cJSON_Delete(o);
	is_str(ndjson_where(&r), "big.ndjson: line 1", "where names the file");
	ndjson_close(&r);
	fclose(fp);
	buf_free(&big);

	/* rec_set_str never writes null or empty, keeps the order. */
	cJSON *rec = cJSON_Parse("{\"a\":1,\"title\":\"old\",\"z\":true}");
	rec_set_str(rec, "title", "new");
	rec_set_str(rec, "empty", "   ");
	rec_set_str(rec, "none", NULL);
	char *s = cJSON_PrintUnformatted(rec);
	is_str(s, "{\"a\":1,\"title\":\"new\",\"z\":true}", "replace in place, omit empty and NULL");
	free(s);
	rec_set_str(rec, "title", "");
	s = cJSON_PrintUnformatted(rec);
	is_str(s, "{\"a\":1,\"z\":true}", "an empty value removes the field");
	free(s);
	cJSON_Delete(rec);
	return tap_done();
}
