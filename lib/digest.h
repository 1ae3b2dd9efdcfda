/* digest.h — `veille digest DIR`: the report of the window since the
 * last digest, written as HTML and Atom files and sent by e-mail (and a
 * webhook), the window's end recorded only once everything went out,
 * so that a failed send is covered by the next digest and nothing falls
 * between two. See veille(1), digest. */
#ifndef VEILLE_DIGEST_H
#define VEILLE_DIGEST_H

struct digest_opts {
	const char *since;  /* --since: a time or a duration before now, or NULL */
	int dry_run;        /* print what would be sent; write, send, mark nothing */
};

/* An exit status: 0 sent (or nothing to send), 1 a failure (the window
 * is kept), 2 a usage or configuration error. */
int digest_run(const char *dir, const struct digest_opts *o);

#endif
