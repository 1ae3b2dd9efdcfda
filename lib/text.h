/* text.h — Unicode text for matching and fingerprints (utf8proc).
 *
 * Folding makes the forms a reader takes for the same word equal: NFKC
 * compatibility forms ("ﬁ" is "fi", full-width letters are letters),
 * Unicode case folding ("É" is "é", "ß" is "ss"), combining marks
 * stripped ("é" is "e"), the typographic apostrophes ’ ‘ ʼ made ', the
 * ligatures œ and æ spelt oe and ae. It works a character at a time, so
 * that every byte of the result can be traced back to the character of
 * the input it came from (--explain offsets). */
#ifndef VEILLE_TEXT_H
#define VEILLE_TEXT_H

#include <stddef.h>

/* s[0..n) folded: malloc'd, NUL-terminated; *outlen its length (may be
 * NULL). Invalid UTF-8 becomes U+FFFD. With map non-NULL, *map (malloc'd,
 * outlen + 1 entries) gives for each byte of the result the offset in s
 * of the character it came from (map[outlen] = n). */
char *text_fold(const char *s, size_t n, size_t *outlen, size_t **map);

/* Words: runs of letters, digits and marks (Unicode L*, N*, M*). An
 * apostrophe (' ’ ʼ) between letters splits a French elision, dropping
 * the elided prefix ("l'etat" gives "etat", "qu'il" gives "il"; prefixes
 * c d j l m n s t qu jusqu lorsqu puisqu quoiqu, any case) and an English
 * possessive ("Orange's" gives "Orange"); any other apostrophe stays
 * inside the word ("aujourd'hui", "don't"). A '#' or '@' right before a
 * word sets TOK_HASHTAG or TOK_MENTION (off and len are of the word,
 * without the sign). Works on folded or raw text. */
enum { TOK_HASHTAG = 1, TOK_MENTION = 2 };
struct text_tok {
	size_t off, len;
	int flags;
};
/* 1 and *t for the next word at or after *pos (advanced past it), 0 at
 * the end. */
int text_next_word(const char *s, size_t n, size_t *pos, struct text_tok *t);

#endif
