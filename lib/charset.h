/* charset.h — finding a document's encoding and converting it to UTF-8
 * (iconv; windows-1252 for the ISO-8859-1 label, as browsers do). */
#ifndef VEILLE_CHARSET_H
#define VEILLE_CHARSET_H

#include <stddef.h>
#include "util.h"

/* The charset parameter of a Content-Type value, lowercased, malloc'd, or NULL. */
char *charset_from_content_type(const char *ctype);
/* Encoding announced by a BOM ("utf-8", "utf-16le", ...) and its length. */
const char *charset_from_bom(const char *s, size_t n, size_t *bomlen);
/* encoding="..." of an XML declaration, lowercased, malloc'd, or NULL. */
char *charset_from_xml_decl(const char *s, size_t n);
/* <meta charset> / <meta http-equiv content-type> in the first 4 KiB of HTML. */
char *charset_from_html_meta(const char *s, size_t n);

/* Convert s[0..n) from charset (NULL: UTF-8) into UTF-8 appended to out;
 * undecodable bytes (and NUL bytes) become U+FFFD. Returns how many
 * replacements were made (0 for clean input), or -1 if the charset is
 * unknown (out then holds s repaired as UTF-8). */
int charset_to_utf8(const char *charset, const char *s, size_t n, struct buf *out);
/* The message for a document whose conversion from charset made n > 0
 * replacements: "invalid UTF-8 replaced by U+FFFD (3 sequences)"
 * (static buffer). veille(7): they are reported, once per document. */
const char *charset_repl_message(const char *charset, int n);
/* Canonical name for a label ("latin1" -> "windows-1252"), static string. */
const char *charset_canonical(const char *label);

/* Decide the encoding of an XML document: BOM, then HTTP charset (when
 * given), then the XML declaration, then UTF-8; convert to UTF-8 into out.
 * *used gets the name decided. Returns as charset_to_utf8 does. */
int charset_decode_xml(const char *s, size_t n, const char *http_charset,
    struct buf *out, const char **used);
/* The same, doc replaced by its UTF-8 text: a document that is valid
 * UTF-8 already (and has no BOM) is kept as it is, not copied. */
int charset_decode_xml_buf(struct buf *doc, const char *http_charset, const char **used);
/* Same for HTML: BOM, HTTP charset, <meta>, then UTF-8 if valid, else
 * windows-1252. */
int charset_decode_html(const char *s, size_t n, const char *http_charset,
    struct buf *out, const char **used);

#endif
