/* record.h — writing records: one compact JSON object a line on stdout,
 * and helpers that keep the contract (a field with no value is left out,
 * never null; unknown fields are never touched). */
#ifndef VEILLE_RECORD_H
#define VEILLE_RECORD_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* stdout fully buffered (pipe/file) or line buffered (terminal, or
 * unbuffered != 0: one flush per record, for `tail -f` pipelines). */
void out_init(int unbuffered);
/* Write rec as one line. Returns 0, or -1 on a write error (reported once). */
int out_write(const cJSON *rec);
/* Write s[0..n) as it is, plus a newline if it does not end with one:
 * a line passed through, or a record a stage wrote itself
 * (jsonline.h). 0 or -1 as out_write. */
int out_write_raw(const char *s, size_t n);
/* out_write of rec with one more member after its others, key with the
 * string s[0..n) (valid UTF-8, no NUL), printed as cJSON prints it but
 * piece by piece: a large string (a fetched body) is neither copied into
 * the record nor printed whole into memory. rec must not hold key. */
int out_write_string_last(const cJSON *rec, const char *key, const char *s, size_t n);
/* Flush and check stdout; prints "write error" and returns -1 on failure. */
int out_finish(void);
/* Write out now what out_write buffered: 0, or -1 (reported once). For
 * a stage that must know its records left before it commits state. */
int out_sync(void);

/* Set key to a string; NULL or empty (after trimming) removes it instead.
 * Replaces an existing member in place, so field order is kept. */
void rec_set_str(cJSON *o, const char *key, const char *val);
void rec_set_strn(cJSON *o, const char *key, const char *val, size_t n);
/* rec_set_str for a string from malloc() that the record takes over
 * (no copy): freed with the record, or at once when it is empty. */
void rec_set_owned(cJSON *o, const char *key, char *val);
void rec_set_num(cJSON *o, const char *key, double v);
void rec_set_bool(cJSON *o, const char *key, int v);
/* Takes ownership of v (NULL removes key). */
void rec_set(cJSON *o, const char *key, cJSON *v);
/* Append s (trimmed) to the array of strings key of o (made when it is
 * missing or not an array), unless s is empty, already there, or the
 * array holds REC_MAX_LIST values (veille(7)): 1 added, 0 not. */
#define REC_MAX_LIST 1000
int rec_add_unique(cJSON *o, const char *key, const char *s);
/* The string value of key, or NULL if absent or not a string. */
const char *rec_str(const cJSON *o, const char *key);
/* The number value of key, or dflt. */
double rec_num(const cJSON *o, const char *key, double dflt);

/* Current time (when_now(): $VEILLE_NOW overrides the clock) as RFC 3339
 * UTC ("2026-11-23T19:27:40Z"), static buffer. */
const char *now_rfc3339(void);

#endif
