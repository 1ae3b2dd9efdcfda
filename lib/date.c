/* date.c — see date.h.
 *
 * Two passes: a strict ISO 8601 / RFC 3339 / W3C-DTF reader (dates that
 * start with a 4-digit year), then a tolerant token reader for the RFC 822
 * family and the broken forms of the wild: any order of weekday, day,
 * month name, year, time and zone; month and day names in English,
 * French, German, Spanish, Italian, Dutch and Portuguese; dd.mm.yyyy;
 * numeric dates with '/'. A date without zone is taken as UTC. */
#include "date.h"
#include "util.h"

#include <utf8proc.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long long
days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int
make_time(int y, int mo, int d, int h, int mi, int s, long off, time_t *t)
{
	if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h < 0 || h > 24 || mi < 0 || mi > 59 ||
	    s < 0 || s > 60 || (h == 24 && (mi || s)))
		return -1;
	if (s == 60)
		s = 59;
	long long v = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + s - off;
	*t = (time_t)v;
	return 0;
}

static int
digits(const char *s, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

/* "+02:00", "-0530", "+02", "Z": seconds east of UTC; advances *pp. */
static int
numeric_zone(const char **pp, long *off)
{
	const char *p = *pp;
	if (*p == 'Z' || *p == 'z') {
		*off = 0;
		*pp = p + 1;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p == '-' ? -1 : 1, h, m = 0;
	p++;
	if (digits(p, 2, &h) < 0)
		return -1;
	p += 2;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p)) {
		if (digits(p, 2, &m) < 0)
			return -1;
		p += 2;
	}
	if (h > 14 || m > 59)
		return -1;
	*off = sign * (h * 3600L + m * 60L);
	*pp = p;
	return 0;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* ISO 8601 and friends: YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD, with an
 * optional time after T, t or space: hh:mm[:ss[.frac]] or hhmmss, then
 * an optional zone. Also YYYY-DDD (ordinal). */
static int
parse_iso(const char *s, time_t *t)
{
	const char *p = s;
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
	long off = 0;

	if (digits(p, 4, &y) < 0)
		return -1;
	p += 4;
	if (*p == '-' && (p[1] == 'W' || p[1] == 'w')) {
		/* ISO week date YYYY-Www[-D]: week 1 holds January 4. */
		int w, wd = 1;
		if (digits(p + 2, 2, &w) < 0 || w < 1 || w > 53)
			return -1;
		p += 4;
		if (*p == '-' && digits(p + 1, 1, &wd) == 0) {
			p += 2;
			if (wd < 1 || wd > 7)
				return -1;
		}
		long long jan4 = days_from_civil(y, 1, 4);
		int jan4wd = (int)(((jan4 % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday */
		long long day = jan4 - (jan4wd - 1) + (w - 1) * 7LL + (wd - 1);
		if (*skip_space(p))
			return -2;
		*t = (time_t)(day * 86400LL);
		return 0;
	}
	if (*p == '-' || *p == '/' || *p == '.') {
		char sep = *p++;
		if (digits(p, 2, &mo) == 0 && !isdigit((unsigned char)p[2])) {
			p += 2;
			if (*p == sep) {
				p++;
				if (digits(p, 2, &d) == 0) {
					p += 2;
				} else if (digits(p, 1, &d) == 0) {
					p += 1;
				} else {
					return -1;
				}
			}
		} else if (digits(p, 3, &d) == 0 && sep == '-') {
			/* ordinal date YYYY-DDD */
			p += 3;
			int doy = d;
			if (doy < 1 || doy > 366)
				return -1;
			mo = 1;
			while (mo <= 12 && doy > days_in_month(y, mo))
				doy -= days_in_month(y, mo++);
			if (mo > 12)
				return -1;
			d = doy;
		} else if (digits(p, 1, &mo) == 0) {
			p += 1;
			if (*p == sep) {
				p++;
				if (digits(p, 2, &d) == 0)
					p += 2;
				else if (digits(p, 1, &d) == 0)
					p += 1;
				else
					return -1;
			}
		} else {
			return -1;
		}
	} else if (digits(p, 4, &mo) == 0) {
		/* YYYYMMDD */
		if (digits(p, 2, &mo) < 0 || digits(p + 2, 2, &d) < 0)
			return -1;
		p += 4;
	}
	p = skip_space(p);
	if (*p == 'T' || *p == 't') {
		p++;
	}
	p = skip_space(p);
	if (isdigit((unsigned char)*p)) {
		if (digits(p, 2, &h) < 0)
			return -1;
		p += 2;
		if (*p == ':') {
			p++;
			if (digits(p, 2, &mi) < 0)
				return -1;
			p += 2;
			if (*p == ':') {
				p++;
				if (digits(p, 2, &sec) < 0)
					return -1;
				p += 2;
			}
		} else if (digits(p, 2, &mi) == 0) {
			p += 2;
			if (digits(p, 2, &sec) == 0)
				p += 2;
		}
		if (*p == '.' || *p == ',') {
			p++;
			while (isdigit((unsigned char)*p))
				p++;
		}
		p = skip_space(p);
		if (*p == 'Z' || *p == 'z' || *p == '+' || *p == '-') {
			if (numeric_zone(&p, &off) < 0)
				return -1;
		} else if (isalpha((unsigned char)*p)) {
			return -2; /* a named zone: let the token reader handle it */
		}
	} else if (*p == 'Z' || *p == 'z') {
		p++;
	}
	p = skip_space(p);
	if (*p)
		return -2;
	return make_time(y, mo, d, h, mi, sec, off, t);
}

static const struct {
	const char *name;
	int val;
} months[] = {
	/* English */
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "sept", 9 }, { "october", 10 }, { "november", 11 },
	{ "december", 12 },
	/* French */
	{ "janvier", 1 }, { "janv", 1 }, { "février", 2 }, { "fevrier", 2 }, { "févr", 2 },
	{ "fevr", 2 }, { "mars", 3 }, { "avril", 4 }, { "avr", 4 }, { "mai", 5 },
	{ "juin", 6 }, { "juillet", 7 }, { "juil", 7 }, { "août", 8 },
	{ "aout", 8 }, { "septembre", 9 }, { "octobre", 10 }, { "novembre", 11 },
	{ "décembre", 12 }, { "decembre", 12 }, { "déc", 12 },
	/* German */
	{ "januar", 1 }, { "jänner", 1 }, { "februar", 2 }, { "märz", 3 },
	{ "mär", 3 }, { "maerz", 3 }, { "juni", 6 }, { "juli", 7 },
	{ "oktober", 10 }, { "okt", 10 }, { "dezember", 12 }, { "dez", 12 },
	/* Spanish, Italian, Portuguese, Dutch */
	{ "enero", 1 }, { "ene", 1 }, { "febrero", 2 }, { "marzo", 3 },
	{ "abril", 4 }, { "abr", 4 }, { "mayo", 5 }, { "junio", 6 },
	{ "julio", 7 }, { "agosto", 8 }, { "ago", 8 }, { "septiembre", 9 },
	{ "setiembre", 9 }, { "set", 9 }, { "octubre", 10 }, { "noviembre", 11 },
	{ "diciembre", 12 }, { "dic", 12 }, { "gennaio", 1 }, { "gen", 1 },
	{ "febbraio", 2 }, { "aprile", 4 }, { "maggio", 5 }, { "mag", 5 },
	{ "giugno", 6 }, { "giu", 6 }, { "luglio", 7 }, { "lug", 7 },
	{ "settembre", 9 }, { "ottobre", 10 }, { "ott", 10 }, { "dicembre", 12 },
	{ "janeiro", 1 }, { "fevereiro", 2 }, { "fev", 2 }, { "março", 3 },
	{ "maio", 5 }, { "junho", 6 }, { "julho", 7 }, { "setembro", 9 },
	{ "outubro", 10 }, { "out", 10 }, { "novembro", 11 }, { "dezembro", 12 },
	{ "januari", 1 }, { "februari", 2 }, { "maart", 3 }, { "mrt", 3 },
	{ "mei", 5 }, { "augustus", 8 }, { "okt", 10 },
	{ NULL, 0 },
};

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
	"sat", "sun", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
	"samedi", "dimanche", "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
	"sonntag", "mo", "di", "mi", "do", "fr", "sa", "so",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado",
	"domingo", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì",
	"sabato", "domenica", NULL,
};

static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{ "gmt", 0 }, { "ut", 0 }, { "utc", 0 }, { "z", 0 }, { "wet", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
	{ "akst", -540 }, { "akdt", -480 }, { "hst", -600 }, { "ast", -240 },
	{ "adt", -180 }, { "nst", -210 }, { "ndt", -150 },
	{ "cet", 60 }, { "cest", 120 }, { "met", 60 }, { "mest", 120 },
	{ "mez", 60 }, { "mesz", 120 }, { "bst", 60 }, { "ist", 330 },
	{ "west", 60 }, { "eet", 120 }, { "eest", 180 }, { "msk", 180 },
	{ "jst", 540 }, { "kst", 540 }, { "hkt", 480 }, { "sgt", 480 },
	{ "awst", 480 }, { "acst", 570 }, { "aest", 600 }, { "aedt", 660 },
	{ "nzst", 720 }, { "nzdt", 780 }, { "brt", -180 }, { "art", -180 },
	{ NULL, 0 },
};

static int
lookup_month(const char *w)
{
	/* first bytes first: some 250 names are tried per date otherwise */
	for (int i = 0; months[i].name; i++)
		if (w[0] == months[i].name[0] && !strcmp(w, months[i].name))
			return months[i].val;
	/* Unambiguous 3-letter English prefixes (jan, feb, ...). */
	if (strlen(w) >= 3)
		for (int i = 0; i < 13; i++)
			if (w[0] == months[i].name[0] && !strncmp(w, months[i].name, 3) &&
			    !strncmp(months[i].name, w, strlen(w)))
				return months[i].val;
	return 0;
}

static int
is_weekday(const char *w)
{
	for (int i = 0; weekdays[i]; i++)
		if (w[0] == weekdays[i][0] && !strcmp(w, weekdays[i]))
			return 1;
	return 0;
}

static int
lookup_zone(const char *w, long *off)
{
	for (int i = 0; zones[i].name; i++)
		if (w[0] == zones[i].name[0] && !strcmp(w, zones[i].name)) {
			*off = zones[i].minutes * 60L;
			return 0;
		}
	/* Military zones other than Z: RFC 2822 says treat as -0000. */
	if (strlen(w) == 1 && w[0] >= 'a' && w[0] <= 'y' && w[0] != 'j') {
		*off = 0;
		return 0;
	}
	return -1;
}

static int
parse_tokens(const char *s, time_t *t)
{
	int y = -1, mo = 0, d = -1, h = 0, mi = 0, sec = 0, have_time = 0;
	int pm = -1, have_zone = 0, mo_weekday = 0;
	long off = 0;
	int nums[3], nnum = 0, numlen[3];
	const char *p = s;

	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (c == '(') {
			/* comment: "(UTC)" or "(Central European Time)" */
			const char *e = strchr(p, ')');
			if (!e)
				break;
			p = e + 1;
			continue;
		}
		if (isdigit(c)) {
			const char *q = p;
			while (isdigit((unsigned char)*q))
				q++;
			int len = (int)(q - p);
			if (*q == ':' && !have_time && len <= 2) {
				/* hh:mm[:ss[.frac]] */
				int a = atoi(p);
				q++;
				if (!isdigit((unsigned char)q[0]) || !isdigit((unsigned char)q[1]))
					return -1;
				h = a;
				mi = (q[0] - '0') * 10 + (q[1] - '0');
				q += 2;
				if (*q == ':' && isdigit((unsigned char)q[1]) && isdigit((unsigned char)q[2])) {
					sec = (q[1] - '0') * 10 + (q[2] - '0');
					q += 3;
				}
				if (*q == '.' || *q == ',')
					for (q++; isdigit((unsigned char)*q); q++)
						;
				have_time = 1;
				p = q;
				continue;
			}
			if ((*q == '/' || *q == '-' || *q == '.') && isdigit((unsigned char)q[1]) &&
			    nnum == 0 && len == 4 && y < 0) {
				/* yyyy/mm/dd after a weekday */
				char sep = *q;
				const char *r = q + 1;
				int a = atoi(p), b = atoi(r);
				while (isdigit((unsigned char)*r))
					r++;
				if (*r != sep || !isdigit((unsigned char)r[1]))
					return -1;
				r++;
				int c = atoi(r);
				while (isdigit((unsigned char)*r))
					r++;
				y = a, mo = b, d = c;
				p = r;
				continue;
			}
			if ((*q == '.' || *q == '/' || *q == '-') && isdigit((unsigned char)q[1]) &&
			    nnum == 0 && len <= 2) {
				/* dd.mm.yyyy, mm/dd/yyyy, dd-mm-yyyy */
				char sep = *q;
				int a = atoi(p), b, cy;
				const char *r = q + 1;
				b = atoi(r);
				while (isdigit((unsigned char)*r))
					r++;
				if (*r != sep || !isdigit((unsigned char)r[1]))
					return -1;
				r++;
				cy = atoi(r);
				const char *ys = r;
				while (isdigit((unsigned char)*r))
					r++;
				if (r - ys == 2)
					cy += cy < 50 ? 2000 : 1900;
				else if (r - ys != 4)
					return -1;
				/* "02/03/2004" is March 2 in France and February 3 in
				 * the US: refuse to guess unless one number cannot be
				 * a month. dd.mm.yyyy and dd-mm-yyyy are European. */
				if (sep == '/' && a <= 12 && b <= 12 && a != b)
					return -1;
				if (sep == '/' && b > 12)
					mo = a, d = b;
				else
					d = a, mo = b;
				y = cy;
				p = r;
				continue;
			}
			if (nnum < 3) {
				numlen[nnum] = len;
				nums[nnum++] = len > 6 ? -1 : atoi(p);
			} else {
				return -1;
			}
			p = q;
			continue;
		}
		if ((c == '+' || c == '-') && isdigit((unsigned char)p[1]) && have_time) {
			const char *q = p;
			if (numeric_zone(&q, &off) < 0)
				return -1;
			have_zone = 1;
			p = q;
			continue;
		}
		if (isalpha(c) || c >= 0x80) {
			const char *q = p;
			while (isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80)
				q++;
			char w[32];
			size_t n = (size_t)(q - p);
			if (n >= sizeof w)
				return -1;
			memcpy(w, p, n);
			w[n] = '\0';
			ascii_lower(w);
			int high = 0;
			for (size_t j = 0; j < n; j++)
				high |= (unsigned char)w[j] >= 0x80;
			if (high) {
				/* Accented capitals of month names ("FÉVRIER", "Déc"). */
				utf8proc_uint8_t *f = NULL;
				if (utf8proc_map((const utf8proc_uint8_t *)w, 0, &f,
				    UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE) > 0 &&
				    strlen((char *)f) < sizeof w)
					strcpy(w, (char *)f);
				free(f);
			}
			int m;
			long zo;
			if (!strcmp(w, "am") || !strcmp(w, "a")) {
				if (have_time && !strcmp(w, "am")) {
					pm = 0;
				} else if (!strcmp(w, "a")) {
					/* "a" as in "1 a.m."? treat like am if time seen */
					if (have_time && q[0] == '.')
						pm = 0;
					else if (lookup_zone(w, &zo) == 0 && have_time) {
						off = zo;
						have_zone = 1;
					}
				}
			} else if (!strcmp(w, "pm") && have_time) {
				pm = 1;
			} else if (!strcmp(w, "t") && nnum == 0) {
				/* stray T */
			} else if ((m = lookup_month(w)) && (!mo || mo_weekday)) {
				/* "mar" is March, or mardi (Tuesday) before a month */
				mo_weekday = !mo && is_weekday(w);
				mo = m;
			} else if (is_weekday(w)) {
				/* ignored: often wrong in the wild */
			} else if (!strcmp(w, "de") || !strcmp(w, "der") || !strcmp(w, "at") ||
			    !strcmp(w, "on") || !strcmp(w, "le") || !strcmp(w, "th") ||
			    !strcmp(w, "st") || !strcmp(w, "nd") || !strcmp(w, "rd") ||
			    !strcmp(w, "um") || !strcmp(w, "à") || !strcmp(w, "h")) {
				/* filler words */
			} else if (lookup_zone(w, &zo) == 0) {
				off = zo;
				have_zone = 1;
				/* "GMT+2", "UTC-05:00" */
				if ((*q == '+' || *q == '-') && isdigit((unsigned char)q[1])) {
					long extra;
					if (numeric_zone(&q, &extra) == 0)
						off += extra;
					else if (isdigit((unsigned char)q[1])) {
						int sign = *q == '-' ? -1 : 1;
						q++;
						int hh = atoi(q);
						while (isdigit((unsigned char)*q))
							q++;
						if (hh > 14)
							return -1;
						off += sign * hh * 3600L;
					}
				}
			} else if (have_time && !have_zone && n >= 2 && n <= 5 && isupper((unsigned char)*p)) {
				/* An unknown zone abbreviation after the time: UTC,
				 * as feedparser and most readers do. */
				have_zone = 1;
			} else {
				return -1;
			}
			p = q;
			continue;
		}
		p++; /* separators: , . - / space */
	}
	(void)have_zone;

	/* Assign the loose numbers: a 4-digit one is the year; with a month
	 * name the others are day (and year); without, give up. */
	for (int i = 0; i < nnum; i++) {
		if (nums[i] < 0)
			return -1;
		if (numlen[i] == 4 || nums[i] > 31) {
			if (y >= 0)
				return -1;
			y = nums[i];
			if (numlen[i] <= 2)
				y += y < 50 ? 2000 : 1900;
			else if (numlen[i] == 3)
				y += 1900;
		} else if (d < 0) {
			d = nums[i];
		} else if (y < 0) {
			y = nums[i] + (nums[i] < 50 ? 2000 : 1900);
		} else {
			return -1;
		}
	}
	if (y < 0 || !mo || d < 0)
		return -1;
	if (pm == 1 && h < 12)
		h += 12;
	else if (pm == 0 && h == 12)
		h = 0;
	return make_time(y, mo, d, h, mi, sec, off, t);
}

int
date_parse(const char *s, time_t *t)
{
	if (!s)
		return -1;
	char tmp[128];
	const char *p = skip_space(s);
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (!n || n >= sizeof tmp)
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	/* Lowercase only ASCII; UTF-8 month names are matched in lower case,
	 * so fold the few accented capitals (É, Û, Ä) by hand. */
	int r = -2;
	if (isdigit((unsigned char)tmp[0]) && isdigit((unsigned char)tmp[1]) &&
	    isdigit((unsigned char)tmp[2]) && isdigit((unsigned char)tmp[3]))
		r = parse_iso(tmp, t);
	if (r == 0)
		return 0;
	return parse_tokens(tmp, t) == 0 ? 0 : -1;
}

char *
date_format(time_t t, char *buf)
{
	long long v = (long long)t;
	long long days = v / 86400, rem = v % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	/* civil_from_days */
	days += 719468;
	long long era = (days >= 0 ? days : days - 146096) / 146097;
	long long doe = days - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y += m <= 2;
	if (y < 0 || y > 9999) {
		snprintf(buf, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
		return buf;
	}
	/* the same digits, without snprintf (one call an item was 1% of
	 * veille-parse) */
	int f[6] = { (int)y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60) };
	static const char sep[] = "--T::Z";
	char *o = buf;
	*o++ = (char)('0' + f[0] / 1000);
	*o++ = (char)('0' + f[0] / 100 % 10);
	for (int i = 0; i < 6; i++) {
		*o++ = (char)('0' + f[i] / 10 % 10);
		*o++ = (char)('0' + f[i] % 10);
		*o++ = sep[i];
	}
	*o = '\0';
	return buf;
}

char *
date_normalise(const char *s, char *buf)
{
	time_t t;
	if (date_parse(s, &t) < 0)
		return NULL;
	return date_format(t, buf);
}
