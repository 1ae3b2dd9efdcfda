/* JSON documents: JSON Feed and the social platforms' answers (Mastodon,
 * Bluesky, Reddit, Hacker News), as veille-parse reads them. */
#include "fuzz.h"
#include "social.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init("fuzz_json");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc = cJSON_ParseWithLength((const char *)data, size);
	if (!doc)
		return 0;
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	ctx.url = "https://fuzz.example/api/v1/timelines/tag/x";
	ctx.base_url = ctx.url;
	ctx.where = ctx.url;
	if (feed_is_jsonfeed(doc))
		feed_parse_jsonfeed(&ctx, doc);
	else
		social_parse_json(&ctx, doc);
	cJSON_Delete(doc);
	parse_ctx_free(&ctx);
	return 0;
}
