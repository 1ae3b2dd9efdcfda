/* conf.h — veille.conf, the settings of a watch directory: an INI-like
 * file of [section] headers and `key = value` lines, `#` or `;` comments,
 * blank lines ignored; keys and sections are case-sensitive, a value runs
 * to the end of its line (white space trimmed). Every key is listed in
 * veille(1), WATCH DIRECTORY. */
#ifndef VEILLE_CONF_H
#define VEILLE_CONF_H

struct conf;

/* NULL on an error (reported as "PROG: FILE:LINE: why", every error of
 * the file) or when the file cannot be read (reported). */
struct conf *conf_load(const char *path);
/* The value of section.key, or dflt. */
const char *conf_get(const struct conf *c, const char *section, const char *key,
    const char *dflt);
void conf_free(struct conf *c);

#endif
