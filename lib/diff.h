/* diff.h — a line diff of two texts in unified-diff form, bounded.
 *
 * Lines are compared byte for byte (the caller normalises them first).
 * The edit script is Myers' O((N+M)D) greedy algorithm after the common
 * prefix and suffix are set aside; when the two texts differ by more than
 * DIFF_MAX_EDITS lines it gives up minimality and writes the differing
 * middle as removed and then added, so time and memory stay bounded
 * (O((N+M)·DIFF_MAX_EDITS) steps, O(DIFF_MAX_EDITS²) ints) whatever the
 * input.
 *
 * The output is the hunks of a unified diff, without the "---"/"+++"
 * file header: "@@ -a,b +c,d @@" then lines starting with ' ' (context,
 * DIFF_CONTEXT lines around each change), '-' (removed) or '+' (added),
 * each ending with '\n'. When it would pass max_bytes it stops at a line
 * boundary and ends with the line "\ diff cut at N bytes". */
#ifndef VEILLE_DIFF_H
#define VEILLE_DIFF_H

#include <stddef.h>
#include "util.h"

#define DIFF_MAX_EDITS 1000
#define DIFF_CONTEXT 3

struct diff_stat {
	size_t added, removed;  /* lines, over the whole diff (also when cut) */
	int cut;                /* the output stopped at max_bytes */
	int approximate;        /* more than DIFF_MAX_EDITS: not minimal */
};

/* Append the diff from a (n bytes) to b (m bytes) to out; lines end at
 * '\n' (a last line without one counts as a line). Identical texts give
 * no output. st may be NULL. */
void diff_unified(const char *a, size_t n, const char *b, size_t m,
    size_t max_bytes, struct buf *out, struct diff_stat *st);

#endif
