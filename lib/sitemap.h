/* sitemap.h — sitemaps (sitemaps.org 0.9) into records (parse.h):
 *
 *   <urlset>        one item per <url>: url (loc), updated (lastmod), and
 *                   what Google's extensions give: news (title, published,
 *                   lang, site_name, keywords as categories), image (image,
 *                   enclosures) and video (enclosures, image, title,
 *                   summary, published, tags as categories); with
 *                   ctx->links_only one target per <url> instead;
 *   <sitemapindex>  one target record (kind "target", url, updated) per
 *                   child sitemap, so that parse | fetch | parse follows;
 *   robots.txt      one target per "Sitemap:" line (else the site's
 *                   /sitemap.xml), for the sitemap: preset of
 *                   veille-sources(7).
 *
 * A sitemap is read as a stream (libxml2's reader, one <url> at a time,
 * freed once written): memory does not grow with the number of URLs. A
 * gzip-compressed one (gunzip.h) is decompressed as it is read: neither
 * the decompressed text nor its tree is ever whole in memory. */
#ifndef VEILLE_SITEMAP_H
#define VEILLE_SITEMAP_H

#include <stddef.h>
#include "parse.h"

/* A sitemap or sitemap index: UTF-8 text (any encoding declaration is
 * ignored), or gzip-compressed bytes (gunzip_is; the declaration is then
 * honoured), decompressed to max bytes at most. Writes the records and
 * returns their number; -1 when the document could not be read (a
 * decompression bomb, corrupt gzip data, no sitemap root), with *code
 * (error_code of veille(7): too_large, bad_body, not_a_feed) and *why (a
 * sentence, static); the records written before a failure stay. */
long sitemap_parse(struct parse_ctx *ctx, const char *s, size_t n, size_t max,
    const char **code, const char **why);

/* Is the document a robots.txt: the path of its URL is /robots.txt, or
 * it is a file named robots.txt? */
int sitemap_is_robots(const struct parse_ctx *ctx);
/* robots.txt: one target per Sitemap line (resolved against the
 * document's URL, http(s) only, each once); when it names none, a
 * target for /sitemap.xml of its site. Returns the number of targets,
 * -1 when none could be made (a file without -b). */
long sitemap_from_robots(struct parse_ctx *ctx, const char *s, size_t n);

#endif
