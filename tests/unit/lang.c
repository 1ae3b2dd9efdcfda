/* lang.c — unit test of lang_detect on short texts of each language
 * veille promises, and of its refusals (too little text).
 *
 * With --each (lang_detect) or --each-cld2 (CLD2 alone), it is instead
 * the driver of tests/conformance/lang.sh and scripts/bench-lang: one
 * text a line on stdin, "CODE CONFIDENCE" (or "- 0") a line on stdout. */
#include "lang.h"
#include "lang_cld2.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static int
each(int (*detect)(const char *, size_t, struct lang_guess *))
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		struct lang_guess g;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (detect(line, (size_t)len, &g) < 0)
			fputs("- 0\n", stdout);
		else
			printf("%s %.3f\n", g.code, g.confidence);
	}
	free(line);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

static const char *
guess(const char *s)
{
	static struct lang_guess g;
	if (lang_detect(s, strlen(s), &g) < 0)
		return "(none)";
	return g.code;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--each"))
		return each(lang_detect);
	if (argc > 1 && !strcmp(argv[1], "--each-cld2"))
		return each(lang_cld2);
	static const struct { const char *want, *text; } cases[] = {
		{"fr", "La grève des contrôleurs perturbe le trafic SNCF ce week-end"},
		{"en", "The minister resigned after the report was published on Monday"},
		{"es", "El gobierno anunció nuevas medidas para reducir el desempleo"},
		{"de", "Die Regierung hat neue Maßnahmen gegen die Arbeitslosigkeit angekündigt"},
		{"it", "Il governo ha annunciato nuove misure contro la disoccupazione"},
		{"pt", "O governo anunciou novas medidas contra o desemprego no país"},
		{"nl", "De regering heeft nieuwe maatregelen tegen de werkloosheid aangekondigd"},
		{"ru", "Правительство объявило о новых мерах по борьбе с безработицей"},
		{"ar", "أعلنت الحكومة عن إجراءات جديدة لمكافحة البطالة"},
		{"pl", "Rząd ogłosił nowe środki w walce z bezrobociem w kraju"},
		{"tr", "Hükümet işsizlikle mücadele için yeni önlemler açıkladı"},
		{"ja", "政府は失業対策として新たな措置を発表しました"},
		{"zh", "政府宣布了应对失业的新措施"},
		{"ko", "정부는 실업 대책으로 새로운 조치를 발표했습니다"},
		{"zh", "当参数standardconformingstrings处于关闭状态时，无法使用"},
		{"ja", "Unixドメインソケットを作成できませんでした"},
		{"ja", "東京都知事選挙"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(guess(cases[i].text), cases[i].want, "a headline in %s", cases[i].want);

	struct lang_guess g;
	const char *t = "Le ministre a démissionné après la publication du rapport";
	ok(lang_detect(t, strlen(t), &g) == 0 && g.confidence > 0.5 && g.confidence <= 1,
	    "a clear French sentence comes with a confidence in (0.5, 1]: %.2f", g.confidence);
	ok(lang_detect("ok", 2, &g) == -1 && g.code[0] == '\0' && g.confidence == 0,
	    "two letters are too little text: -1, an empty code, confidence 0");
	ok(lang_detect("12:45 !!! ??? 2024-01-01 :-)", 28, &g) == -1,
	    "digits, punctuation and an emoticon hold no language");
	ok(lang_detect("", 0, &g) == -1, "the empty text has no language");
	ok(lang_detect(t, 2, &g) == -1, "only the first n bytes are read");
	static const char bad[] = "\xff\xfe\xc3\x28 caf\xc3 \xe2\x82 la gr\xc3\xa8ve des contr\xc3\xb4leurs continue";
	ok(lang_detect(bad, sizeof bad - 1, &g) == 0 && !strcmp(g.code, "fr"),
	    "invalid UTF-8 around French text does not hide it: %s", g.code);
	return tap_done();
}
