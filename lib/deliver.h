/* deliver.h — veille-alert's channels (webhook, Telegram, e-mail, a
 * command) and its outbox: delivery at least once.
 *
 * An alert is written to the outbox table of the state file, one row per
 * channel, and committed before any attempt; a row is deleted only after
 * its channel accepted it (HTTP 2xx, SMTP 250, exit status 0). A channel
 * that fails is retried after a backoff (deliver_flush), and what is left
 * at exit is retried by the next run. A crash between the acceptance and
 * the delete sends that alert twice; nothing is lost. */
#ifndef VEILLE_DELIVER_H
#define VEILLE_DELIVER_H

#include <cjson/cJSON.h>
#include "db.h"

struct deliver_cfg {
	const char *webhook;       /* Slack/Mattermost incoming webhook URL */
	const char *template_file; /* a JSON body with {{field}} for the webhook */
	int telegram;              /* VEILLE_TELEGRAM_TOKEN, VEILLE_TELEGRAM_CHAT */
	const char *smtp;          /* smtp:// or smtps:// URL */
	const char *mail_to;       /* addresses, comma-separated */
	const char *mail_from;
	const char *exec;          /* sh -c CMD, the alert JSON on stdin */
	int retries;               /* extra attempts at exit (2) */
	long backoff_ms;           /* first wait, doubled each time (1000) */
	long timeout_ms;           /* per attempt (10 s) */
	int dry_run;               /* print what would be sent, send nothing */
};

struct deliver;

/* NULL and a message when a channel cannot be set up (missing
 * environment variable, unreadable template). */
struct deliver *deliver_new(const struct deliver_cfg *cfg, struct db *d);
/* Is any channel configured? */
int deliver_any(const struct deliver *dl);
/* Queue rec for every channel (committed before returning): 0 or -1. */
int deliver_enqueue(struct deliver *dl, const cJSON *rec);
/* Send what is queued. final: wait out the backoffs, up to cfg.retries
 * more attempts per channel; else skip a channel still backing off. */
void deliver_flush(struct deliver *dl, int final);
/* One e-mail outside the outbox (veille digest): the message with a
 * text and an HTML alternative, to cfg->mail_to from cfg->mail_from
 * (subject in RFC 2047 words; id names the message and its parts;
 * malloc'd), and its sending through cfg->smtp, once, within
 * cfg->timeout_ms: 0, or -1 and why in err (DELIVER_ERR_SIZE bytes). */
#define DELIVER_ERR_SIZE 256
char *deliver_mail_message(const struct deliver_cfg *cfg, const char *subject,
    const char *text, const char *html, const char *id);
int deliver_mail(const struct deliver_cfg *cfg, const char *msg, char *err);
/* {"text": text} posted once to cfg->webhook (Slack, Mattermost): 0, or
 * -1 and why in err. */
int deliver_chat(const struct deliver_cfg *cfg, const char *text, char *err);
/* Alerts left in the outbox (for the exit status). */
long deliver_pending(struct deliver *dl);
void deliver_free(struct deliver *dl);

#endif
