/* Sitemaps, sitemap indexes and robots.txt (any bytes: plain text or
 * gzip data) through lib/sitemap.c, as veille-parse reads them; the
 * decompressed size is bounded at 1 MiB so that a bomb stays quick. */
#include "fuzz.h"
#include "sitemap.h"

FUZZ_TARGET("fuzz_sitemap")

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	ctx.url = size & 1 ? "http://fuzz.example/robots.txt" : "http://fuzz.example/sitemap.xml";
	ctx.base_url = ctx.url;
	ctx.where = ctx.url;
	ctx.links_only = (size & 2) != 0;
	const char *code, *why;
	if (sitemap_is_robots(&ctx))
		sitemap_from_robots(&ctx, (const char *)data, size);
	else
		sitemap_parse(&ctx, (const char *)data, size, 1 << 20, &code, &why);
	parse_ctx_free(&ctx);
	return 0;
}
