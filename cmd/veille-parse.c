/* veille-parse — turn fetched documents (feeds, JSON APIs, HTML pages)
 * into item records. See veille-parse(1) and veille(7). */
#include "base64.h"
#include "carry.h"
#include "charset.h"
#include "cli.h"
#include "extract.h"
#include "feed.h"
#include "fields.h"
#include "jpath.h"
#include "msg.h"
#include "ndjson.h"
#include "pagewatch.h"
#include "parse.h"
#include "progress.h"
#include "record.h"
#include "social.h"
#include "state.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { O_RAW = 256, O_BASE, O_MODE, O_MAXSIZE, O_LINKS, O_LINKS_ONLY, O_MAP,
	O_UNBUF, O_QUIET, O_STATE };

static const struct cli_opt opts[] = {
	{ "raw", 'r', NULL, "read one raw document (not fetch records) from stdin", O_RAW },
	{ "base-url", 'b', "URL", "URL of raw documents, for relative links and ids", O_BASE },
	{ "mode", 'm', "MODE", "feed, html or auto (default): how to read documents", O_MODE },
	{ "map", 0, "FILE", "map any JSON API to items with the paths in FILE", O_MAP },
	{ "links", 0, NULL, "HTML: add the links of the main text as \"links\"", O_LINKS },
	{ "links-only", 0, NULL, "emit target records instead of items: article links of a page, links of feed entries and posts", O_LINKS_ONLY },
	{ "max-size", 0, "SIZE", "refuse documents larger than SIZE (default 32M)", O_MAXSIZE },
	{ "state", 's', "FILE", "watched pages: the previous text, in veille-fetch's state file", O_STATE },
	{ "unbuffered", 'u', NULL, "flush every record (for tail -f pipelines)", O_UNBUF },
	{ "quiet", 'q', NULL, "no warnings about dates and recoverable oddities, no progress", O_QUIET },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-parse",
	"[-hqruV] [-b url] [-m mode] [--map file] [--links] [--links-only] "
	"[--max-size size] [-s file] [file ...]",
	"Read fetch-result records (or raw feeds, pages and JSON documents) and\n"
	"write one item record per entry: RSS, RDF, Atom, JSON Feed, social JSON,\n"
	"HTML articles.",
	opts,
	"input: fetch-result records on stdin (default); FILE arguments are raw\n"
	"documents (\"-\" is stdin); --raw reads one raw document from stdin.\n",
};

static struct {
	int raw, quiet;
	char mode; /* 'a' auto, 'f' feed, 'h' html */
	const char *base_url;
	long long max_size;
	int want_links, links_only;
	struct jmap *map;
	struct state *state;
} opt = { .mode = 'a', .max_size = 32LL << 20 };

static unsigned long nfailed, nitems_total;
static int input_failed;    /* a file argument could not be read: exit 2 */

/* A document that could not be read: a message, and an error record so
 * that a broken source stays visible downstream. */
static void
doc_error(struct parse_ctx *ctx, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
doc_error(struct parse_ctx *ctx, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	msg_warn(ctx->where ? msg_quote(ctx->where, 200) : "input", "%s", msg);
	cJSON *rec = cJSON_CreateObject();
	if (ctx->carry)
		for (const cJSON *m = ctx->carry->child; m; m = m->next)
			if (m->string && strcmp(m->string, F_BODY) && strcmp(m->string, F_ERROR) &&
			    strcmp(m->string, F_ERROR_CODE))
				cJSON_AddItemToObject(rec, m->string, cJSON_Duplicate(m, 1));
	carry_source_label(rec);
	if (!rec_str(rec, F_URL))
		rec_set_str(rec, F_URL, ctx->url ? ctx->url : ctx->file_url);
	rec_set_str(rec, F_ERROR, msg);
	rec_set_str(rec, F_ERROR_CODE, code);
	out_write(rec);
	cJSON_Delete(rec);
	nfailed++;
}

static int
is_html_type(const char *t)
{
	return t && (ascii_startswith(t, "text/html") || ascii_startswith(t, "application/xhtml"));
}

static int
is_json_type(const char *t)
{
	return t && (strstr(t, "json") != NULL);
}

/* Parse one document given as UTF-8 text. */
static void
parse_text(struct parse_ctx *ctx, const char *s, size_t n)
{
	int kind = feed_sniff(s, n);
	if (opt.mode == 'f' && kind == 'H')
		kind = 'F';
	if (opt.mode == 'h')
		kind = 'H';
	if (!kind && is_html_type(ctx->content_type))
		kind = 'H';
	if (!kind && is_json_type(ctx->content_type))
		kind = 'J';

	if (kind == 'J' || opt.map) {
		cJSON *doc = cJSON_ParseWithLength(s, n);
		if (!doc) {
			doc_error(ctx, "invalid_json", "invalid JSON document");
			return;
		}
		long r = -1;
		if (opt.map)
			r = jmap_apply(ctx, opt.map, doc);
		else if (feed_is_jsonfeed(doc))
			r = feed_parse_jsonfeed(ctx, doc);
		else
			r = social_parse_json(ctx, doc);
		cJSON_Delete(doc);
		if (r < 0)
			doc_error(ctx, "not_a_feed", opt.map ? "JSON document does not match the map" :
			    "JSON document of no known shape (JSON Feed, Mastodon, Bluesky, "
			    "Reddit, Hacker News; see --map)");
		return;
	}
	if (kind == 'H') {
		if (opt.mode == 'f') {
			doc_error(ctx, "not_a_feed", "HTML page, not a feed");
			return;
		}
		if (opt.links_only) {
			if (extract_links(ctx, s, n) < 0)
				nfailed++;
		} else if (extract_article(ctx, s, n) < 0) {
			nfailed++;
		}
		return;
	}
	const char *why = NULL;
	long r = feed_parse_xml(ctx, s, n, &why);
	if (r < 0) {
		if (opt.mode == 'a' && why && strstr(why, "root element")) {
			/* XML but not a feed, e.g. XHTML served as XML */
			doc_error(ctx, "not_a_feed", "%s", why);
		} else {
			doc_error(ctx, "not_a_feed", "not a feed: %s", why ? why : "unreadable");
		}
	}
}

/* Decode raw bytes to UTF-8 by what they are, then parse. The raw bytes
 * are freed once decoded: a large document is not held twice while it
 * is parsed. */
static void
parse_bytes(struct parse_ctx *ctx, struct buf *raw, const char *http_charset)
{
	const char *s = raw->data ? raw->data : "";
	size_t n = raw->len;
	struct buf text;
	buf_init(&text);
	const char *used = NULL;
	int kind = feed_sniff(s, n);
	size_t bomlen;
	/* UTF-16/32 documents cannot be sniffed as bytes: decode first. */
	const char *bom = charset_from_bom(s, n, &bomlen);
	if (bom && strcmp(bom, "utf-8")) {
		int k = charset_to_utf8(bom, s + bomlen, n - bomlen, &text);
		buf_free(raw);
		if (k > 0)
			parse_warn(ctx, "%s", charset_repl_message(bom, k));
		parse_text(ctx, text.data ? text.data : "", text.len);
		buf_free(&text);
		return;
	}
	int rc;
	if (kind == 'H' || (opt.mode == 'h'))
		rc = charset_decode_html(s, n, http_charset, &text, &used);
	else if (kind == 'J') {
		/* JSON is UTF-8 unless the server says otherwise (RFC 8259) */
		used = http_charset ? http_charset : "utf-8";
		rc = charset_to_utf8(http_charset, s, n, &text);
	}
	else {
		/* in place: a feed in UTF-8 is not copied */
		rc = charset_decode_xml_buf(raw, http_charset, &used);
		text = *raw;
		buf_init(raw);
	}
	if (rc < 0 && !opt.quiet)
		parse_warn(ctx, "unknown charset '%s', read as UTF-8", used ? used : "?");
	else if (rc > 0)
		parse_warn(ctx, "%s", charset_repl_message(used, rc));
	buf_free(raw);
	parse_text(ctx, text.data ? text.data : "", text.len);
	buf_free(&text);
}

/* Parse one document (raw bytes, or UTF-8 text) under the allocation
 * guard (util.h): when memory runs out inside it, the document becomes
 * an error record and the run goes on. What it held is given up, not
 * freed (a structure cut halfway cannot be), ctx too: 1 then. */
static int
parse_guarded(struct parse_ctx *ctx, struct buf *raw, const char *s, size_t n,
    const char *charset, int bytes)
{
	/* a reserve, given back to the allocator after a failure, so that
	 * the message and the error record find room (pages never touched:
	 * no resident memory) */
	static void *reserve;
	sigjmp_buf jb;
	if (!reserve)
		reserve = malloc((size_t)1 << 20);
	if (sigsetjmp(jb, 0)) {
		xalloc_guard = NULL;
		free(reserve);
		reserve = NULL;
		doc_error(ctx, "too_large", "out of memory reading the document");
		return 1;
	}
	xalloc_guard = &jb;
	if (bytes)
		parse_bytes(ctx, raw, charset);
	else
		parse_text(ctx, s, n);
	xalloc_guard = NULL;
	return 0;
}

/* A watched page ("watch": "change"): its change item, if any. */
static void
parse_watch(struct parse_ctx *ctx, const cJSON *rec)
{
	const char *code;
	char *err;
	static int warned;
	if (!opt.state && !warned++)
		msg_warn(NULL, "watched pages without --state: every version is reported as new");
	if (pagewatch_record(ctx, opt.state, rec, &code, &err) < 0) {
		doc_error(ctx, code, "%s", err);
		free(err);
	}
}

/* One fetch-result record. */
static void
parse_record(cJSON *rec, const char *where)
{
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	ctx.carry = rec;
	ctx.url = rec_str(rec, F_URL);
	ctx.base_url = rec_str(rec, F_FINAL_URL) ? rec_str(rec, F_FINAL_URL) : ctx.url;
	if (opt.base_url) {
		ctx.base_url = opt.base_url;
		if (!ctx.url)
			ctx.url = opt.base_url;
	}
	ctx.where = ctx.url ? ctx.url : where;
	ctx.fetched_at = rec_str(rec, F_FETCHED_AT);
	ctx.content_type = rec_str(rec, F_CONTENT_TYPE);
	ctx.want_links = opt.want_links;
	ctx.links_only = opt.links_only;
	/* Content-Language: the default lang, until the document says. */
	const cJSON *hdrs = cJSON_GetObjectItemCaseSensitive(rec, F_HEADERS);
	const char *clang = hdrs ? rec_str(hdrs, "content-language") : NULL;
	if (clang && *clang) {
		ctx.feed_lang = xstrndup(clang, strcspn(clang, ", ;"));
		if (!*ctx.feed_lang) {
			free(ctx.feed_lang);
			ctx.feed_lang = NULL;
		}
	}

	const char *body = rec_str(rec, F_BODY);
	int lost = 0;
	if (rec_str(rec, F_ERROR)) {
		/* A failed fetch: already reported by veille-fetch; pass it on
		 * so the failure stays visible downstream (with --links-only
		 * too: veille-fetch writes it through, never fetches it). */
		carry_source_label(rec);
		out_write(rec);
	} else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, F_UNCHANGED)) && !body) {
		/* 304 / same body: nothing new, by design no items. */
	} else if (!body || !*body) {
		doc_error(&ctx, "empty", "empty document (no body)");
	} else if (pw_is_watch(rec) && (long long)strlen(body) <= opt.max_size) {
		parse_watch(&ctx, rec);
	} else if (rec_str(rec, F_BODY_ENCODING)) {
		if (strcmp(rec_str(rec, F_BODY_ENCODING), "base64")) {
			doc_error(&ctx, "bad_body", "unknown body_encoding '%s'",
			    rec_str(rec, F_BODY_ENCODING));
		} else {
			struct buf raw;
			buf_init(&raw);
			if (base64_decode(body, strlen(body), &raw) < 0)
				doc_error(&ctx, "bad_body", "body is not valid base64");
			else if ((long long)raw.len > opt.max_size)
				doc_error(&ctx, "too_large", "document of %zu bytes is over --max-size", raw.len);
			else
				lost = parse_guarded(&ctx, &raw, NULL, 0, rec_str(rec, F_CHARSET), 1);
			buf_free(&raw);
		}
	} else {
		/* body is UTF-8 text already (veille(7)); whatever encoding the
		 * document declares inside is ignored. */
		size_t n = strlen(body);
		if ((long long)n > opt.max_size)
			doc_error(&ctx, "too_large", "document of %zu bytes is over --max-size", n);
		else
			lost = parse_guarded(&ctx, NULL, body, n, NULL, 0);
	}
	nitems_total += ctx.nitems;
	nfailed += ctx.nfailed;
	if (!lost)
		parse_ctx_free(&ctx);
}

/* The file:// URL of an absolute path, each segment percent-encoded. */
static char *
url_from_path(const char *abs)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "file://");
	for (const char *p = abs; *p;) {
		size_t n = strcspn(p, "/");
		if (!n) {
			buf_addc(&b, *p++);
			continue;
		}
		char *seg = xstrndup(p, n), *e = url_encode(seg);
		buf_adds(&b, e);
		free(seg);
		free(e);
		p += n;
	}
	return buf_steal(&b);
}

/* A file argument that cannot be read is a usage error (exit 2), as a
 * missing option argument is: a message naming it, no record. */
static void
file_failed(const char *path, int e)
{
	msg_warn(path, "%s", strerror(e));
	input_failed = 1;
}

static void
parse_file(const char *path)
{
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
	ctx.where = strcmp(path, "-") ? path : "stdin";
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		file_failed(path, errno);
		if (fd > 0)
			close(fd);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		file_failed(path, EISDIR);
		close(fd);
		return;
	}
	/* Every record made from a file names it: source.url (and url on
	 * an error record) is its file:// URL, unless --base-url says
	 * where the document lives. */
	char *abs = NULL;
	int lost = 0;
	if (opt.base_url) {
		ctx.url = ctx.base_url = opt.base_url;
	} else if (fd != 0) {
		char real[PATH_MAX];
		if (realpath(path, real)) {
			abs = url_from_path(real);
			ctx.base_url = ctx.file_url = abs;
		}
	}
	ctx.want_links = opt.want_links;
	ctx.links_only = opt.links_only;
	struct buf b;
	buf_init(&b);
	if (read_all(fd, (size_t)opt.max_size, &b) < 0) {
		if (errno == EFBIG)
			doc_error(&ctx, "too_large", "document is over --max-size (%lld bytes)",
			    opt.max_size);
		else if (!stop_signal)
			file_failed(path, errno);
	} else if (b.len == 0) {
		doc_error(&ctx, "empty", "empty document");
	} else {
		lost = parse_guarded(&ctx, &b, NULL, 0, NULL, 1);
	}
	if (fd > 0)
		close(fd);
	buf_free(&b);
	free(abs);
	nitems_total += ctx.nitems;
	nfailed += ctx.nfailed;
	if (!lost)
		parse_ctx_free(&ctx);
}

int
main(int argc, char **argv)
{
	int unbuffered = 0, ch;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_RAW: opt.raw = 1; break;
		case O_BASE:
			if (!url_is_web(cli_arg, 1))
				cli_die_usage(&cli, "--base-url: '%s' is not an absolute URL", cli_arg);
			opt.base_url = cli_arg;
			break;
		case O_MODE:
			if (!strcmp(cli_arg, "feed")) opt.mode = 'f';
			else if (!strcmp(cli_arg, "html")) opt.mode = 'h';
			else if (!strcmp(cli_arg, "auto")) opt.mode = 'a';
			else cli_die_usage(&cli, "--mode: '%s' is not feed, html or auto", cli_arg);
			break;
		case O_MAP: {
			char *msg = NULL;
			jmap_free(opt.map);
			opt.map = jmap_load(cli_arg, &msg);
			if (!opt.map) {
				msg_warn(NULL, "%s", msg ? msg : cli_arg);
				free(msg);
				exit(EXIT_USAGE);
			}
			break;
		}
		case O_LINKS: opt.want_links = 1; break;
		case O_LINKS_ONLY: opt.links_only = 1; break;
		case O_MAXSIZE: opt.max_size = cli_size(&cli, "max-size", cli_arg); break;
		case O_UNBUF: unbuffered = 1; break;
		case O_QUIET: opt.quiet = 1; break;
		case O_STATE:
			state_close(opt.state);
			if (!(opt.state = state_open(cli_arg)))
				exit(EXIT_USAGE);
			break;
		}
	}
	argc -= cli_ind;
	argv += cli_ind;
	if (opt.raw && argc)
		cli_die_usage(&cli, "--raw reads stdin; give no file");
	out_init(unbuffered);
	feed_xml_harden();
	parse_quiet = opt.quiet;
	progress_init(opt.quiet ? -1 : 0);
	catch_stop_signals();

	if (opt.raw) {
		parse_file("-");
	} else if (argc) {
		for (int i = 0; i < argc && !stop_signal; i++) {
			parse_file(argv[i]);
			progress_update(0, "%d/%d file%s, %lu item%s", i + 1, argc,
			    argc == 1 ? "" : "s", nitems_total, nitems_total == 1 ? "" : "s");
		}
	} else {
		struct ndjson_reader r;
		cJSON *rec;
		int rc;
		ndjson_open(&r, stdin, NULL);
		while (!stop_signal && (rc = ndjson_next(&r, &rec)) != 0) {
			if (rc < 0)
				continue;
			parse_record(rec, ndjson_where(&r));
			cJSON_Delete(rec);
			progress_update(0, "%lu record%s, %lu item%s, %lu failed", r.nrecords,
			    r.nrecords == 1 ? "" : "s", nitems_total, nitems_total == 1 ? "" : "s",
			    nfailed + r.nbad_json);
		}
		nfailed += r.nbad_json;
		ndjson_close(&r);
	}
	jmap_free(opt.map);
	int state_failed = state_close(opt.state) < 0;
	progress_clear();
	/* Interrupted: the items made so far are written, then 128 + the
	 * signal (130 for Ctrl-C), as shells expect. */
	if (stop_signal)
		msg_warn(NULL, "interrupted (%s)", strsignal(stop_signal));
	if (out_finish() < 0 && !stop_signal)
		return EXIT_SOME_FAILED;
	if (stop_signal)
		return 128 + stop_signal;
	if (input_failed)
		return EXIT_USAGE;
	return nfailed || state_failed ? EXIT_SOME_FAILED : EXIT_OK;
}
