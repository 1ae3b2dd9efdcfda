/* sha256.h — SHA-256 (FIPS 180-4), for stable ids and body hashes. */
#ifndef VEILLE_SHA256_H
#define VEILLE_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char blk[64];
	size_t n;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, unsigned char out[32]);
/* d[0..n) as 2n lowercase hex digits and a NUL into out. */
void hex_encode(char *out, const unsigned char *d, size_t n);

/* Use the CPU's SHA instructions when it has them (enable, the default)
 * or never (0, for tests); returns 1 when they are used. */
int sha256_hw(int enable);

/* Hex digest of p[0..n) into hex (65 bytes). */
char *sha256_hex(const void *p, size_t n, char hex[65]);

#endif
