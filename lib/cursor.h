/* cursor.h — since-id/cursor paging (see veille-sources(7)), on the
 * paths of jpath.h, for collection code: no parser behind it.
 *
 * A target record may carry
 *   "cursor": {"param": "min_id", "path": ".[0].id"}
 * optionally with "template": "created_at_i>{}" ("{}" is replaced by the
 * value). After a successful fetch, cursor_from_body() takes the value at
 * path from the JSON body; next time cursor_apply() adds (or replaces)
 * param=<template with value> in the query of the target URL. */
#ifndef VEILLE_CURSOR_H
#define VEILLE_CURSOR_H

#include <cjson/cJSON.h>

/* 0 if spec is a valid cursor object, else -1 and *errmsg (malloc'd). */
int cursor_check(const cJSON *spec, char **errmsg);
/* The cursor value found in body (malloc'd), or NULL when the spec is
 * invalid, the body is not JSON, or the path matches no scalar (e.g. an
 * empty page: keep the previous cursor). */
char *cursor_from_body(const cJSON *spec, const char *body);
/* url with param=value added or replaced (value percent-encoded after
 * the template is applied). Malloc'd; a copy of url when value is NULL
 * or the spec is invalid. */
char *cursor_apply(const char *url, const cJSON *spec, const char *value);

#endif
