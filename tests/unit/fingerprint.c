/* fingerprint.c — unit test of lib/fingerprint.h: the fast word cutter
 * gives the words of text_fold + text_next_word (on crafted strings and
 * on every text of the article-extraction corpus); the keys are stable
 * (pinned values: a state file written by one version is read by the
 * next); the edits of a copy keep its keys or its containment, and two
 * different texts stay apart. */
#include "fingerprint.h"
#include "tap.h"
#include "text.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void
collect(const char *w, size_t len, void *arg)
{
	struct buf *b = arg;
	buf_add(b, w, len);
	buf_addc(b, '|');
}

/* 1 when fp_words and text_fold + text_next_word agree on s. */
static int
same_words(const char *s, int *fast)
{
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	buf_adds(&a, "");
	buf_adds(&b, "");
	*fast = fp_words(s, strlen(s), collect, &a);
	size_t n, pos = 0;
	char *f = text_fold(s, strlen(s), &n, NULL);
	struct text_tok t;
	while (text_next_word(f, n, &pos, &t))
		collect(f + t.off, t.len, &b);
	int same = !strcmp(a.data, b.data);
	if (!same)
		printf("#   fast: %.200s\n#   full: %.200s\n", a.data, b.data);
	free(f);
	buf_free(&a);
	buf_free(&b);
	return same;
}

static struct fp
fpof(const char *s)
{
	struct fp f;
	fp_compute(&f, s, strlen(s));
	return f;
}

static double
contain(const struct fp *a, const struct fp *b)
{
	int samples;
	return fp_containment(a->sk, a->nsk, a->nshingles, b->sk, b->nsk, b->nshingles, &samples);
}

static const char *const crafted[] = {
	"Grève des transports : l'État et qu'il l’a dit aujourd'hui",
	"L’ŒUVRE d’Æsop — « Déjà vu » … naïve façade, coöperate ﬁnal",
	"John's book, the students' books, rock'n'roll, don't, it's",
	"#grève @ministre 2026-11-23 ½ ² ™ № №5",
	"Straße ǅemal İstanbul ıi Ǆ ǈ ǋ",
	"jusqu'à lorsqu'il puisqu'elle quoiqu'on c'est d'accord s'",
	"Привет мир: 세계 안녕 — mixed with Latin é",
	"e\xcc\x81te\xcc\x81 (combining marks)",
	"tab\tnew\nline\r\n and\xc2\xa0nbsp \xe2\x80\x8b zero width",
	"''quoted'' 'tis l' x'y 's",
	"",
};

int
main(void)
{
	int fast, nfast = 0;
	for (size_t i = 0; i < sizeof crafted / sizeof crafted[0]; i++) {
		ok(same_words(crafted[i], &fast), "fast words = text.h words, crafted string %zu", i);
		nfast += fast;
	}
	ok(nfast >= 6, "the fast path takes the Latin-script strings (%d of them)", nfast);

	/* every text of the extraction corpus */
	FILE *fp = fopen("../shared/corpora/article-extraction/ground-truth.json", "r");
	ok(fp != NULL, "the article-extraction corpus is readable");
	if (fp) {
		struct buf b;
		buf_init(&b);
		char chunk[65536];
		size_t k;
		while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&b, chunk, k);
		fclose(fp);
		cJSON *gt = cJSON_Parse(b.data);
		int n = 0, bad = 0, nf = 0;
		for (cJSON *it = gt ? gt->child : NULL; it; it = it->next) {
			cJSON *body = cJSON_GetObjectItem(it, "articleBody");
			if (!cJSON_IsString(body))
				continue;
			n++;
			bad += !same_words(body->valuestring, &fast);
			nf += fast;
		}
		ok(n > 150 && bad == 0, "fast words = text.h words on %d corpus texts (%d differ, "
		    "%d on the fast path)", n, bad, nf);
		cJSON_Delete(gt);
		buf_free(&b);
	}

	/* stable keys: pinned values */
	struct fp a = fpof("Grève des transports : le trafic reste très perturbé ce mardi "
	    "sur les lignes du RER et du métro, selon la RATP.");
	printf("# words %u shingles %u sketch %d\n", a.nwords, a.nshingles, a.nsk);
	ok(a.text == UINT64_C(0xe888b3f7b6b7b1db), "the text key of a sentence is pinned");
	ok(a.lead == UINT64_C(0x31480249b4c802e2), "its lead key is pinned");
	ok(a.nwords == 21 && a.nshingles == 18 && a.nsk == 18, "21 words, 18 shingles, all in the sketch");

	struct fp b = fpof("GREVE des transports - le trafic reste tres perturbe, ce mardi, "
	    "sur les lignes du RER et du metro... selon la RATP !");
	ok(a.text == b.text && a.lead == b.lead && !memcmp(a.sk, b.sk, sizeof a.sk),
	    "case, accents and punctuation leave every key unchanged");
	struct fp e = fpof("");
	ok(e.text == 0 && e.lead == 0 && e.nsk == 0 && e.nwords == 0, "an empty text has no keys");
	struct fp sh = fpof("Trois petits mots seulement ici");
	ok(sh.nsk == 0 && sh.nbands == 0 && sh.text != 0, "a short text has an exact key, no sketch");

	/* copies and look-alikes, on a longer text */
	const char *art =
	    "Le gouvernement a présenté mardi un projet de loi sur les retraites qui repousse "
	    "l'âge légal de départ à soixante-quatre ans. Les syndicats ont aussitôt appelé à "
	    "une journée de grève et de manifestations dans toute la France le jeudi suivant. "
	    "Selon le ministre du travail, la réforme doit permettre de rétablir l'équilibre du "
	    "système d'ici la fin de la décennie, sans hausse des cotisations ni baisse des "
	    "pensions. L'opposition dénonce un texte injuste pour les carrières longues et les "
	    "métiers pénibles, et promet de déposer des milliers d'amendements à l'Assemblée.";
	char *added = xasprintf("Accueil | Politique | Abonnez-vous à notre lettre d'information "
	    "quotidienne. %s © 2026 Le Journal. Tous droits réservés.", art);
	const char *other =
	    "La grève contre la réforme des retraites a fortement perturbé les transports "
	    "jeudi: un train sur trois circulait et plusieurs lignes de métro étaient fermées. "
	    "Les cortèges ont réuni des centaines de milliers de manifestants selon les "
	    "syndicats, beaucoup moins selon la police, et le ministre du travail a dit "
	    "respecter la mobilisation sans renoncer au report de l'âge légal de départ.";
	struct fp fa = fpof(art), fb = fpof(added), fo = fpof(other);
	ok(contain(&fa, &fb) >= 0.9, "boilerplate around a text: containment %.2f >= 0.9", contain(&fa, &fb));
	ok(contain(&fb, &fa) == contain(&fa, &fb), "containment is symmetric");
	ok(contain(&fa, &fo) < 0.2, "another article on the same strike: containment %.2f < 0.2",
	    contain(&fa, &fo));
	char teaser[200];
	memcpy(teaser, art, 150);
	strcpy(teaser + 150, "…");
	struct fp ft = fpof(teaser);
	ok(ft.lead == fa.lead && ft.lead != 0, "a teaser has the lead key of its article");
	ok(fo.lead != fa.lead, "another article has another lead key");
	int samples;
	ok(fp_containment(fa.sk, 0, 10, fb.sk, fb.nsk, fb.nshingles, &samples) == -1 && samples == 0,
	    "no sketch: containment unknown");
	ok(fp_hash("abc", 3, 0) != fp_hash("abd", 3, 0) && fp_hash("abc", 3, 0) != fp_hash("abc", 3, 1),
	    "fp_hash depends on the bytes and the seed");
	free(added);
	return tap_done();
}
