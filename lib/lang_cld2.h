/* lang_cld2.h — Google's CLD2 behind a C call. */
#ifndef VEILLE_LANG_CLD2_H
#define VEILLE_LANG_CLD2_H

#include "lang.h"

#ifdef __cplusplus
extern "C" {
#endif
/* CLD2's best-effort guess for n bytes of plain UTF-8 text: 0 and *g,
 * or -1 when CLD2 finds no language. The confidence is CLD2's percent
 * of the text in that language, halved when CLD2 calls it unreliable. */
int lang_cld2(const char *text, size_t n, struct lang_guess *g);
#ifdef __cplusplus
}
#endif

#endif
