/* when.c — see when.h */
#include "when.h"
#include "date.h"
#include "msg.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int
when_duration(const char *s, long long *secs)
{
	if (!s || !*s)
		return -1;
	long long total = 0;
	const char *p = s;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		const char *num = p;
		long long v = 0;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			if (v > 100LL * 366 * 86400)
				return -1;
		}
		long long unit;
		switch (*p) {
		case '\0': unit = 1; break;
		case 's': unit = 1; p++; break;
		case 'm': unit = 60; p++; break;
		case 'h': unit = 3600; p++; break;
		case 'd': unit = 86400; p++; break;
		case 'w': unit = 7 * 86400; p++; break;
		default: return -1;
		}
		total += v * unit;
		if (total > 100LL * 366 * 86400)
			return -1;
		/* A bare number must stand alone ("90", not "1d90"). */
		if (!*p && p[-1] != 's' && unit == 1 && num != s)
			return -1;
	}
	*secs = total;
	return 0;
}

static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
when_parse(const char *s, long long *t)
{
	if (!s)
		return -1;
	/* YYYY-MM-DDTHH:MM:SSZ, the form of every time veille writes. */
	if (strlen(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' &&
	    s[13] == ':' && s[16] == ':' && s[19] == 'Z') {
		int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
		int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
		if (y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 &&
		    h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 61) {
			/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
			long long yy = y - (mo <= 2);
			long long era = yy / 400, yoe = yy - era * 400;
			long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
			long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
			long long days = era * 146097 + doe - 719468;
			/* 31 February and the like: the slow path decides. */
			if (d <= 28) {
				*t = days * 86400 + h * 3600 + mi * 60 + (se == 60 ? 59 : se);
				return 0;
			}
		}
	}
	time_t tt;
	if (date_parse(s, &tt) < 0)
		return -1;
	*t = (long long)tt;
	return 0;
}

int
when_time_or_ago(const char *s, long long now, long long *t)
{
	long long d;
	if (when_duration(s, &d) == 0) {
		*t = now - d;
		return 0;
	}
	return when_parse(s, t);
}

long long
when_now(void)
{
	static int warned;
	const char *e = getenv("VEILLE_NOW");
	long long t;
	if (e && *e) {
		if (when_parse(e, &t) == 0)
			return t;
		if (!warned++)
			msg_warn(NULL, "VEILLE_NOW: '%s' is not a time; using the clock",
			    msg_quote(e, 60));
	}
	return (long long)time(NULL);
}

char *
when_format(long long t, char *buf)
{
	char tmp[32];
	date_format((time_t)t, tmp);
	memcpy(buf, tmp, 20);
	buf[20] = '\0';
	return buf;
}
