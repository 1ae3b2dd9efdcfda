/* record.c — see record.h */
#include "record.h"
#include "util.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int line_mode;
static int write_failed;

void
out_init(int unbuffered)
{
	line_mode = unbuffered || isatty(1);
	static char obuf[1 << 16];
	if (line_mode)
		setvbuf(stdout, NULL, _IOLBF, 0);
	else
		setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
}

int
out_write(const cJSON *rec)
{
	/* One buffer for the whole run: cJSON_PrintUnformatted would
	 * allocate and grow a new one for every record. */
	static char *pbuf;
	static size_t pcap;
	if (write_failed)
		return -1;
	if (!pbuf) {
		pcap = 1 << 16;
		pbuf = xmalloc(pcap);
	}
	while (!cJSON_PrintPreallocated((cJSON *)rec, pbuf, (int)pcap - 1, 0)) {
		if (pcap > (size_t)1 << 30)
			errx(2, "record too large to print");
		pcap *= 2;
		free(pbuf);
		pbuf = xmalloc(pcap);
	}
	size_t n = strlen(pbuf);
	pbuf[n] = '\n';
	int rc = fwrite(pbuf, 1, n + 1, stdout) == n + 1 ? 0 : -1;
	if (rc < 0) {
		write_failed = 1;
		warn("write error");
	}
	return rc;
}

int
out_finish(void)
{
	if (write_failed)
		return -1;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		write_failed = 1;
		warn("write error");
		return -1;
	}
	return 0;
}

void
rec_set(cJSON *o, const char *key, cJSON *v)
{
	if (!v) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
	else
		cJSON_AddItemToObject(o, key, v);
}

int
rec_add_unique(cJSON *o, const char *key, const char *s)
{
	if (str_empty(s))
		return 0;
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsArray(arr)) {
		arr = cJSON_CreateArray();
		rec_set(o, key, arr);
	}
	char *v = str_trim(xstrdup(s));
	/* the cap keeps this scan (and the record) bounded: an entry of
	 * 100,000 tags was quadratic */
	int n = 0, skip = 0;
	for (const cJSON *e = arr->child; e && !skip; e = e->next, n++)
		skip = cJSON_IsString(e) && !strcmp(e->valuestring, v);
	if (skip || n >= REC_MAX_LIST) {
		free(v);
		return 0;
	}
	cJSON_AddItemToArray(arr, cJSON_CreateString(v));
	free(v);
	return 1;
}

void
rec_set_strn(cJSON *o, const char *key, const char *val, size_t n)
{
	if (!val) {
		rec_set(o, key, NULL);
		return;
	}
	char *s = xstrndup(val, n);
	rec_set_str(o, key, s);
	free(s);
}

void
rec_set_str(cJSON *o, const char *key, const char *val)
{
	if (str_empty(val)) {
		rec_set(o, key, NULL);
		return;
	}
	cJSON *v = cJSON_CreateString(val);
	if (!v)
		errx(2, "out of memory");
	rec_set(o, key, v);
}

void
rec_set_owned(cJSON *o, const char *key, char *val)
{
	if (str_empty(val)) {
		free(val);
		rec_set(o, key, NULL);
		return;
	}
	/* A reference node, then made the owner: cJSON_Delete frees a
	 * string that is not marked as a reference (with free(), the
	 * allocator of cJSON's default hooks, which no tool changes). */
	cJSON *v = cJSON_CreateStringReference(val);
	if (!v)
		errx(2, "out of memory");
	v->type &= ~cJSON_IsReference;
	rec_set(o, key, v);
}

void
rec_set_num(cJSON *o, const char *key, double v)
{
	rec_set(o, key, cJSON_CreateNumber(v));
}

void
rec_set_bool(cJSON *o, const char *key, int v)
{
	rec_set(o, key, cJSON_CreateBool(v));
}

const char *
rec_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double
rec_num(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

const char *
now_rfc3339(void)
{
	static char s[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return s;
}
