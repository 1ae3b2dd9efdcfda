/* Durations, times and the clock of lib/when. */
#include "tap.h"
#include "when.h"

#include <stdlib.h>

static long long
dur(const char *s)
{
	long long v;
	return when_duration(s, &v) == 0 ? v : -1;
}

static long long
at(const char *s)
{
	long long v;
	return when_parse(s, &v) == 0 ? v : -1;
}

int
main(void)
{
	ok(dur("90") == 90, "a bare number is seconds");
	ok(dur("90s") == 90, "s is seconds");
	ok(dur("15m") == 900, "m is minutes");
	ok(dur("12h") == 43200, "h is hours");
	ok(dur("30d") == 30 * 86400, "d is days (30d, refused by cli_duration_ms)");
	ok(dur("2w") == 14 * 86400, "w is weeks");
	ok(dur("1d12h") == 86400 + 43200, "units add up");
	ok(dur("400d") == 400 * 86400, "more than a year is fine");
	ok(dur("") == -1, "empty is refused");
	ok(dur("d") == -1, "a unit alone is refused");
	ok(dur("5y") == -1, "an unknown unit is refused");
	ok(dur("1d90") == -1, "a bare number after a unit is refused");
	ok(dur("-5m") == -1, "a negative duration is refused");
	ok(dur("99999999999d") == -1, "more than a century is refused");

	ok(at("1970-01-01T00:00:00Z") == 0, "the epoch");
	ok(at("2026-11-23T07:15:00Z") == 1795418100LL, "a stamp as veille writes it");
	ok(at("2024-02-29T12:00:00Z") == 1709208000LL, "29 February of a leap year");
	ok(at("2023-02-29T12:00:00Z") == -1, "29 February of another year is refused");
	ok(at("2026-11-23T08:15:00+01:00") == 1795418100LL, "an offset goes the slow way");
	ok(at("Mon, 23 Nov 2026 07:15:00 GMT") == 1795418100LL, "RFC 822 too");
	ok(at("yesterday") == -1, "words are refused");

	char buf[32];
	is_str(when_format(1795418100LL, buf), "2026-11-23T07:15:00Z", "format");
	is_str(when_format(0, buf), "1970-01-01T00:00:00Z", "format the epoch");

	long long t;
	ok(when_time_or_ago("12h", 100000, &t) == 0 && t == 100000 - 43200, "12h ago");
	ok(when_time_or_ago("2026-11-23T07:15:00Z", 0, &t) == 0 && t == 1795418100LL,
	    "a time is a time");
	ok(when_time_or_ago("soon", 0, &t) == -1, "neither is refused");

	setenv("VEILLE_NOW", "2026-11-23T07:15:00Z", 1);
	ok(when_now() == 1795418100LL, "VEILLE_NOW sets the clock");
	unsetenv("VEILLE_NOW");
	ok(when_now() > 1795418100LL - 86400 * 365 * 10, "without it, the clock");
	return tap_done();
}
