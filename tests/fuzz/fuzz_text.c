/* Unicode folding and words (lib/text) and message escaping (lib/msg):
 * the fold map stays inside the input, words inside the text, and no
 * control character survives escaping. */
#include "fuzz.h"
#include "msg.h"
#include "text.h"

#include <stdlib.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_text");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t n, *map;
	char *f = text_fold(s, size, &n, &map);
	for (size_t i = 0; i <= n; i++)
		if (map[i] > size || (i && map[i] < map[i - 1]))
			abort();
	size_t pos = 0;
	struct text_tok t;
	while (text_next_word(f, n, &pos, &t))
		if (t.off + t.len > n || !t.len)
			abort();
	pos = 0;
	while (text_next_word(s, size, &pos, &t))
		if (t.off + t.len > size || !t.len)
			abort();
	char out[MSG_MAX + 4];
	msg_escape(s, size, out, MSG_MAX);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			abort();
	free(f);
	free(map);
	return 0;
}
