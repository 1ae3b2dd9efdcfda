/* strmap.h — a hash map from byte strings to fixed-size values, for the
 * counters of the analysis tools (per tag, source, term, story).
 *
 * Keys are copied; values are valsize bytes stored in the map, zeroed
 * when a key is new. A pointer to a value stays valid until the next
 * strmap_put of a new key (the table may grow). */
#ifndef VEILLE_STRMAP_H
#define VEILLE_STRMAP_H

#include <stddef.h>

struct strmap;

struct strmap *strmap_new(size_t valsize);
void strmap_free(struct strmap *m);
size_t strmap_count(const struct strmap *m);
/* The value of key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t len);
/* The value of key, made (zeroed) when missing; *isnew (may be NULL)
 * says which. */
void *strmap_put(struct strmap *m, const char *key, size_t len, int *isnew);
/* Walk the entries: *it starts at 0; 1 and the entry, or 0 at the end.
 * The order is the table's, not the insertion's: sort what you print. */
int strmap_next(const struct strmap *m, size_t *it, const char **key, void **val);

#endif
