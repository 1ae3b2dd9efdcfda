/* veille-alert — read classified items, write alert records: volume
 * spikes, severe items, influencers and watched accounts, tone shifts,
 * emerging terms; deliver them at least once. See veille-alert(1). */
#include "alert.h"
#include "alert_state.h"
#include "cli.h"
#include "deliver.h"
#include "fields.h"
#include "match.h"
#include "msg.h"
#include "ndjson.h"
#include "record.h"
#include "util.h"
#include "when.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { O_STATE = 's', O_UNBUF = 'u', O_BUCKET = 256, O_LATENESS, O_WARMUP, O_REPEAT,
	O_BY, O_THRESHOLD, O_RATIO, O_MIN_COUNT, O_MIN_SOURCES, O_EXAMPLES,
	O_MIN_SEVERITY, O_MIN_AUDIENCE, O_ACCOUNTS, O_EMERGING, O_LANG, O_WEBHOOK,
	O_TEMPLATE, O_TELEGRAM, O_SMTP, O_MAIL_TO, O_MAIL_FROM, O_EXEC, O_RETRIES,
	O_DRY_RUN, O_MATCH };

static const struct cli_opt opts[] = {
	{ "state", 's', "FILE", "baselines, open alerts and the outbox (SQLite); kept across runs", O_STATE },
	{ "bucket", 0, "DURATION", "width of the time buckets (15m)", O_BUCKET },
	{ "lateness", 0, "DURATION", "how late an item may come (2h)", O_LATENESS },
	{ "warmup", 0, "DURATION", "stream time learnt before spikes can fire (1d)", O_WARMUP },
	{ "repeat", 0, "DURATION", "notify an alert still active again after (off)", O_REPEAT },
	{ "by", 0, "FIELD", "the key of volume and tone alerts (tags)", O_BY },
	{ "threshold", 0, "Z", "score at which a rise fires (5)", O_THRESHOLD },
	{ "ratio", 0, "R", "and the count is at least R times the baseline (2)", O_RATIO },
	{ "min-count", 0, "N", "and at least N mentions in the bucket (5)", O_MIN_COUNT },
	{ "min-sources", 0, "N", "distinct sources of an emerging term (3)", O_MIN_SOURCES },
	{ "examples", 0, "N", "items quoted in an alert (3)", O_EXAMPLES },
	{ "min-severity", 0, "LEVEL", "alert on items of this severity or above (high; none: off)", O_MIN_SEVERITY },
	{ "match", 0, "QUERY", "alert on items matching this veille-rules(5) query", O_MATCH },
	{ "min-audience", 0, "N", "alert on items of authors with this audience or more", O_MIN_AUDIENCE },
	{ "accounts", 0, "FILE", "alert on items by these handles or authors (one a line, group)", O_ACCOUNTS },
	{ "emerging", 0, NULL, "watch words, phrases, hashtags and links for new subjects", O_EMERGING },
	{ "lang", 0, "LANG", "language of the messages: en or fr (en)", O_LANG },
	{ "webhook", 0, "URL", "POST {\"text\": ...} to URL (Slack, Mattermost)", O_WEBHOOK },
	{ "template", 0, "FILE", "the webhook's JSON body, with {{field}} substituted", O_TEMPLATE },
	{ "telegram", 0, NULL, "send with the Telegram Bot API (VEILLE_TELEGRAM_TOKEN, _CHAT)", O_TELEGRAM },
	{ "smtp", 0, "URL", "send e-mail through this server (smtp:// or smtps://)", O_SMTP },
	{ "mail-to", 0, "ADDR", "recipients, comma-separated", O_MAIL_TO },
	{ "mail-from", 0, "ADDR", "sender (veille@localhost)", O_MAIL_FROM },
	{ "exec", 0, "CMD", "run sh -c CMD with the alert JSON on its stdin", O_EXEC },
	{ "retries", 0, "N", "extra delivery attempts before exit (2)", O_RETRIES },
	{ "dry-run", 'n', NULL, "print what would be sent; send and save nothing", O_DRY_RUN },
	{ "unbuffered", 'u', NULL, "flush every record", O_UNBUF },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-alert",
	"[-nu] [-s state] [--by field] [--emerging] [--webhook url] [--smtp url --mail-to addr] "
	"[--exec cmd] [options] [file ...]",
	"Read classified items and write one alert record per volume spike, severe\n"
	"item, influencer, tone shift or emerging term; deliver them at least once.",
	opts,
	"Time is the items' own (published, else fetched_at). See veille-alert(1).\n",
};

static struct deliver *dl;
static long nqueue_failed;

static void
on_alert(const cJSON *rec, void *arg)
{
	out_write(rec);
	if (dl && deliver_any(dl)) {
		if (deliver_enqueue(dl, rec) < 0)
			nqueue_failed++;
		deliver_flush(dl, 0);
	}
}

static long long
duration(const char *opt, const char *arg, long long min)
{
	long long s;
	if (when_duration(arg, &s) < 0 || s < min)
		cli_die_usage(&cli, "%s: '%s' is not a duration such as 15m or 2h", opt, arg);
	return s;
}

static double
number(const char *opt, const char *arg, double min)
{
	char *e;
	errno = 0;
	double v = strtod(arg, &e);
	if (errno || e == arg || *e || !(v >= min) || v > 1e15)
		cli_die_usage(&cli, "%s: '%s' is not a number of at least %g", opt, arg, min);
	return v;
}

/* --match QUERY compiled, or exit 2 with the errors. */
static struct matcher *
match_query(const char *q)
{
	struct buf errs;
	buf_init(&errs);
	struct matcher *m = match_new_query(q, "--match", &errs);
	if (!m) {
		fprintf(stderr, "%s", errs.data ? errs.data : "");
		buf_free(&errs);
		cli_die_usage(&cli, "--match: the query has errors");
	}
	buf_free(&errs);
	return m;
}

static void
options(int argc, char **argv, struct alert_cfg *c, struct deliver_cfg *d,
    const char **state, const char **accounts, int *unbuf)
{
	int ch;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_STATE: *state = cli_arg; break;
		case O_BUCKET: c->bucket = duration("--bucket", cli_arg, 1); break;
		case O_LATENESS: c->lateness = duration("--lateness", cli_arg, 0); break;
		case O_WARMUP: c->warmup = duration("--warmup", cli_arg, 0); break;
		case O_REPEAT: c->repeat = duration("--repeat", cli_arg, 0); break;
		case O_BY: c->by = cli_arg; break;
		case O_THRESHOLD: c->threshold = number("--threshold", cli_arg, 0.1); break;
		case O_RATIO: c->ratio = number("--ratio", cli_arg, 0); break;
		case O_MIN_COUNT: c->min_count = (int)cli_long(&cli, "--min-count", cli_arg, 1, 1000000); break;
		case O_MIN_SOURCES: c->min_sources = (int)cli_long(&cli, "--min-sources", cli_arg, 1, 16); break;
		case O_EXAMPLES: c->examples = (int)cli_long(&cli, "--examples", cli_arg, 0, 100); break;
		case O_MIN_SEVERITY:
			c->min_severity = !strcmp(cli_arg, "none") ? SEV_NONE : alert_severity_level(cli_arg);
			if (c->min_severity < 0)
				cli_die_usage(&cli, "--min-severity: '%s' is not low, medium, high, critical or none", cli_arg);
			break;
		case O_MIN_AUDIENCE: c->min_audience = number("--min-audience", cli_arg, 1); break;
		case O_ACCOUNTS: *accounts = cli_arg; break;
		case O_MATCH:
			if (c->match)
				cli_die_usage(&cli, "--match: one query (join them with OR)");
			c->match = match_query(cli_arg);
			break;
		case O_EMERGING: c->emerging = 1; break;
		case O_LANG:
			if (strcmp(cli_arg, "en") && strcmp(cli_arg, "fr"))
				cli_die_usage(&cli, "--lang: '%s' is not en or fr", cli_arg);
			c->lang_fr = !strcmp(cli_arg, "fr");
			break;
		case O_WEBHOOK: d->webhook = cli_arg; break;
		case O_TEMPLATE: d->template_file = cli_arg; break;
		case O_TELEGRAM: d->telegram = 1; break;
		case O_SMTP: d->smtp = cli_arg; break;
		case O_MAIL_TO: d->mail_to = cli_arg; break;
		case O_MAIL_FROM: d->mail_from = cli_arg; break;
		case O_EXEC: d->exec = cli_arg; break;
		case O_RETRIES: d->retries = (int)cli_long(&cli, "--retries", cli_arg, 0, 10); break;
		case O_DRY_RUN: d->dry_run = 1; break;
		case O_UNBUF: *unbuf = 1; break;
		}
	}
	if (!!d->smtp != !!d->mail_to)
		cli_die_usage(&cli, "--smtp and --mail-to go together");
	if (d->template_file && !d->webhook)
		cli_die_usage(&cli, "--template needs --webhook");
	if (strncmp(d->smtp ? d->smtp : "smtp://", "smtp://", 7) &&
	    strncmp(d->smtp, "smtps://", 8))
		cli_die_usage(&cli, "--smtp: '%s' is not an smtp:// or smtps:// URL", d->smtp);
	if (d->webhook && strncmp(d->webhook, "http://", 7) && strncmp(d->webhook, "https://", 8))
		cli_die_usage(&cli, "--webhook: '%s' is not an http(s) URL", d->webhook);
}

static int
read_item(void *a, struct ndjson_reader *r, cJSON *it)
{
	(void)r;
	if (it)
		alert_item(a, it);
	return 0;
}

int
main(int argc, char **argv)
{
	struct alert_cfg c = { .bucket = 900, .lateness = 7200, .warmup = 86400, .by = F_TAGS,
		.threshold = 5, .ratio = 2, .min_count = 5, .min_sources = 3, .examples = 3,
		.min_severity = SEV_HIGH };
	struct deliver_cfg d = { .retries = 2, .backoff_ms = 1000, .timeout_ms = 10000,
		.mail_from = "veille@localhost" };
	const char *state = NULL, *accounts = NULL;
	int unbuf = 0;
	options(argc, argv, &c, &d, &state, &accounts, &unbuf);
	struct alert_accounts *acc = NULL;
	struct db *db = NULL;
	if ((accounts && !(acc = alert_accounts_load(accounts))) ||
	    !(db = db_open(state ? state : ":memory:", &alert_state_schema, 0)) ||
	    !(dl = deliver_new(&d, db))) {
		db_close(db);
		alert_accounts_free(acc);
		match_free(c.match);
		return EXIT_USAGE;
	}
	c.accounts = acc;
	c.dry_run = d.dry_run;
	struct alert *a = alert_new(&c, on_alert, NULL);
	if (alert_load(a, db) < 0) {
		alert_free(a);
		deliver_free(dl);
		db_close(db);
		alert_accounts_free(acc);
		match_free(c.match);
		return EXIT_USAGE;
	}
	out_init(unbuf);
	deliver_flush(dl, 0);   /* what the last run could not deliver */
	int status = rec_inputs_each(argc - cli_ind, argv + cli_ind, read_item, a);
	alert_finish(a, when_now());
	unsigned long nitems, nlate;
	alert_counts(a, &nitems, &nlate);
	if (nlate)
		msg_warn(NULL, "%lu items older than the lateness were not counted", nlate);
	int failed = (!d.dry_run && alert_save(a, db) < 0) || nqueue_failed > 0;
	deliver_flush(dl, 1);
	long pending = deliver_pending(dl);
	if (pending)
		msg_warn(NULL, "%ld alerts not delivered yet: kept in the state for the next run", pending);
	alert_free(a);
	alert_accounts_free(acc);
	match_free(c.match);
	deliver_free(dl);
	failed |= db_close(db) < 0 || out_finish() < 0;
	return status ? status : (failed || pending) ? EXIT_SOME_FAILED : EXIT_OK;
}
