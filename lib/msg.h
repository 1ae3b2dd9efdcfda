/* msg.h — the one way a veille tool warns.
 *
 * Every diagnostic goes to stderr as "PROG: WHERE: text" (WHERE, the line
 * number, URL or file, may be NULL), after the progress line is cleared.
 * Input is hostile: control characters of the text (ESC, BEL, CR, ...)
 * are shown escaped (\x1b) and a message longer than MSG_MAX bytes is cut
 * with "...", so a feed quoted in a message cannot drive the terminal or
 * flood it. */
#ifndef VEILLE_MSG_H
#define VEILLE_MSG_H

#include <stddef.h>

#define MSG_MAX 400

void msg_warn(const char *where, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A quoted piece of input for messages: control characters escaped, cut
 * to max bytes (on a UTF-8 boundary) with "..."; static rotating
 * buffers, valid until 4 more calls. */
const char *msg_quote(const char *s, size_t max);
/* Escape control characters of s[0..n) into out (cut at max bytes of
 * output, "..." added when cut); returns out. out holds max + 4 bytes. */
char *msg_escape(const char *s, size_t n, char *out, size_t max);

#endif
