/* Charset decoding: the first byte picks a charset, the rest is decoded;
 * the result must be valid UTF-8. */
#include "fuzz.h"
#include "charset.h"
#include "utf8.h"

#include <stdlib.h>

static const char *const sets[] = {
	"utf-8", "iso-8859-1", "iso-8859-15", "windows-1252", "utf-16le", "utf-16be",
	"utf-32", "koi8-r", "shift_jis", "gb18030", "windows-1258", "big5", "x-unknown",
	"iso-2022-jp", "euc-kr", "macintosh",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_charset");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *cs = sets[data[0] % (sizeof sets / sizeof *sets)];
	struct buf out;
	buf_init(&out);
	charset_to_utf8(cs, (const char *)data + 1, size - 1, &out);
	if (out.len && utf8_valid_prefix(out.data, out.len) != out.len)
		abort();
	buf_free(&out);
	const char *used = NULL;
	buf_init(&out);
	charset_decode_html((const char *)data + 1, size - 1, data[0] & 1 ? cs : NULL, &out, &used);
	buf_free(&out);
	return 0;
}
