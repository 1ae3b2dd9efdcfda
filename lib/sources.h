/* sources.h — analyst-friendly source lines into fetch targets.
 *
 *   mastodon:#greve@mastodon.social     reddit:search:"bad buzz"
 *   gnews:"ministère de l'intérieur" lang:fr     hn:search:curl
 *
 * become veille-fetch target records ({"url", "platform", "source",
 * "cursor", "tags"}) with the right query encoding, language, region and
 * since-id paging. The presets and their URLs: veille-sources(7). */
#ifndef VEILLE_SOURCES_H
#define VEILLE_SOURCES_H

#include <stdio.h>
#include <cjson/cJSON.h>

struct sources_opts {
	const char *lang, *region;  /* defaults for lang: and region: */
	int no_cursor;              /* leave out the paging specs */
	const char *base[8];        /* API roots set with sources_set_api_base */
};

/* One line that is neither blank nor a comment: a new target record, or
 * NULL and *err (malloc'd: why the line cannot be understood). */
cJSON *sources_convert(const char *line, const struct sources_opts *o, char **err);
/* "NAME=URL": use URL as the API root of platform NAME. 0, or -1 for an
 * unknown platform, -2 for a URL that is not http(s). */
int sources_set_api_base(struct sources_opts *o, const char *name_eq_url);
/* The presets, their syntax and an example each. */
void sources_print_list(FILE *fp);

#endif
