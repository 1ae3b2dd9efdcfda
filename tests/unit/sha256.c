/* sha256.c — unit test of lib/sha256.h against Python's hashlib (values
 * computed once and pinned here): every padding case around the 56- and
 * 64-byte boundaries of a block, a message fed in uneven pieces, and the
 * hex encoder the ids use. */
#include "sha256.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	size_t n;
	const char *hex;
} vec[] = {
	{ 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ 1, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" },
	{ 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ 55, "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005" },
	{ 56, "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51" },
	{ 63, "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c" },
	{ 64, "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e" },
	{ 65, "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d" },
	{ 119, "faef67da856d6fd9c8d12f9ed0a4fefd3cf0ce085ab43e2907418d457e3c354b" },
	{ 120, "c9512b08619c19fbb503c7da6b46ef20301e5f7a7a5f43989182398536f5c5c8" },
	{ 127, "1b9907986f18ddc2b37e18be502d82d69d6e18bb9dff9e16f2aceea7d88cb933" },
	{ 128, "6c05be2c4268843ae47e68e611277ce62c02153f2f4d2e1e2a1a4b44f766cf74" },
	{ 1000, "915e53a44c18b19bb06ba5b3f5fcaf1dc4651e8404c63425cfc6174e74659d87" },
};

int
main(void)
{
	char msg[1000], hex[65];
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (char)('a' + i % 26);
	/* the portable rounds first, then the CPU's SHA instructions when
	 * it has them (printed, so a log shows which ran) */
	for (int hw = 0; hw < 2; hw++) {
		int used = sha256_hw(hw);
		printf("# SHA instructions: %s\n", used ? "used" : hw ? "not on this CPU" : "off");
		for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++)
			is_str(sha256_hex(msg, vec[i].n, hex), vec[i].hex,
			    "%zu bytes of the alphabet (%s)", vec[i].n, used ? "SHA instructions" :
			    "portable");
	}
	/* both agree on random messages of every length up to 300 bytes */
	{
		unsigned seed = 99;
		unsigned char rnd[300];
		int differ = 0;
		for (size_t n = 0; n <= sizeof rnd; n++) {
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				rnd[i] = (unsigned char)(seed >> 16);
			}
			char a[65], b[65];
			sha256_hw(0);
			sha256_hex(rnd, n, a);
			sha256_hw(1);
			sha256_hex(rnd, n, b);
			differ += strcmp(a, b) != 0;
		}
		ok(!differ, "portable and SHA-instruction digests agree on 301 random messages");
	}

	/* the same 1000 bytes in pieces of 1, 7, 64, 100... */
	struct sha256 c;
	unsigned char d[32];
	sha256_init(&c);
	size_t at = 0, step = 1;
	while (at < sizeof msg) {
		size_t k = sizeof msg - at < step ? sizeof msg - at : step;
		sha256_update(&c, msg + at, k);
		at += k;
		step = step * 7 % 101 + 1;
	}
	sha256_final(&c, d);
	hex_encode(hex, d, 32);
	is_str(hex, vec[12].hex, "1000 bytes fed in uneven pieces");

	unsigned char bytes[] = { 0x00, 0x0f, 0xa5, 0xff };
	hex_encode(hex, bytes, 4);
	is_str(hex, "000fa5ff", "hex_encode: lowercase, two digits a byte");
	hex_encode(hex, bytes, 0);
	is_str(hex, "", "hex_encode: nothing is an empty string");
	return tap_done();
}
