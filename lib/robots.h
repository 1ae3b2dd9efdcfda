/* robots.h — robots.txt (RFC 9309): parsing and matching.
 *
 * Groups are chosen by product token, case-insensitively ("veille" matches
 * "User-agent: veille" and "User-agent: Veille/1.0"); every group naming
 * the token is combined, and "*" is used only when none does. Rules are
 * Allow/Disallow path patterns with "*" (any run of octets) and a final
 * "$" (end of path); the longest matching pattern wins and Allow wins a
 * tie. /robots.txt itself is always allowed. */
#ifndef VEILLE_ROBOTS_H
#define VEILLE_ROBOTS_H

#include <stddef.h>

struct robots;

/* Rules of txt[0..n) for the given product token. Never NULL. */
struct robots *robots_parse(const char *txt, size_t n, const char *token);
/* Call fn with the value of each "Sitemap:" line of txt[0..n) (any
 * group, any case; the URL as written, not NUL-terminated); their
 * number. */
size_t robots_sitemaps(const char *txt, size_t n,
    void (*fn)(const char *url, size_t len, void *arg), void *arg);
/* A rule set that allows (allow != 0) or disallows everything: what a
 * missing robots.txt (4xx) or an unreachable one (5xx, network) means. */
struct robots *robots_new_all(int allow);
/* 1 if path (path and query of a URL, as sent) may be fetched, else 0. */
int robots_allowed(const struct robots *r, const char *path);
/* Crawl-delay of the chosen group in milliseconds, 0 when none. */
long robots_crawl_delay_ms(const struct robots *r);
/* How many rules apply (for tests and messages). */
size_t robots_nrules(const struct robots *r);
void robots_free(struct robots *r);

#endif
