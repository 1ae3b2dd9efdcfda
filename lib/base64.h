/* base64.h — RFC 4648 base64, for --binary bodies and Atom 0.3 content. */
#ifndef VEILLE_BASE64_H
#define VEILLE_BASE64_H

#include <stddef.h>
#include "util.h"

void base64_encode(const void *p, size_t n, struct buf *out);
/* Decodes, ignoring white space; -1 on a character outside the alphabet. */
int base64_decode(const char *s, size_t n, struct buf *out);

#endif
