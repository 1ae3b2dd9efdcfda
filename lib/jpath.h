/* jpath.h — a tiny path syntax over cJSON documents, the generic JSON
 * mapping of `veille-parse --map FILE`. The since-id/cursor paging built
 * on the paths is cursor.h, apart: collection code needs no parser.
 *
 * Path syntax (documented in veille-parse(1) and veille-sources(7)):
 *
 *   .                 the node itself ("" and "$" mean the same)
 *   .name             member "name" of an object (any bytes but . [ ] "
 *                     ' and white space; e.g. .$type, .données)
 *   ["any key"]       member with any name, JSON string escapes; also
 *   ['any key']       in single quotes; may follow a dot: .["a b"]
 *   [3]  [-1]         element of an array, from the end when negative
 *   []                every element of an array (every member value of
 *                     an object): the path then has several matches
 *
 * Steps are chained: .data.children[].data, .items[0].title,
 * .posts[].author.handle, .[0].id.  A path that starts with "$" is
 * evaluated from the document root in a map (see jmap below); for
 * jpath_get/jpath_each "$" is simply the node given. */
#ifndef VEILLE_JPATH_H
#define VEILLE_JPATH_H

#include <cjson/cJSON.h>
#include "parse.h"

struct jpath;

/* Compile a path; NULL and *errmsg (malloc'd, e.g. "expected ']' at
 * offset 5") on a syntax error. */
struct jpath *jpath_compile(const char *path, char **errmsg);
void jpath_free(struct jpath *p);
/* 1 if the path has a [] step (can match several nodes). */
int jpath_is_multi(const struct jpath *p);
/* The path as written. */
const char *jpath_text(const struct jpath *p);

/* Call fn for each node matched, in document order; fn returns non-zero
 * to stop. Returns the number of nodes visited. */
typedef int (*jpath_fn)(const cJSON *node, void *arg);
long jpath_each(const cJSON *doc, const struct jpath *p, jpath_fn fn, void *arg);
/* First node matched, or NULL. */
const cJSON *jpath_first(const cJSON *doc, const struct jpath *p);
/* Convenience: compile, take the first match, free. NULL when nothing
 * matches or the path is invalid. */
const cJSON *jpath_get(const cJSON *doc, const char *path);

/* A scalar as text: strings as they are, numbers as integers when whole
 * (1700000000, not 1.7e9), true/false. Malloc'd, or NULL for objects,
 * arrays, null and missing nodes. */
char *jpath_scalar_text(const cJSON *node);

/* ---- Generic mapping: veille-parse --map FILE ----
 *
 * FILE is a JSON object:
 *   {
 *     "items":     ".data[]",              (required) where the entries are
 *     "platform":  "x",                    a constant
 *     "content_is_html": false,            (also title_is_html, summary_is_html)
 *     "id":        ".id",                  the entry's own id (guid)
 *     "url":       {"template": "https://x.com/i/web/status/{.id}"},
 *     "content":   ".text",
 *     "published": ".created_at",          text dates, or epoch s/ms numbers
 *     "handle":    {"path": ".author_id", "lookup": "$.includes.users[]",
 *                   "match": ".id", "value": ".username", "prefix": "@"},
 *     "categories": ".entities.hashtags[].tag",
 *     "engagement": {"likes": ".public_metrics.like_count", ...},
 *     "skip_if":   ".deleted"              entries where this is truthy are skipped
 *   }
 * Every field value is a path (string) or an object with exactly one of
 * "path", "template" ("{.a}" parts replaced by the path's value) or
 * "const", and optionally "html", "prefix", "lookup"/"match"/"value".
 * Fields: id url title summary content author handle published updated
 * image lang categories links platform enclosures (URLs), engagement
 * (object: likes reposts replies views score). */
struct jmap;

/* Load and check a map file. NULL with *errmsg (malloc'd, starting with
 * the file name) when the file cannot be read or is not a valid map. */
struct jmap *jmap_load(const char *path, char **errmsg);
/* The same from a parsed JSON object; name is used in messages. */
struct jmap *jmap_from_json(const cJSON *spec, const char *name, char **errmsg);
/* Emit one item per entry. Returns the number emitted (>= 0), or -1 when
 * the "items" path finds nothing in doc (not even an empty array) — the
 * document is not what the map describes (a warning is printed). */
long jmap_apply(struct parse_ctx *ctx, const struct jmap *m, const cJSON *doc);
void jmap_free(struct jmap *m);

#endif
