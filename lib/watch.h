/* watch.h — a watch in one directory: `veille init DIR` writes it,
 * `veille run DIR` runs its whole pipeline once under a lock (for cron),
 * `veille status DIR` says how it is doing. See veille(1), WATCH
 * DIRECTORY. */
#ifndef VEILLE_WATCH_H
#define VEILLE_WATCH_H

/* Each returns an exit status (0, 1, 2). self_dir: where the veille
 * programs are (NULL: PATH). */
int watch_init(const char *dir);
int watch_run(const char *self_dir, const char *dir, int verbose);
int watch_status(const char *dir);
/* The veille.conf of a watch directory, or NULL (reported): a directory
 * without one is not a watch. Free with conf_free. */
struct conf;
struct conf *watch_conf(const char *dir);
/* A path of the watch (from veille.conf): absolute as it is, else under
 * dir. malloc'd. */
char *watch_path(const char *dir, const char *p);

#endif
