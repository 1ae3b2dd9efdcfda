/* progress.h — one updating status line on stderr, only when stderr is a
 * terminal (or when forced), at most a few times a second; never on
 * stdout. Shared by every tool that does long work. */
#ifndef VEILLE_PROGRESS_H
#define VEILLE_PROGRESS_H

/* mode: -1 never (--quiet), 0 when stderr is a terminal, 1 always. */
void progress_init(int mode);
int progress_enabled(void);
/* Redraw the line if enough time has passed since the last draw (or
 * always when force is set). printf-style text, kept on one line,
 * after "PROG: ". */
void progress_update(int force, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Erase the line (call before any other stderr message and at the end);
 * when stderr is not a terminal (mode 1), end it instead. */
void progress_clear(void);
/* Leave the line shown as the last word (a summary): end it. */
void progress_done(void);
/* Seconds since progress_init, for rates. */
double progress_elapsed(void);

#endif
