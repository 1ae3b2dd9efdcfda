/* when.h — durations and times, in UTC seconds since the epoch.
 *
 * Every tool asks when_now() for the time, never time(): $VEILLE_NOW (an
 * RFC 3339 time) sets it, so that tests and replays are reproducible. */
#ifndef VEILLE_WHEN_H
#define VEILLE_WHEN_H

/* "90", "90s", "15m", "12h", "30d", "2w", and sums such as "1d12h" (a
 * number without a unit is seconds): 0 and *secs, or -1. At most 100
 * years. */
int when_duration(const char *s, long long *secs);
/* A duration (meaning now minus it) or a time date_parse() reads (RFC
 * 3339, RFC 822, ...): 0 and *t, or -1. For --since and --until. */
int when_time_or_ago(const char *s, long long now, long long *t);
/* The current time; $VEILLE_NOW overrides it (an unreadable value is
 * reported once and ignored). */
long long when_now(void);
/* "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes); returns buf. */
char *when_format(long long t, char *buf);
/* A time as veille writes them ("2026-11-23T07:15:00Z"), quickly; any
 * other form date_parse() reads, less quickly: 0 and *t, or -1. */
int when_parse(const char *s, long long *t);

#endif
