/* rules.h — the rules file of veille-classify and its query language,
 * veille-rules(5): named boolean queries (AND OR NOT, -term, implicit
 * AND, "phrases", prefix*, gr?ve, NEAR/n, ONEAR/n, "a b"~n, field:,
 * {Exact}) parsed into trees that lib/match.h compiles and runs.
 *
 * Errors are collected, never printed here: each is one line
 * "FILE:LINE:COLUMN: message" (COLUMN counts characters from 1),
 * every error of the file, not only the first. */
#ifndef VEILLE_RULES_H
#define VEILLE_RULES_H

#include "util.h"

#include <stddef.h>

/* Where a term is looked for: a bitmask of text fields (RF_TEXT when the
 * query names none: title, summary and content). */
enum {
	RF_TITLE = 1, RF_SUMMARY = 2, RF_CONTENT = 4, RF_AUTHOR = 8,
	RF_HANDLE = 16,
	RF_TEXT = RF_TITLE | RF_SUMMARY | RF_CONTENT,
	RF_NFIELDS = 5,
};

/* Fields tested as a whole value rather than by words. */
enum { RP_URL = 1, RP_SITE, RP_SOURCE, RP_LANG, RP_PLATFORM, RP_TAG, RP_SENTIMENT };

enum { RN_TERM = 1, RN_PRED, RN_AND, RN_OR, RN_NOT, RN_NEAR };

/* One word of a term: folded text (text_fold), whether it ends in '*'
 * (prefix) or holds '?' (one character each), whether it must be a
 * hashtag or mention (TOK_HASHTAG, TOK_MENTION of text.h), and for the
 * {Exact} form the bytes the text must hold, unfolded. */
enum { RW_LITERAL = 0, RW_PREFIX = 1, RW_GLOB = 2 };
struct rword {
	char *pat;
	int kind;       /* RW_* ; RW_GLOB may also end in '*' (prefix glob) */
	int flags;      /* TOK_HASHTAG / TOK_MENTION required, or 0 */
	char *exact;    /* NULL unless the term was written {Like This} */
};

struct rnode {
	int kind;                 /* RN_* */
	int line, col;            /* of the node's first token in the file */
	/* RN_TERM: words that must follow each other (a phrase, or a term
	 * that folds to several words: covid-19, "l'Etat du Sud") */
	struct rword *words;
	int nwords;
	int fields;               /* RF_* mask */
	char *text;               /* the term as written, for --explain */
	/* RN_PRED: field RP_* and its value (folded) */
	int pred;
	char *value;
	/* RN_NEAR: at most `near` words between kids[0] and kids[1];
	 * `ordered`: kids[0] first */
	int near, ordered;
	struct rnode **kids;      /* RN_AND, RN_OR: 2 or more; RN_NOT: 1 */
	int nkids;
	int aux;                  /* free for the matcher's use */
};

/* Severity levels of the severity= attribute, in order. */
enum { SEV_NONE = 0, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };
const char *rules_severity_name(int sev);

struct rule {
	char *name;
	int line;
	int severity;             /* SEV_* */
	char **tags;              /* tags= words */
	int ntags;
	char **langs;             /* lang= codes: the rule applies to these */
	int nlangs;
	struct rnode *root;
};

struct rules {
	struct rule *v;
	int n, cap;
	int *names;               /* hash of the names: index + 1 */
	size_t namecap;
};

void rules_init(struct rules *rs);
void rules_free(struct rules *rs);
/* Parse a rules text and add its rules to rs (names must be new across
 * calls). file names the text in messages. Every error goes to errs
 * as a line; returns the number of errors (0: all added). */
int rules_parse(struct rules *rs, const char *text, size_t n, const char *file,
    struct buf *errs);
/* rules_parse on the content of a file ("-": stdin). */
int rules_load(struct rules *rs, const char *path, struct buf *errs);
/* One query, without name or attributes (veille-store --query). where
 * names it in messages ("query"): NULL and the errors in errs, or the
 * tree (free with rnode_free). */
struct rnode *rules_parse_query(const char *q, size_t n, const char *where,
    struct buf *errs);
void rnode_free(struct rnode *nd);
/* The tree written back as a fully parenthesised query (tests, debug). */
void rnode_print(const struct rnode *nd, struct buf *out);

#endif
