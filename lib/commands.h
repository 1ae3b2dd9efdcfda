/* commands.h — what the `veille` front command knows of its tools:
 * finding veille-NAME (beside the veille binary first, then on PATH, as
 * git finds git-NAME), listing them, and the nearest name to a typo. */
#ifndef VEILLE_COMMANDS_H
#define VEILLE_COMMANDS_H

#include <stddef.h>

/* The directory of the running program (malloc'd), or NULL. */
char *commands_self_dir(void);
/* The path of the program veille-NAME (malloc'd), or NULL when none is
 * found beside `self_dir` or on PATH. NAME with a '/' is refused. */
char *commands_find(const char *self_dir, const char *name);
/* The NAMEs of every veille-NAME found, sorted, each once; *n of them.
 * Free with commands_free. */
char **commands_list(const char *self_dir, size_t *n);
void commands_free(char **list, size_t n);
/* The nearest of list to word (edit distance at most 2, or a prefix),
 * or NULL. */
const char *commands_nearest(char **list, size_t n, const char *word);
/* One line on what a standard tool does, or NULL for another. */
const char *commands_summary(const char *name);

#endif
