/* Unit tests of HTML to plain text (lib/html.c): the streaming tokenizer
 * used for every feed field, against expected text, and against the
 * libxml2 tree path on ordinary markup. */
#include "html.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *html, *text, *why;
} cases[] = {
	{ "plain text", "plain text", "text without markup is kept" },
	{ "  <b>a</b> \t\n b  ", "a b", "in HTML, blanks and source line breaks fold to one space" },
	{ "line one\nline two\n\n\n\nnext", "line one\nline two\n\nnext", "plain text keeps its lines, at most one blank line" },
	{ "<p>one</p><p>two</p>", "one\n\ntwo", "paragraphs are separated by a blank line" },
	{ "a<br>b<br/>c", "a\nb\nc", "<br> is a line break" },
	{ "<ul><li>x</li><li>y</li></ul>", "x\ny", "list items one a line" },
	{ "<div>a</div><div>b</div>", "a\nb", "divs are lines" },
	{ "x<script>alert('<p>')</script>y", "xy", "script content never reaches the text" },
	{ "x<style>p{color:red}</style>y", "xy", "style content is dropped" },
	{ "x<SCRIPT type=text/javascript>bad()</SCRIPT >y", "xy", "tag names in capitals" },
	{ "x<script>never closed", "x", "an unclosed script drops the rest, as browsers do" },
	{ "a<!-- <p>hidden</p> -->b", "ab", "comments are dropped" },
	{ "a<![CDATA[<script>x</script>]]>b", "ax]]>b", "CDATA in HTML is a bogus comment up to the first '>', as browsers read it" },
	{ "<!DOCTYPE html><p>t</p>", "t", "doctype is dropped" },
	{ "AT&amp;T &lt;b&gt; &quot;q&quot; &#39;s&#x27;", "AT&T <b> \"q\" 's'", "entities" },
	{ "caf&eacute; &euro;5 &nbsp;x", "café €5 x", "named entities; nbsp folds" },
	{ "don&#146;t &#x92;", "don\xe2\x80\x99t \xe2\x80\x99", "C1 references are windows-1252" },
	{ "bad &#0; &#xD800; &#1114112;", "bad \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd", "invalid code points become U+FFFD" },
	{ "AT&T & co &unknown; &amp", "AT&T & co &unknown; &", "bare and unknown ampersands stay" },
	{ "<a href=\"x>y\" title='p>q'>link</a>", "link", "'>' inside quoted attributes" },
	{ "<img alt=\"<script>\" src=x>after", "after", "markup inside an attribute is not markup" },
	{ "a < b and c > d", "a < b and c > d", "a '<' that opens no tag is text" },
	{ "<pre>  keep\n    this</pre>", "keep\n    this", "white space inside <pre> is kept (but trimmed at the ends)" },
	{ "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc", "cells and rows" },
	{ "<h1>T</h1>body", "T\n\nbody", "headings are paragraphs" },
	{ "<xhtml:p>ns</xhtml:p><xhtml:p>two</xhtml:p>", "ns\n\ntwo", "prefixed names: the local name decides" },
	{ "<embed src=x>kept<frame>too", "kepttoo", "void elements in the skip list do not eat the rest" },
	{ "<p></p><p></p><p>x</p>", "x", "empty paragraphs leave no blank lines" },
	{ "<b>bold</b> <i>it</i>", "bold it", "inline elements join" },
	{ "\xff\xfe broken", "\xef\xbf\xbd\xef\xbf\xbd broken", "invalid UTF-8: one U+FFFD per invalid byte" },
	{ "a<br><br>b", "a\n\nb", "two <br> make a blank line" },
	{ "<li>a</li>\n\n<li>b</li>", "a\nb", "blank lines of the source between blocks do not count" },
	{ "tab\tand\xc2\xa0nbsp\xe2\x80\xafnarrow", "tab and nbsp narrow", "no-break spaces fold" },
	{ "zero\xe2\x80\x8bwidth", "zerowidth", "zero width space is dropped" },
	{ "", "", "empty" },
	{ "<p>a</p>b<p>c</p>d", "a\n\nb\n\nc\n\nd", "one paragraph end between texts (the fold never outruns its input)" },
	{ "x<hr>y<hr/>z", "x\n\ny\n\nz", "<hr> between texts" },
};

/* The reference: text_normalise_space without its fast paths, one byte
 * at a time through the general case. */
static char *
ref_normalise(char *s)
{
	/* 1. collapse horizontal blanks (and U+00A0) to one space;
	 * 2. strip blanks around line breaks; 3. a run of breaks is a blank
	 * line if it holds a paragraph mark or two newlines, else one line
	 * break (block marks do not add up: </li><li> is one break). */
	/* Bytes that need a look: NUL, controls and blanks, and the lead
	 * bytes of U+00A0 and U+2009/U+200B/U+202F. */
	static unsigned char special[256];
	if (!special[0]) {
		for (int i = 0; i <= ' '; i++)
			special[i] = 1;
		special[0xC2] = special[0xE2] = 1;
	}
	char *w = s;
	int nl = 0, sp = 0, soft = 0, started = 0;
	for (char *r = s; *r;) {
		unsigned char c = (unsigned char)*r;
		if (c == 0xC2 && (unsigned char)r[1] == 0xA0) {
			c = ' ';
			r++;
		} else if (c == 0xE2 && (unsigned char)r[1] == 0x80 &&
		    ((unsigned char)r[2] == 0xAF || (unsigned char)r[2] == 0x89 ||
		    (unsigned char)r[2] == 0x8B)) {
			/* narrow no-break space, thin space, zero width space */
			c = (unsigned char)r[2] == 0x8B ? 0 : ' ';
			r += 2;
			if (!c) {
				r++;
				continue;
			}
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
			sp = 1;
			r++;
			continue;
		}
		if (c == '\n' || c == '\x02') {
			nl++;
			r++;
			continue;
		}
		if (c == '\x04') {
			soft = 1;
			r++;
			continue;
		}
		/* <pre> white space at the very start is trimmed like any */
		if (!started && (c == '\v' || c == '\x01')) {
			r++;
			continue;
		}
		if (started) {
			if (nl >= 2)
				*w++ = '\n', *w++ = '\n';
			else if (nl || soft)
				*w++ = '\n';
			else if (sp)
				*w++ = ' ';
		}
		nl = sp = soft = 0;
		started = 1;
		if (c == '\v')
			*w++ = '\n';
		else if (c == '\x01')
			*w++ = ' ';
		else
			*w++ = (char)c;
		r++;
	}
	*w = '\0';
	return s;
}

int
main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = html_to_text(cases[i].html, strlen(cases[i].html));
		is_str(t, cases[i].text, "%s", cases[i].why);
		free(t);
	}

	/* The tokenizer and the libxml2 tree agree on ordinary markup. */
	static const char *const same[] = {
		"<p>Le trafic est <b>perturbé</b>.</p><p>Suite &amp; fin.</p>",
		"<div><p>Para one</p><p>Para two <a href=\"x\">link</a></p></div>",
		"<ul><li>un</li><li>deux</li></ul><p>après</p>",
		"texte<br>à la ligne<script>x()</script>",
		"<blockquote>cité</blockquote>fin",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char *a = html_to_text(same[i], strlen(same[i]));
		char *b = html_to_text_dom(same[i], strlen(same[i]));
		is_str(a, b, "tokenizer = tree for: %.40s", same[i]);
		free(a);
		free(b);
	}

	/* Valid input: the _valid variant gives the same text. */
	const char *v = "<p>été &amp; hiver</p>";
	char *a = html_to_text(v, strlen(v)), *b = html_to_text_valid(v, strlen(v));
	is_str(a, b, "html_to_text_valid = html_to_text on valid input");
	free(a);
	free(b);

	/* The fast paths of text_normalise_space (eight bytes a test, runs
	 * moved whole) agree with the byte-by-byte reference on random text
	 * made of the pieces that matter to them, word boundaries anywhere. */
	static const char *const atoms[] = {
		" ", "  ", "\n", "\t", "\r", "a", "bc", "defgh", "é", "\xC2\xA0",
		"\xE2\x80\xAF", "\xE2\x80\x89", "\xE2\x80\x8B", "\xE2\x80\x99", "«",
		"\x02", "\x04", "\v", "\x01", "mot ", "x y",
	};
	/* Half the texts are mostly words, so that the runs are long enough
	 * for the sixteen-byte path too. */
	static const char *const words[] = {
		"defgh", "mot ", "x y", "é", "bc", "\xE2\x80\x99", "a b", "«",
	};
	srand(7);
	int differ = 0;
	for (int it = 0; it < 200000 && !differ; it++) {
		char in[400], x[400], y[400];
		size_t len = 0;
		for (int k = rand() % 60; k > 0; k--) {
			const char *at = it % 2 && rand() % 8 ?
			    words[rand() % (int)(sizeof words / sizeof words[0])] :
			    atoms[rand() % (int)(sizeof atoms / sizeof atoms[0])];
			size_t al = strlen(at);
			if (len + al >= sizeof in)
				break;
			memcpy(in + len, at, al);
			len += al;
		}
		in[len] = '\0';
		memcpy(x, in, len + 1);
		memcpy(y, in, len + 1);
		text_normalise_space(x);
		ref_normalise(y);
		if (strcmp(x, y)) {
			differ = 1;
			printf("#   input: '%s'\n", in);
			is_str(x, y, "text_normalise_space = reference");
		}
	}
	ok(!differ, "text_normalise_space = byte-by-byte reference on 200,000 random texts");

	/* Hostile sizes: deep nesting and a huge script finish and drop it. */
	size_t n = 200000;
	char *deep = malloc(n * 5 + 16);
	char *p = deep;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "<div>");
	strcpy(p, "deep");
	char *t = html_to_text(deep, strlen(deep));
	is_str(t, "deep", "200,000 nested divs");
	free(t);
	free(deep);
	return tap_done();
}
