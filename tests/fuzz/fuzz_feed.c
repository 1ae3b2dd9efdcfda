/* Raw feed documents (RSS, RDF, Atom; any bytes, any charset) through the
 * charset sniffing and the feed parser, as veille-parse reads them. */
#include "fuzz.h"
#include "charset.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_feed");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	ctx.url = "http://fuzz.example/feed.xml";
	ctx.base_url = ctx.url;
	ctx.where = ctx.url;
	ctx.want_links = size & 1;
	struct buf text;
	buf_init(&text);
	const char *used = NULL;
	charset_decode_xml((const char *)data, size, NULL, &text, &used);
	const char *why = NULL;
	feed_parse_xml(&ctx, text.data ? text.data : "", text.len, &why);
	buf_free(&text);
	parse_ctx_free(&ctx);
	return 0;
}
