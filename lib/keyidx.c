/* keyidx.c — see keyidx.h. Open addressing, FNV-1a. */
#include "keyidx.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t
slot_of(const struct keyidx *k, const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	size_t i = (size_t)h & (k->cap - 1);
	while (k->keys[i] && strcmp(k->keys[i], key))
		i = (i + 1) & (k->cap - 1);
	return i;
}

static void
grow(struct keyidx *k)
{
	struct keyidx old = *k;
	k->cap = old.cap ? old.cap * 2 : 16;
	k->keys = xcalloc(k->cap, sizeof *k->keys);
	k->vals = xcalloc(k->cap, sizeof *k->vals);
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			size_t j = slot_of(k, old.keys[i]);
			k->keys[j] = old.keys[i];
			k->vals[j] = old.vals[i];
		}
	free(old.keys);
	free(old.vals);
}

void
keyidx_init(struct keyidx *k, const cJSON *o)
{
	memset(k, 0, sizeof *k);
	for (cJSON *m = o ? o->child : NULL; m; m = m->next)
		if (m->string && !keyidx_get(k, m->string))
			keyidx_put(k, m->string, m);
}

cJSON *
keyidx_get(const struct keyidx *k, const char *key)
{
	if (!k->cap)
		return NULL;
	return k->vals[slot_of(k, key)];
}

void
keyidx_put(struct keyidx *k, const char *key, cJSON *v)
{
	if (2 * (k->n + 1) > k->cap)
		grow(k);
	size_t i = slot_of(k, key);
	if (!k->keys[i])
		k->n++;
	k->keys[i] = key;
	k->vals[i] = v;
}

void
keyidx_free(struct keyidx *k)
{
	free(k->keys);
	free(k->vals);
	memset(k, 0, sizeof *k);
}
