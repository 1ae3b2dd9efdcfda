/* date.c — unit test of lib/date.h: date_parse, date_format, date_normalise.
 *
 * A table of dates as feeds write them, with the UTC instant each must give
 * ("YYYY-MM-DDTHH:MM:SSZ"), or NULL when the string must be refused. Based
 * on the dates of Python feedparser's test corpus
 * (../shared/corpora/feedparser: pubDate, dc:date, dcterms:*, Atom 0.3/1.0
 * dates) and on the forms of real RSS/Atom feeds (French and German
 * sites, CMS defaults, MySQL/MSSQL dumps).
 *
 * Decisions for the ambiguous forms (the parser follows the test):
 *  - No zone at all: UTC. RFC 822 makes the zone mandatory; a feed that
 *    leaves it out gives no better guess, and feedparser does the same.
 *  - Two-digit years: RFC 2822 section 4.3: 00-49 are 2000-2049, 50-99
 *    are 1950-1999.
 *  - Military single-letter zones other than Z: RFC 2822 section 4.3 says
 *    their sign was defined backwards in RFC 822 and they SHOULD be taken
 *    as -0000, i.e. UTC. "Z" is UTC anyway.
 *  - A zone name the parser does not know ("XYZ"): the date and time are
 *    kept as UTC. The date part is certain; being a few hours off is
 *    better for a monitor than losing the date (it is not "inventing").
 *  - A weekday that does not match the date: the weekday is redundant
 *    (RFC 2822 3.3), the date wins.
 *  - Fractional seconds are truncated, not rounded (output has whole
 *    seconds; rounding could move a date across midnight or a year).
 *  - Leap second 23:59:60 becomes :59 (time_t has no leap seconds);
 *    24:00:00 (ISO 8601 end of day) is 00:00:00 the next day.
 *  - dd.mm.yyyy with dots is day-first: the dotted form is the German/
 *    French/European convention, never the US one.
 *  - Numeric dates with slashes: yyyy/mm/dd is unambiguous (Perforce,
 *    Japanese sites). d/m/yyyy versus m/d/yyyy: when one of the two
 *    numbers is above 12 the reading is unambiguous and is taken; when
 *    both are 12 or less and differ ("02/03/2004") there is no way to know
 *    (French sites write 02/03 for 2 March, US ones for February 3), so
 *    the date is refused: never invent.
 *  - Partial W3C-DTF dates (YYYY, YYYY-MM, YYYY-MM-DD) are the first
 *    instant of the period, in UTC.
 *  - ISO 8601 basic format (20040101T194821Z), ordinal dates (2003-335)
 *    and week dates (2004-W01-4) are valid ISO 8601 and unambiguous, so
 *    they are read.
 *  - A bare integer ("1072986501", "2004" excepted: a W3C-DTF year) is not
 *    a feed date format: refused.
 *  - Impossible dates (31 June, 30 February, month 13, hour 25, the MySQL
 *    "0000-00-00 00:00:00") are refused, not rolled over.
 *  - Nothing that is not a date ("now", "today", "", "N/A") ever gives a
 *    date, in particular not the current time. */
#include "date.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *in, *want;
} cases[] = {
	/* RFC 822 / 1123 / 2822, as in feedparser's corpus. */
	{ "Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z" },
	{ "Sat, 28 Sep 2002 21:00:02 GMT", "2002-09-28T21:00:02Z" },
	{ "Fri, 25 Dec 2009 03:30:22 +0000", "2009-12-25T03:30:22Z" },
	{ "Wed, 01 Dec 2010 19:48:21 GMT", "2010-12-01T19:48:21Z" },
	/* without weekday, without seconds, one-digit day */
	{ "01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z" },
	{ "Thu, 1 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "1 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z" },
	{ "Thu, 01 Jan 2004", "2004-01-01T00:00:00Z" },
	{ "Thursday, 01 January 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	/* two-digit years (RFC 2822 4.3) and RFC 850 */
	{ "Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z" },
	{ "Thursday, 01-Jan-04 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "Thu, 01-Jan-2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	/* named zones */
	{ "Thu, 01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 UTC", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 EST", "2004-01-02T00:48:21Z" },
	{ "Thu, 01 Jul 2004 19:48:21 EDT", "2004-07-01T23:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 CST", "2004-01-02T01:48:21Z" },
	{ "Thu, 01 Jul 2004 19:48:21 CDT", "2004-07-02T00:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 MST", "2004-01-02T02:48:21Z" },
	{ "Thu, 01 Jul 2004 19:48:21 MDT", "2004-07-02T01:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 PST", "2004-01-02T03:48:21Z" },
	{ "Thu, 01 Jul 2004 19:48:21 PDT", "2004-07-02T02:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 CET", "2004-01-01T18:48:21Z" },
	{ "Thu, 01 Jul 2004 19:48:21 CEST", "2004-07-01T17:48:21Z" },
	{ "Thu, 01 Jul 2004 19:48:21 BST", "2004-07-01T18:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 JST", "2004-01-01T10:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 EET", "2004-01-01T17:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 gmt", "2004-01-01T19:48:21Z" },
	/* military letters (RFC 2822 4.3: as -0000) and unknown names */
	{ "Thu, 01 Jan 2004 19:48:21 A", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 XYZ", "2004-01-01T19:48:21Z" },
	/* numeric offsets */
	{ "Thu, 01 Jan 2004 19:48:21 +0200", "2004-01-01T17:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 -0500", "2004-01-02T00:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 +05:30", "2004-01-01T14:18:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 -0330", "2004-01-01T23:18:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 -0000", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 Jan 2004 01:00:00 +0200", "2003-12-31T23:00:00Z" },
	{ "Thu, 01 Jan 2004 19:48:21 GMT+0200", "2004-01-01T17:48:21Z" },
	{ "Thu, 01 Jan 2004 19:48:21 GMT-05:00", "2004-01-02T00:48:21Z" },
	/* broken forms of the wild */
	{ "Mon, 1 Jan 2004 19:48:21 +0000 (UTC)", "2004-01-01T19:48:21Z" },
	{ "Thu,01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "Thu,  01   Jan 2004  19:48:21   GMT", "2004-01-01T19:48:21Z" },
	{ "\n\t  Thu, 01 Jan 2004 19:48:21 GMT  \n", "2004-01-01T19:48:21Z" },
	{ "Thu, 01 JAN 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "thu, 01 jan 2004 19:48:21 gmt", "2004-01-01T19:48:21Z" },
	{ "Wed, 01 Sept 2004 10:00:00 GMT", "2004-09-01T10:00:00Z" },
	{ "Thu, 01 Jan 2004 19:48:21", "2004-01-01T19:48:21Z" },
	{ "Thu Jan  1 19:48:21 2004", "2004-01-01T19:48:21Z" },
	{ "Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z" },
	{ "January 1, 2004", "2004-01-01T00:00:00Z" },
	{ "January 1, 2004 7:48 PM", "2004-01-01T19:48:00Z" },
	{ "Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z" },
	{ "2004/01/02 03:04:05", "2004-01-02T03:04:05Z" },
	/* French and German month and day names */
	{ "jeu., 01 janv. 2004 19:48:21 +0100", "2004-01-01T18:48:21Z" },
	{ "mar, 03 févr 2004 08:00:00 +0100", "2004-02-03T07:00:00Z" },
	{ "1 février 2004", "2004-02-01T00:00:00Z" },
	{ "lundi 2 août 2004 10:00", "2004-08-02T10:00:00Z" },
	{ "Mi, 17 Dez 2003 10:00:00 +0100", "2003-12-17T09:00:00Z" },
	{ "Do, 01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21Z" },
	{ "1. März 2004", "2004-03-01T00:00:00Z" },
	/* dotted and slashed numeric dates (see the decisions above) */
	{ "01.01.2004", "2004-01-01T00:00:00Z" },
	{ "05.03.2004 14:30", "2004-03-05T14:30:00Z" },
	{ "31.12.2003 10:14:55", "2003-12-31T10:14:55Z" },
	{ "13/01/2004", "2004-01-13T00:00:00Z" },
	{ "01/13/2004", "2004-01-13T00:00:00Z" },
	{ "01/01/2004", "2004-01-01T00:00:00Z" },
	{ "02/03/2004", NULL },
	{ "1/2/2004", NULL },

	/* RFC 3339 / ISO 8601 / W3C-DTF, as in feedparser's corpus */
	{ "2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z" },
	{ "2002-09-28T20:01:19Z", "2002-09-28T20:01:19Z" },
	{ "2004-04-06T23:05:43-05:00", "2004-04-07T04:05:43Z" },
	{ "2009-12-08T16:59:02.544-08:00", "2009-12-09T00:59:02Z" },
	{ "2002-10-13T09:00+01:00", "2002-10-13T08:00:00Z" },
	/* fractions, no seconds, lowercase, space, offsets */
	{ "2004-01-01T19:48:21.999Z", "2004-01-01T19:48:21Z" },
	{ "2004-01-01T19:48:21.123456789+01:00", "2004-01-01T18:48:21Z" },
	{ "2004-01-01T19:48:21,5Z", "2004-01-01T19:48:21Z" },
	{ "2004-01-01T19:48Z", "2004-01-01T19:48:00Z" },
	{ "2004-01-01t19:48:21z", "2004-01-01T19:48:21Z" },
	{ "2004-01-01 19:48:21Z", "2004-01-01T19:48:21Z" },
	{ "2004-01-01 19:48:21", "2004-01-01T19:48:21Z" },
	{ "2004-07-08 23:56:58.0", "2004-07-08T23:56:58Z" },
	{ "2004-01-01T19:48:21+0100", "2004-01-01T18:48:21Z" },
	{ "2004-01-01T19:48:21+01", "2004-01-01T18:48:21Z" },
	{ "2004-01-01T19:48:21-05:30", "2004-01-02T01:18:21Z" },
	{ "2004-01-01T19:48:21+05:45", "2004-01-01T14:03:21Z" },
	{ "2004-01-01T19:48:21 +01:00", "2004-01-01T18:48:21Z" },
	{ "2004-01-01T00:30:00+01:00", "2003-12-31T23:30:00Z" },
	{ "2004-01-01T19:48:21", "2004-01-01T19:48:21Z" },
	/* partial W3C-DTF, basic format, ordinal and week dates */
	{ "2004-01-01", "2004-01-01T00:00:00Z" },
	{ "2004-01", "2004-01-01T00:00:00Z" },
	{ "2002", "2002-01-01T00:00:00Z" },
	{ "2004-1-5", "2004-01-05T00:00:00Z" },
	{ "20040101T194821Z", "2004-01-01T19:48:21Z" },
	{ "20040101", "2004-01-01T00:00:00Z" },
	{ "2003-335", "2003-12-01T00:00:00Z" },
	{ "2004-W01-4", "2004-01-01T00:00:00Z" },
	/* calendar edges */
	{ "2004-02-29T12:00:00Z", "2004-02-29T12:00:00Z" },
	{ "2000-02-29", "2000-02-29T00:00:00Z" },
	{ "2005-12-31T23:59:60Z", "2005-12-31T23:59:59Z" },
	{ "2004-01-01T24:00:00Z", "2004-01-02T00:00:00Z" },
	{ "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z" },
	{ "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z" },
	{ "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z" },
	{ "2038-01-19T03:14:08Z", "2038-01-19T03:14:08Z" },
	{ "2099-12-31T23:59:59+00:00", "2099-12-31T23:59:59Z" },

	/* refused */
	{ "", NULL },
	{ "   ", NULL },
	{ "now", NULL },
	{ "today", NULL },
	{ "N/A", NULL },
	{ "garbage", NULL },
	{ "Thu", NULL },
	{ "1072986501", NULL },
	{ "0000-00-00 00:00:00", NULL },
	{ "Thu, 31 Jun 2004 19:48:21 GMT", NULL },
	{ "2003-02-30", NULL },
	{ "1900-02-29", NULL },
	{ "2004-13-01", NULL },
	{ "2004-01-01T25:00:00Z", NULL },
	{ "2004-01-01T19:61:00Z", NULL },
	{ "Thu, 32 Jan 2004 19:48:21 GMT", NULL },
	{ "Sun, 16 Dec 2012 1:2:3:4 GMT", NULL },
	{ "\xff\xfe garbage \x80", NULL },
};

int
main(void)
{
	char buf[64];
	size_t n = sizeof cases / sizeof cases[0];

	ok(n >= 80, "the table has at least 80 formats (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		memset(buf, 'x', sizeof buf);
		const char *got = date_normalise(cases[i].in, buf);
		is_str(got, cases[i].want, "date_normalise(\"%s\")", cases[i].in);
		/* date_parse agrees with date_normalise, and a refused date
		 * leaves *t alone (never "now"). */
		time_t t = (time_t)-12345;
		int r = date_parse(cases[i].in, &t);
		if (cases[i].want) {
			char fb[64];
			ok(r == 0 && date_format(t, fb) && !strcmp(fb, cases[i].want),
			    "date_parse(\"%s\") gives the same instant", cases[i].in);
		} else {
			ok(r == -1 && t == (time_t)-12345,
			    "date_parse(\"%s\") refuses and leaves *t", cases[i].in);
		}
	}

	/* date_format: known instants. */
	is_str(date_format(0, buf), "1970-01-01T00:00:00Z", "date_format(0)");
	is_str(date_format(1073000901, buf), "2004-01-01T23:48:21Z", "date_format(1073000901)");
	is_str(date_format(-1, buf), "1969-12-31T23:59:59Z", "date_format(-1)");
	is_str(date_format(951782400, buf), "2000-02-29T00:00:00Z", "date_format(2000-02-29)");

	/* The same input twice gives the same answer (no hidden state, no
	 * clock), and a long run of garbage is refused without overflow. */
	char a[64], b[64];
	is_str(date_normalise("Thu, 01 Jan 2004 19:48:21 EST", a),
	    date_normalise("Thu, 01 Jan 2004 19:48:21 EST", b), "deterministic");
	char *big = malloc(100001);
	memset(big, '9', 100000);
	big[100000] = '\0';
	ok(date_normalise(big, buf) == NULL, "100,000 digits are refused");
	/* Pretty-printed XML: <pubDate> on its own lines, indented with
	 * blanks, newlines and tabs on both sides (200 of each here). */
	memset(big, ' ', 410);
	for (int i = 0; i < 410; i += 10) {
		big[i] = '\n';
		big[i + 1] = '\t';
	}
	memcpy(big + 200, "2004-01-01", 10);
	big[410] = '\0';
	is_str(date_normalise(big, buf), "2004-01-01T00:00:00Z", "a date between 200 blanks on each side");
	free(big);
	return tap_done();
}
