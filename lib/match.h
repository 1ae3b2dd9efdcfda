/* match.h — run the queries of lib/rules.h over item records.
 *
 * Every word of every query goes into one Vectorscan (Hyperscan)
 * database, scanned once over the folded text (text_fold) of each field
 * an item has; a match counts only where it is a whole word as
 * text_next_word cuts words (so "orange" does not match "orangeade",
 * and "etat" matches "l'État"). Only the queries with a word seen are
 * then evaluated, plus those that can be true without any (NOT-only,
 * field predicates). Matching rules, see veille-rules(5). */
#ifndef VEILLE_MATCH_H
#define VEILLE_MATCH_H

#include "rules.h"
#include "util.h"

#include <cjson/cJSON.h>

struct matcher;

/* Compile the rules of rs (kept by reference: rs must outlive the
 * matcher and not change). NULL on failure, with the reason in errs. */
struct matcher *match_new(struct rules *rs, struct buf *errs);
/* One query (veille-store --query): parsed and compiled; NULL with the
 * errors ("query:1:COL: ...") in errs. where names it in messages. */
struct matcher *match_new_query(const char *q, const char *where, struct buf *errs);
void match_free(struct matcher *m);

/* Evaluate every rule on item. lang: the item's language as detected
 * (NULL: its own "lang" field) for lang: and lang=; tone: its sentiment
 * label as just analysed (NULL: its own sentiment.label) for
 * sentiment:. explain: keep what match_explain needs. Returns the
 * number of matching rules. */
int match_item(struct matcher *m, const cJSON *item, const char *lang, const char *tone,
    int explain);
/* After match_item: the i-th matching rule (0 <= i < count), in file
 * order, and the highest severity among the matches (SEV_*). */
const struct rule *match_rule(const struct matcher *m, int i);
int match_severity(const struct matcher *m);
/* After match_item with explain: for the i-th matching rule, an array
 * of {"field", "term", "offsets": [[start, end], ...]} (byte offsets in
 * the field's text, end excluded) of the terms that made it match. */
cJSON *match_explain(struct matcher *m, int i);
/* Shorthand: does item match (any rule of) m? */
int match_test(struct matcher *m, const cJSON *item);

#endif
