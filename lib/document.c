/* document.c — see document.h */
#include "document.h"
#include "base64.h"
#include "carry.h"
#include "charset.h"
#include "extract.h"
#include "feed.h"
#include "fields.h"
#include "msg.h"
#include "parse.h"
#include "record.h"
#include "social.h"
#include "url.h"
#include "util.h"

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
	parse_write(ctx, rec);
	cJSON_Delete(rec);
	ctx->nfailed++;
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

/* The kinds of document, each read by its own parser (doc_dispatch). */
enum doc_kind {
	DOC_XML,        /* RSS, RDF, Atom (lib/feed.c); the default */
	DOC_JSON,       /* JSON Feed, social APIs, any JSON with --map */
	DOC_HTML,       /* a page: its article (lib/extract.c) or links */
};

/* Which kind a document of UTF-8 text is: what its first bytes say
 * (feed_sniff), what --mode forces, then what the Content-Type says. A
 * new kind is recognised here, before the catch-all DOC_XML. */
static enum doc_kind
doc_kind_of(const struct doc_opts *o, const struct parse_ctx *ctx, const char *s, size_t n)
{
	int kind = feed_sniff(s, n);
	if (o->mode == 'f' && kind == 'H')
		kind = 'F';
	if (o->mode == 'h')
		kind = 'H';
	if (!kind && is_html_type(ctx->content_type))
		kind = 'H';
	if (!kind && is_json_type(ctx->content_type))
		kind = 'J';
	if (kind == 'J' || o->map)
		return DOC_JSON;
	if (kind == 'H')
		return DOC_HTML;
	return DOC_XML;
}

static void
parse_json(const struct doc_opts *o, struct parse_ctx *ctx, const char *s, size_t n)
{
	cJSON *doc = cJSON_ParseWithLength(s, n);
	if (!doc) {
		doc_error(ctx, "invalid_json", "invalid JSON document");
		return;
	}
	long r = -1;
	if (o->map)
		r = jmap_apply(ctx, o->map, doc);
	else if (feed_is_jsonfeed(doc))
		r = feed_parse_jsonfeed(ctx, doc);
	else
		r = social_parse_json(ctx, doc);
	cJSON_Delete(doc);
	if (r < 0)
		doc_error(ctx, "not_a_feed", o->map ? "JSON document does not match the map" :
		    "JSON document of no known shape (JSON Feed, Mastodon, Bluesky, "
		    "Reddit, Hacker News; see --map)");
}

static void
parse_html(const struct doc_opts *o, struct parse_ctx *ctx, const char *s, size_t n)
{
	if (o->mode == 'f') {
		doc_error(ctx, "not_a_feed", "HTML page, not a feed");
		return;
	}
	if (o->links_only) {
		if (extract_links(ctx, s, n) < 0)
			ctx->nfailed++;
	} else if (extract_article(ctx, s, n) < 0) {
		ctx->nfailed++;
	}
}

static void
parse_xml(const struct doc_opts *o, struct parse_ctx *ctx, const char *s, size_t n)
{
	const char *why = NULL;
	long r = feed_parse_xml(ctx, s, n, &why);
	if (r < 0) {
		if (o->mode == 'a' && why && strstr(why, "root element")) {
			/* XML but not a feed, e.g. XHTML served as XML */
			doc_error(ctx, "not_a_feed", "%s", why);
		} else {
			doc_error(ctx, "not_a_feed", "not a feed: %s", why ? why : "unreadable");
		}
	}
}

/* Parse one document given as UTF-8 text: one case a kind. */
static void
doc_dispatch(const struct doc_opts *o, struct parse_ctx *ctx, const char *s, size_t n)
{
	switch (doc_kind_of(o, ctx, s, n)) {
	case DOC_JSON: parse_json(o, ctx, s, n); break;
	case DOC_HTML: parse_html(o, ctx, s, n); break;
	case DOC_XML:  parse_xml(o, ctx, s, n); break;
	}
}

/* Decode raw bytes to UTF-8 by what they are, then parse. The raw bytes
 * are freed once decoded: a large document is not held twice while it
 * is parsed. */
static void
parse_bytes(const struct doc_opts *o, struct parse_ctx *ctx, struct buf *raw,
    const char *http_charset)
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
		doc_dispatch(o, ctx, text.data ? text.data : "", text.len);
		buf_free(&text);
		return;
	}
	int rc;
	if (kind == 'H' || (o->mode == 'h'))
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
	if (rc < 0 && !o->quiet)
		parse_warn(ctx, "unknown charset '%s', read as UTF-8", used ? used : "?");
	else if (rc > 0)
		parse_warn(ctx, "%s", charset_repl_message(used, rc));
	buf_free(raw);
	doc_dispatch(o, ctx, text.data ? text.data : "", text.len);
	buf_free(&text);
}

/* Parse one document (raw bytes, or UTF-8 text) under the allocation
 * guard (util.h): when memory runs out inside it, the document becomes
 * an error record and the run goes on. What it held is given up, not
 * freed (a structure cut halfway cannot be), ctx too: 1 then. */
static int
parse_guarded(const struct doc_opts *o, struct parse_ctx *ctx, struct buf *raw,
    const char *s, size_t n, const char *charset, int bytes)
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
		parse_bytes(o, ctx, raw, charset);
	else
		doc_dispatch(o, ctx, s, n);
	xalloc_guard = NULL;
	return 0;
}

/* A context for one document under o; process-wide settings on the way. */
static void
doc_begin(const struct doc_opts *o, struct parse_ctx *ctx)
{
	feed_xml_harden();
	parse_quiet = o->quiet;
	parse_ctx_init(ctx);
	ctx->want_links = o->want_links;
	ctx->links_only = o->links_only;
	ctx->sink = o->sink;
	ctx->sink_arg = o->sink_arg;
}

/* The counts of one document into st; its context freed unless lost. */
static void
doc_end(struct parse_ctx *ctx, int lost, struct doc_stats *st)
{
	st->nitems += ctx->nitems;
	st->nfailed += ctx->nfailed;
	if (!lost)
		parse_ctx_free(ctx);
}

void
document_parse_record(const struct doc_opts *o, cJSON *rec, const char *where,
    struct doc_stats *st)
{
	struct parse_ctx ctx;
	doc_begin(o, &ctx);
	ctx.carry = rec;
	ctx.url = rec_str(rec, F_URL);
	ctx.base_url = rec_str(rec, F_FINAL_URL) ? rec_str(rec, F_FINAL_URL) : ctx.url;
	if (o->base_url) {
		ctx.base_url = o->base_url;
		if (!ctx.url)
			ctx.url = o->base_url;
	}
	ctx.where = ctx.url ? ctx.url : where;
	ctx.fetched_at = rec_str(rec, F_FETCHED_AT);
	ctx.content_type = rec_str(rec, F_CONTENT_TYPE);
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
		parse_write(&ctx, rec);
	} else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, F_UNCHANGED)) && !body) {
		/* 304 / same body: nothing new, by design no items. */
	} else if (!body || !*body) {
		doc_error(&ctx, "empty", "empty document (no body)");
	} else if (rec_str(rec, F_BODY_ENCODING)) {
		if (strcmp(rec_str(rec, F_BODY_ENCODING), "base64")) {
			doc_error(&ctx, "bad_body", "unknown body_encoding '%s'",
			    rec_str(rec, F_BODY_ENCODING));
		} else {
			struct buf raw;
			buf_init(&raw);
			if (base64_decode(body, strlen(body), &raw) < 0)
				doc_error(&ctx, "bad_body", "body is not valid base64");
			else if ((long long)raw.len > o->max_size)
				doc_error(&ctx, "too_large", "document of %zu bytes is over --max-size", raw.len);
			else
				lost = parse_guarded(o, &ctx, &raw, NULL, 0, rec_str(rec, F_CHARSET), 1);
			buf_free(&raw);
		}
	} else {
		/* body is UTF-8 text already (veille(7)); whatever encoding the
		 * document declares inside is ignored. */
		size_t n = strlen(body);
		if ((long long)n > o->max_size)
			doc_error(&ctx, "too_large", "document of %zu bytes is over --max-size", n);
		else
			lost = parse_guarded(o, &ctx, NULL, body, n, NULL, 0);
	}
	doc_end(&ctx, lost, st);
}

void
document_parse_bytes(const struct doc_opts *o, const char *s, size_t n,
    const char *url, const char *content_type, const char *charset,
    struct doc_stats *st)
{
	struct parse_ctx ctx;
	doc_begin(o, &ctx);
	ctx.url = ctx.base_url = ctx.where = url;
	if (o->base_url) {
		ctx.base_url = o->base_url;
		if (!ctx.url)
			ctx.url = ctx.where = o->base_url;
	}
	ctx.content_type = content_type;
	int lost = 0;
	if (n == 0) {
		doc_error(&ctx, "empty", "empty document");
	} else if ((long long)n > o->max_size) {
		doc_error(&ctx, "too_large", "document of %zu bytes is over --max-size", n);
	} else {
		struct buf raw;
		buf_init(&raw);
		buf_add(&raw, s, n);
		lost = parse_guarded(o, &ctx, &raw, NULL, 0, charset, 1);
		buf_free(&raw);
	}
	doc_end(&ctx, lost, st);
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

int
document_parse_file(const struct doc_opts *o, const char *path, struct doc_stats *st)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
	struct stat sb;
	int e = 0;
	if (fd < 0 || fstat(fd, &sb) < 0)
		e = errno;
	else if (S_ISDIR(sb.st_mode))
		e = EISDIR;
	if (e) {
		if (fd > 0)
			close(fd);
		errno = e;
		return -1;
	}
	struct parse_ctx ctx;
	doc_begin(o, &ctx);
	ctx.where = strcmp(path, "-") ? path : "stdin";
	/* Every record made from a file names it: source.url (and url on
	 * an error record) is its file:// URL, unless base_url says where
	 * the document lives. */
	char *abs = NULL;
	int lost = 0, rc = 0;
	if (o->base_url) {
		ctx.url = ctx.base_url = o->base_url;
	} else if (fd != 0) {
		char real[PATH_MAX];
		if (realpath(path, real)) {
			abs = url_from_path(real);
			ctx.base_url = ctx.file_url = abs;
		}
	}
	struct buf b;
	buf_init(&b);
	if (read_all(fd, (size_t)o->max_size, &b) < 0) {
		if (errno == EFBIG)
			doc_error(&ctx, "too_large", "document is over --max-size (%lld bytes)",
			    o->max_size);
		else if (!stop_signal)
			rc = -1;
	} else if (b.len == 0) {
		doc_error(&ctx, "empty", "empty document");
	} else {
		lost = parse_guarded(o, &ctx, &b, NULL, 0, NULL, 1);
	}
	e = errno;
	if (fd > 0)
		close(fd);
	buf_free(&b);
	free(abs);
	doc_end(&ctx, lost, st);
	errno = e;
	return rc;
}
