/* sentiment.c — unit test of sentiment_analyse: the lexicon and each
 * rule (negation, intensifiers, contrast, emoji and emoticons, capitals,
 * exclamation) in English and French, and the languages it refuses.
 *
 * With --each LANG it is instead the driver of
 * tests/conformance/sentiment.sh: one text a line on stdin, "LABEL SCORE"
 * a line on stdout ("- 0" for a language not covered). */
#include "sentiment.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static int
each(const char *lang)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		struct sentiment s;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (sentiment_analyse(line, (size_t)len, lang, &s) < 0)
			fputs("- 0\n", stdout);
		else
			printf("%s %.4f\n", s.label, s.score);
	}
	free(line);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

static struct sentiment
an(const char *lang, const char *text)
{
	struct sentiment s = {0, NULL};
	if (sentiment_analyse(text, strlen(text), lang, &s) < 0)
		s.label = "(refused)";
	return s;
}

static const char *
label(const char *lang, const char *text)
{
	return an(lang, text).label;
}

static double
score(const char *lang, const char *text)
{
	return an(lang, text).score;
}

int
main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "--each"))
		return each(argv[2]);
	/* The lexicon. */
	is_str(label("en", "What a wonderful day"), "positive", "en: a positive word");
	is_str(label("en", "This is a horrible mess"), "negative", "en: a negative word");
	is_str(label("en", "The meeting is on Tuesday at noon"), "neutral", "en: no opinion word");
	is_str(label("fr", "Un film magnifique"), "positive", "fr: a positive word");
	is_str(label("fr", "Quel scandale, c'est une honte"), "negative", "fr: negative nouns");
	is_str(label("fr", "Le conseil municipal se réunit mardi"), "neutral", "fr: no opinion word");
	is_str(label("fr", "C'est GÉNIAL"), "positive", "fr: accents and capitals folded");

	/* Negation. */
	is_str(label("en", "This is good"), "positive", "en: good");
	is_str(label("en", "This is not good"), "negative", "en: not good");
	is_str(label("en", "It wasn't good at all"), "negative", "en: wasn't good");
	is_str(label("en", "not bad at all"), "positive", "en: not bad is an idiom");
	is_str(label("fr", "Ce film n'est pas bon"), "negative", "fr: n'... pas bon");
	is_str(label("fr", "Ce film n’est pas bon"), "negative", "fr: with a curly apostrophe");
	is_str(label("fr", "C'est pas terrible"), "negative", "fr: pas terrible is poor, not good");
	is_str(label("fr", "Pas mal du tout ce resto"), "positive", "fr: pas mal is rather good");
	is_str(label("fr", "Je ne l'aime plus"), "negative", "fr: ne ... plus");
	is_str(label("fr", "J'aime pas ça"), "negative", "fr: the negation after, without ne");
	is_str(label("fr", "Je l'aime"), "positive", "fr: aime alone");
	is_str(label("fr", "Sans aucun problème"), "positive", "fr: sans problème");
	ok(score("fr", "Il est plus heureux") > score("fr", "Il est heureux"),
	    "fr: plus without ne is more, not a negation");

	/* Intensifiers and diminishers. */
	ok(score("en", "very good") > score("en", "good"), "en: very raises");
	ok(score("en", "slightly good") < score("en", "good"), "en: slightly lowers");
	ok(score("en", "very bad") < score("en", "bad"), "en: very deepens a negative");
	ok(score("fr", "très bon") > score("fr", "bon"), "fr: très raises");
	ok(score("fr", "un peu triste") > score("fr", "triste"), "fr: un peu softens");
	ok(score("fr", "vraiment très bon") > score("fr", "très bon"), "fr: two intensifiers add up");
	ok(score("fr", "bon, très") == score("fr", "bon"), "fr: an intensifier after a comma is not the word's");
	is_str(label("fr", "C'est super !"), "positive", "fr: super alone is an opinion word");
	ok(score("fr", "super bon") == score("fr", "très bon") && score("fr", "super bon") > score("fr", "bon"),
	    "fr: super before an opinion word intensifies it as très does, not counted as a word too");

	/* Contrast. */
	is_str(label("en", "The food was great but the service was awful"), "negative",
	    "en: after but weighs more (negative)");
	is_str(label("en", "The service was awful but the food was great"), "positive",
	    "en: after but weighs more (positive)");
	is_str(label("fr", "Le repas était bon mais le service était nul"), "negative",
	    "fr: after mais weighs more (negative)");
	is_str(label("fr", "Le service était nul mais le repas était excellent"), "positive",
	    "fr: after mais weighs more (positive)");

	/* Emoji and emoticons, in any covered language. */
	is_str(label("en", "Monday again 😍"), "positive", "en: an emoji");
	is_str(label("fr", "Lundi encore 😠"), "negative", "fr: an angry emoji");
	is_str(label("fr", "Lundi encore :("), "negative", "fr: a sad emoticon");
	is_str(label("en", "see you tomorrow :)"), "positive", "en: a smiling emoticon");
	is_str(label("en", "see you tomorrow :D"), "positive", "en: the letter of :D is no word");

	/* Capitals and exclamation. */
	ok(score("en", "This is GOOD") > score("en", "This is good"), "en: a word in capitals weighs more");
	ok(score("en", "THIS IS GOOD") == score("en", "this is good"),
	    "en: a text all in capitals gains nothing");
	ok(score("en", "good!!") > score("en", "good"), "en: exclamation marks raise");
	ok(score("en", "bad!!") < score("en", "bad"), "en: exclamation marks deepen a negative");
	ok(score("en", "good!!!!!!!!") == score("en", "good!!!!"), "en: at most four exclamation marks count");
	ok(score("en", "Monday !!!") == 0, "en: exclamation alone has no direction");

	/* Spanish and German. */
	is_str(label("es", "El servicio fue muy malo"), "negative", "es: malo");
	is_str(label("es", "La comida no es buena"), "negative", "es: no ... buena");
	is_str(label("de", "Das ist wirklich sehr gut"), "positive", "de: gut");
	is_str(label("de", "Das ist nicht gut"), "negative", "de: nicht gut");

	/* Limits and refusals. */
	struct sentiment s;
	double x = score("en", "best best best best best best best best best best !!!!");
	ok(x > 0.9 && x <= 1, "the score stays within 1: %.3f", x);
	x = score("en", "worst worst worst worst worst worst worst worst worst worst");
	ok(x < -0.9 && x >= -1, "the score stays within -1: %.3f", x);
	ok(sentiment_analyse("bonne journée", 14, "it", &s) == -1 && !strcmp(s.label, "neutral") &&
	    s.score == 0, "a language not covered: -1, left neutral");
	ok(sentiment_analyse("good", 4, NULL, &s) == -1, "no language: -1");
	ok(sentiment_analyse("", 0, "en", &s) == 0 && s.score == 0, "the empty text is neutral");
	static const char bad[] = "\xff\xfe good \xc3\x28 \xe2\x82";
	ok(sentiment_analyse(bad, sizeof bad - 1, "en", &s) == 0 && !strcmp(s.label, "positive"),
	    "invalid UTF-8 around a word does not hide it");
	static char many[3 * 20000 + 1];
	for (size_t i = 0; i < 20000; i++)
		memcpy(many + 3 * i, ":D ", 3);
	ok(sentiment_analyse(many, sizeof many - 1, "fr", &s) == 0 && !strcmp(s.label, "positive") &&
	    s.score <= 1, "20,000 emoticons: positive, within 1 (and in one pass over them)");
	ok(sentiment_analyse("very good", 4, "en", &s) == 0 && !strcmp(s.label, "neutral"),
	    "only the first n bytes are read");
	return tap_done();
}
