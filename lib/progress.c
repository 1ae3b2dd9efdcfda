/* progress.c — see progress.h */
#include "progress.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int enabled, tty;
static int shown;
static struct timespec start, last;

static double
since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void
progress_init(int mode)
{
	tty = stderr_is_tty();
	enabled = mode > 0 || (mode == 0 && tty);
	clock_gettime(CLOCK_MONOTONIC, &start);
	last.tv_sec = 0;
	last.tv_nsec = 0;
}

int
progress_enabled(void)
{
	return enabled;
}

double
progress_elapsed(void)
{
	return since(&start);
}

void
progress_update(int force, const char *fmt, ...)
{
	if (!enabled)
		return;
	if (!force && shown && since(&last) < 0.25)
		return;
	clock_gettime(CLOCK_MONOTONIC, &last);
	char line[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* \r, the text, then clear to the end of the line (a terminal). */
	fprintf(stderr, "\r%s: %s%s", veille_progname, line, tty ? "\033[K" : "");
	fflush(stderr);
	shown = 1;
}

void
progress_clear(void)
{
	if (!enabled || !shown)
		return;
	fputs(tty ? "\r\033[K" : "\n", stderr);
	fflush(stderr);
	shown = 0;
}

void
progress_done(void)
{
	if (!enabled || !shown)
		return;
	fputc('\n', stderr);
	fflush(stderr);
	shown = 0;
}
