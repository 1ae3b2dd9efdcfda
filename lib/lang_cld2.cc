// lang_cld2.cc — the one C++ file: CLD2's C++ API behind lang_cld2().
#include "lang_cld2.h"

#include <climits>
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cstring>

#include <cld2/public/compact_lang_det.h>

extern "C" int
lang_cld2(const char *text, size_t n, struct lang_guess *g)
{
	CLD2::Language lang3[3];
	int percent3[3];
	double score3[3];
	int text_bytes = 0, valid = 0;
	bool reliable = false;
	CLD2::ResultChunkVector *chunks = NULL;

	g->code[0] = '\0';
	g->confidence = 0;
	if (n > INT_MAX)
		n = INT_MAX;
	CLD2::Language l = CLD2::ExtDetectLanguageSummaryCheckUTF8(text, (int)n, true,
	    NULL, CLD2::kCLDFlagBestEffort, lang3, percent3, score3, chunks,
	    &text_bytes, &reliable, &valid);
	if (l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE)
		return -1;
	const char *code = CLD2::LanguageCode(l);
	// CLD2 says "zh-Hant" for traditional Chinese: the ISO 639-1 part.
	size_t len = strcspn(code, "-");
	if (len < 2 || len > 3)
		return -1;
	memcpy(g->code, code, len);
	g->code[len] = '\0';
	g->confidence = (percent3[0] > 100 ? 100 : percent3[0]) / 100.0;
	if (!reliable)
		g->confidence /= 2;
	return 0;
}
