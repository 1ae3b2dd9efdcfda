/* strmap.c — see strmap.h. Open addressing with linear probing, FNV-1a
 * hashes kept beside the keys, the table at most half full. */
#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char *key;          /* NULL: empty */
	size_t len;
	uint64_t hash;
};

struct strmap {
	struct slot *slots;
	unsigned char *vals;
	size_t cap, n, valsize;
};

/* FNV-1a (util.h), its high bits folded into the low ones the table
 * index takes. */
static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = mem_hash(s, n);
	return h ^ (h >> 29);
}

struct strmap *
strmap_new(size_t valsize)
{
	struct strmap *m = xcalloc(1, sizeof *m);
	m->valsize = valsize;
	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	m->vals = xcalloc(m->cap, valsize ? valsize : 1);
	return m;
}

void
strmap_free(struct strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m->vals);
	free(m);
}

size_t
strmap_count(const struct strmap *m)
{
	return m->n;
}

static size_t
find(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slots[i].key) {
		const struct slot *s = &m->slots[i];
		if (s->hash == h && s->len == len && !memcmp(s->key, key, len))
			return i;
		i = (i + 1) & (m->cap - 1);
	}
	return i;
}

void *
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	size_t i = find(m, key, len, hash(key, len));
	return m->slots[i].key ? m->vals + i * m->valsize : NULL;
}

static void
grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	m->vals = xcalloc(m->cap, m->valsize ? m->valsize : 1);
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i].key)
			continue;
		size_t j = find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash);
		m->slots[j] = old.slots[i];
		memcpy(m->vals + j * m->valsize, old.vals + i * m->valsize, m->valsize);
	}
	free(old.slots);
	free(old.vals);
}

void *
strmap_put(struct strmap *m, const char *key, size_t len, int *isnew)
{
	uint64_t h = hash(key, len);
	size_t i = find(m, key, len, h);
	if (m->slots[i].key) {
		if (isnew)
			*isnew = 0;
		return m->vals + i * m->valsize;
	}
	if (2 * (m->n + 1) > m->cap) {
		grow(m);
		i = find(m, key, len, h);
	}
	m->slots[i].key = xstrndup(key, len);
	m->slots[i].len = len;
	m->slots[i].hash = h;
	m->n++;
	if (isnew)
		*isnew = 1;
	return m->vals + i * m->valsize;
}

int
strmap_next(const struct strmap *m, size_t *it, const char **key, void **val)
{
	while (*it < m->cap) {
		size_t i = (*it)++;
		if (m->slots[i].key) {
			*key = m->slots[i].key;
			*val = m->vals + i * m->valsize;
			return 1;
		}
	}
	return 0;
}
