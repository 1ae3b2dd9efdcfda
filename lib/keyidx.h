/* keyidx.h — an index of the members of a JSON object by key, for the
 * places that merge or copy objects of any size from the input (carried
 * fields, source labels): cJSON finds a member by walking the object,
 * which made those merges quadratic in the number of fields. */
#ifndef VEILLE_KEYIDX_H
#define VEILLE_KEYIDX_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct keyidx {
	size_t cap, n;          /* cap: a power of 2, twice n at least */
	const char **keys;      /* not owned: the members' own strings */
	cJSON **vals;
};

/* An empty index, or one of the members of o (the first of a key wins,
 * as cJSON_GetObjectItemCaseSensitive finds it); o may be NULL. */
void keyidx_init(struct keyidx *k, const cJSON *o);
cJSON *keyidx_get(const struct keyidx *k, const char *key);
/* Index v under key (v's own key string, which must outlive the index);
 * an existing entry of that key is replaced: do so before freeing the
 * member it indexed, whose key the lookup reads. */
void keyidx_put(struct keyidx *k, const char *key, cJSON *v);
void keyidx_free(struct keyidx *k);

#endif
