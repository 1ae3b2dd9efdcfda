/* The NDJSON reader every tool reads its input with: lines of any length,
 * invalid UTF-8, NUL bytes, blank lines, CRLF, no final newline. */
#include "fuzz.h"
#include "ndjson.h"

#include <stdio.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_ndjson");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return 0;
	struct ndjson_reader r;
	ndjson_open(&r, fp, "fuzz.ndjson");
	cJSON *o;
	int rc;
	while ((rc = ndjson_next(&r, &o)) != 0) {
		if (rc == 1) {
			out_write(o);
			cJSON_Delete(o);
		}
	}
	ndjson_close(&r);
	fclose(fp);
	return 0;
}
