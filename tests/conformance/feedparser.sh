#!/bin/sh
# tests/conformance/feedparser.sh — veille-parse against the test cases of
# Python's feedparser (../shared/corpora/feedparser, BSD-2-Clause, see its
# LICENSE). The work is done by feedparser_check.py (standard library only,
# /usr/bin/python3); its docstring says exactly how every case is run and
# compared.
#
#   tests/conformance/feedparser.sh [--min RATE] [--verbose] [--list-na]
#       [--only REGEX] [--jobs N] [--summary FILE]
#   VEILLE_BIN (default bin) holds veille-parse; FEEDPARSER_CORPUS
#   overrides the corpus directory.
#
# What it checks
#   * wellformed/ (1,749 cases): each file's "Expect:" condition, mapped
#     onto veille's item record (title, url, id, published, updated,
#     author, summary, content, categories, enclosures, image, lang, and
#     the feed's title, link and language through each item's "source"
#     object and "lang"). Text is compared as plain text: feedparser keeps
#     (sanitised) HTML, veille converts it to text. Feed-level conditions
#     in documents without entries are checked through a probe entry added
#     to the document. Prints per category: cases, applicable, passed,
#     failed, n/a, and the pass rate over applicable cases.
#   * sanitize/ (745): veille has no HTML sanitiser, it outputs plain text,
#     so a case passes when script/style content never reaches the text:
#     no "<script", no javascript:/vbscript: URL, no text that was inside
#     <script>/<style> in any output field. (The Expect compared as plain
#     text is reported as an informative rate.)
#   * every file of wellformed/, illformed/, encoding/, entities/ and json/
#     (2,107): no crash (exit status >= 128, signal, timeout) and no
#     sanitizer report on stderr. The Expect conditions of illformed/,
#     encoding/ and entities/ that map onto our fields are evaluated too and
#     reported as informative rates (not in the pass rate).
#
# What is not applicable, and why (reported per category with counts)
#   * cdf/: Microsoft Channel Definition Format, not a format veille reads.
#   * itunes/ (itunes_* keys), geo/ (GeoRSS where/coordinates), psc/
#     (Podlove chapters): podcast and geographic metadata are not part of
#     veille's record; the few of their cases that test title/link are run.
#   * http/ except the Content-Location ones, and every condition on
#     version, encoding, headers, etag, modified, namespaces, bozo alone:
#     parser/HTTP metadata, not item data.
#   * feed-level fields veille does not output: subtitle/tagline/info/
#     description, rights/copyright, generator, id, icon, logo, image,
#     feed author/contributors/tags, ttl, cloud, textinput, docs...
#     (feedburner/ and most of the feed_* cases of atom/atom10/rss/base).
#   * per-field detail: *_detail type/base/language, content[0].type/
#     base/language: veille outputs plain text and one lang per item.
#   * author e-mail/URL, second and later authors, contributors, publisher:
#     veille keeps one display name.
#   * entries[i].source (atom:source, RSS <source>): veille's "source" is
#     the feed that was fetched, not the entry's original feed.
#   * links of relations other than alternate/enclosure, link type/title/
#     hreflang/length, category scheme/label, media:* other than the
#     thumbnail, license, comments, wfw_*, created, expired, guidislink.
#   * the sanitize cases whose field veille never outputs (feed tagline,
#     info, copyright, subtitle).
#
# Exit status: 0; 1 if the well-formed pass rate is under --min (default
# 0.95) or anything crashed; 2 on a usage or setup error.
cd "$(dirname "$0")/../.." || exit 2
: "${VEILLE_BIN:=bin}"
corpus=${FEEDPARSER_CORPUS:-../shared/corpora/feedparser}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
exec "$PY" tests/conformance/feedparser_check.py --bin "$VEILLE_BIN" --corpus "$corpus" "$@"
