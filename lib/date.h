/* date.h — parsing the dates found in feeds and pages, and printing them
 * as RFC 3339 UTC. RFC 822/1123/2822 (with or without weekday or seconds,
 * numeric or named zones), RFC 3339/ISO 8601 and W3C-DTF variants, and the
 * broken forms seen in the wild. Never invents "now". */
#ifndef VEILLE_DATE_H
#define VEILLE_DATE_H

#include <time.h>

/* 0 and *t (UTC seconds since the epoch) on success, -1 if unparseable. */
int date_parse(const char *s, time_t *t);
/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 32 bytes). */
char *date_format(time_t t, char *buf);
/* Parse and format in one step: buf on success, NULL if unparseable. */
char *date_normalise(const char *s, char *buf);

#endif
