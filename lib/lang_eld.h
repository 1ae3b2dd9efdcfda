/* lang_eld.h — the n-gram model of Nito-ELD (Efficient Language
 * Detector), compiled in by scripts/gen-lang-eld.mjs (lang_eld_data.c). */
#ifndef VEILLE_LANG_ELD_H
#define VEILLE_LANG_ELD_H

#include <stddef.h>

enum { ELD_NLANGS = 60, ELD_KEYLEN = 6 };

extern const char eld_langs[ELD_NLANGS][3];  /* ISO 639-1 */
extern const float eld_avg[ELD_NLANGS];      /* mean scaled score when right */
extern const size_t eld_nkeys;
/* eld_nkeys keys of ELD_KEYLEN bytes, NUL-padded: byte n-grams of
 * lower-cased words, ' ' marking a word's start or end. */
extern const unsigned char eld_keys[];
/* For each key in turn: a count k, then k (language, score) byte pairs. */
extern const unsigned char eld_scores[];

#endif
