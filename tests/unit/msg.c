/* The one warning function: control characters escaped, length cut. */
#include "tap.h"
#include "msg.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What msg_warn writes on stderr, captured through a temporary file. */
static char *
capture(const char *where, const char *text)
{
	static char out[2048];
	fflush(stderr);
	FILE *tmp = tmpfile();
	int saved = dup(2);
	dup2(fileno(tmp), 2);
	msg_warn(where, "%s", text);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t k = fread(out, 1, sizeof out - 1, tmp);
	out[k] = '\0';
	fclose(tmp);
	return out;
}

int
main(void)
{
	veille_progname = "veille-test";
	is_str(capture("line 3", "invalid JSON"), "veille-test: line 3: invalid JSON\n",
	    "PROG: WHERE: text");
	is_str(capture(NULL, "no where"), "veille-test: no where\n", "WHERE may be NULL");
	is_str(capture("x\x1b]0;pwned\x07", "t"), "veille-test: x\\x1b]0;pwned\\x07: t\n",
	    "ESC and BEL are shown escaped, in WHERE too");
	is_str(capture(NULL, "a\r\nb\tc"), "veille-test: a\\x0d\\x0ab\tc\n",
	    "CR and LF are escaped, tab is kept");
	is_str(capture(NULL, "c1 \xc2\x9b" "31m"), "veille-test: c1 \\x9b31m\n",
	    "C1 controls (CSI) are escaped");
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	char *o = capture(NULL, big);
	ok(strlen(o) < MSG_MAX + 20 && strstr(o, "...\n"), "a long message is cut with ...");
	is_str(msg_quote("é\x1b", 80), "é\\x1b", "msg_quote escapes");
	is_str(msg_quote("ééé", 5), "éé...", "msg_quote cuts on a character boundary");
	is_str(msg_quote("abc", 2), "ab...", "msg_quote cuts ASCII");
	return tap_done();
}
