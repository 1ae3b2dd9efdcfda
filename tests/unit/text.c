/* Folding and words of lib/text. */
#include "tap.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static char *
fold(const char *s)
{
	return text_fold(s, strlen(s), NULL, NULL);
}

#define FOLDS(in, want, ...) do { char *f_ = fold(in); is_str(f_, want, __VA_ARGS__); free(f_); } while (0)

/* The words of s joined by '|', hashtags as #w, mentions as @w. */
static char *
words(const char *s)
{
	static char out[512];
	size_t pos = 0, n = strlen(s);
	struct text_tok t;
	out[0] = '\0';
	while (text_next_word(s, n, &pos, &t)) {
		if (*out)
			strcat(out, "|");
		if (t.flags & TOK_HASHTAG)
			strcat(out, "#");
		if (t.flags & TOK_MENTION)
			strcat(out, "@");
		strncat(out, s + t.off, t.len);
	}
	return out;
}

int
main(void)
{
	FOLDS("État", "etat", "capital with accent");
	FOLDS("GRÈVE", "greve", "upper case with grave accent");
	FOLDS("grève", "greve", "lower case with grave accent");
	FOLDS("e\xcc\x81t\xc3\xa9", "ete", "combining acute and precomposed fold alike");
	FOLDS("\xef\xac\x81n", "fin", "the fi ligature is fi (NFKC)");
	FOLDS("\xef\xbc\xa1\xef\xbc\xa2", "ab", "full-width letters are letters");
	FOLDS("Straße", "strasse", "sharp s case folds to ss");
	FOLDS("Œuvre cœur", "oeuvre coeur", "oe ligature spelt out");
	FOLDS("d\xe2\x80\x99Orange", "d'orange", "typographic apostrophe made '");
	FOLDS("Ελλάδα", "ελλαδα", "Greek folds and loses its accent");
	FOLDS("ПРИВЕТ", "привет", "Cyrillic folds");
	FOLDS("東京", "東京", "CJK is kept");
	FOLDS("gr\xe8ve", "gr\xef\xbf\xbdve", "invalid UTF-8 becomes U+FFFD");
	FOLDS("", "", "empty");

	size_t n, *map;
	const char *src = "L'ÉTAT";
	char *f = text_fold(src, strlen(src), &n, &map);
	is_str(f, "l'etat", "folded with a map");
	ok(n == 6 && map[0] == 0 && map[2] == 2 && map[3] == 4 && map[5] == 6 && map[6] == 7,
	    "map points each folded byte back to its source character");
	free(f);
	free(map);
	f = text_fold("\xef\xac\x81", 3, &n, &map);
	ok(n == 2 && map[0] == 0 && map[1] == 0 && map[2] == 3,
	    "both letters of a ligature map to the ligature");
	free(f);
	free(map);

	is_str(words("Grève à la SNCF"), "Grève|à|la|SNCF", "words split on spaces");
	is_str(words("l'État d\xe2\x80\x99Orange qu'il"), "État|Orange|il",
	    "French elisions are split, with ' and ’");
	is_str(words("L'ÉTAT JUSQU'ICI lorsqu'elle"), "ÉTAT|ICI|elle", "elisions in any case");
	is_str(words("aujourd'hui"), "aujourd'hui", "aujourd'hui stays one word");
	is_str(words("don't"), "don't", "English contraction stays one word");
	is_str(words("Orange's CEO"), "Orange|CEO", "English possessive is cut");
	is_str(words("#grève @orange_fr"), "#grève|@orange|fr", "hashtags and mentions");
	is_str(words("porte-parole, 2026!"), "porte|parole|2026", "punctuation separates");
	is_str(words("l' apostrophe"), "l|apostrophe", "an apostrophe before a space ends the word");
	is_str(words("  "), "", "no word");
	is_str(words("東京 タワー"), "東京|タワー", "CJK runs are words");
	is_str(words("naïve"), "naïve", "letters with accents are word letters");
	return tap_done();
}
