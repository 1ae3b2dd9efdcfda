/* HTML pages through charset sniffing and article extraction, with and
 * without --links, and --links-only (the first byte picks the mode). */
#include "fuzz.h"
#include "charset.h"
#include "extract.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_html");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int mode = data[0] % 3;
	data++;
	size--;
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	ctx.url = "https://fuzz.example/2026/11/article.html";
	ctx.base_url = ctx.url;
	ctx.where = ctx.url;
	ctx.want_links = mode == 1;
	ctx.links_only = mode == 2;
	struct buf text;
	buf_init(&text);
	const char *used = NULL;
	charset_decode_html((const char *)data, size, NULL, &text, &used);
	if (mode == 2)
		extract_links(&ctx, text.data ? text.data : "", text.len);
	else
		extract_article(&ctx, text.data ? text.data : "", text.len);
	buf_free(&text);
	parse_ctx_free(&ctx);
	return 0;
}
