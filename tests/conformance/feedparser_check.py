#!/usr/bin/python3
"""feedparser_check.py - veille-parse against the test cases of Python's
feedparser (../shared/corpora/feedparser, BSD-2-Clause). Driven by
tests/conformance/feedparser.sh; see that script's header for what is
checked and what is not applicable. Standard library only.

How a case is run
  Each file opens with a comment holding "Description:", "Expect:" (a
  Python expression over feedparser's result) and optional "Header:" lines.
  * No Header line: `veille-parse FILE`.
  * Header lines, or an Expect that names feedparser's test server
    (http://127.0.0.1:8097/, the "document URI" cases): a fetch-result
    record on stdin, as veille-fetch would write it:
      url          the document URI http://127.0.0.1:8097/tests/<path>
                   (where feedparser's own harness serves the file)
      final_url    Content-Location resolved against it, when http(s):
                   feedparser takes Content-Location as the base URL, and
                   final_url is what veille-parse resolves against; an
                   unsafe Content-Location (javascript:) is left out, as
                   a fetcher would never report one
      content_type the Content-Type media type, lowercased, no parameters
      charset      the charset parameter, lowercased, quotes removed
      headers      {"content-language": ...} when given
      body         the file decoded to text: HTTP charset, else BOM, else
                   the XML declaration, else UTF-8 (bad bytes -> U+FFFD)
  * Feed-level conditions (feed['title'|'link'|'language']) are read from
    the items' "source" object (title, site_url) and "lang". When the
    document has no entry, a probe entry (title "veilleprobe", nothing
    else) is inserted before the end of the channel/feed and the document
    is run again; such cases are flagged "probe" in --verbose output. A
    document whose root is not rss/RDF/feed cannot be probed: n/a.

How Expect is evaluated
  "not bozo and" / "bozo and" prefixes are dropped (veille has no bozo
  flag); what remains is parsed (ast) and every feed/entries key path it
  touches is looked up in MAPPED below. One unmapped path, or a name
  other than feed/entries/len/ord/None/True/False, makes the case n/a,
  with a reason. Otherwise the expression is evaluated over an object
  built from our NDJSON output, shaped like feedparser's (dict with
  attribute access, has_key, get; feedparser's aliases description ->
  summary, guid -> id, issued -> published, modified/date -> updated, and
  its 6.x fallback updated -> published), whose leaves compare like this:
    text (title, summary, content, category, feed title)
      both sides reduced to text: the expected value through a small
      HTML->text (tags dropped; comments and the content of script, style,
      noscript, template, head, title and SVG desc dropped; entities
      decoded, a space at block elements and <br>), ours as is; then
      every run of white space (Python \\s, includes NBSP) becomes one
      space and the ends are trimmed; equal strings pass. When the Atom
      element compared (the entry's first title/summary/content, or the
      feed's title) is not HTML - any type but html and text/html (text,
      text/plain, xhtml, a base64 media type), or no type (the Atom
      default) unless mode="escaped" - the expected value
      taken literally (not through HTML->text) is also accepted: feedparser
      keeps such text unescaped ('History of the <blink> tag'). RSS
      elements are taken as HTML.
    dates  published/updated: the expected string is parsed (RFC 822 via
      email.utils, or ISO 8601/RFC 3339) and compared as an instant with
      our RFC 3339 UTC value; *_parsed compares feedparser's UTC
      struct_time tuple with ours.
    id     ours is a hash: it passes when it equals item_make_id(scope,
      "guid:" + expected) for scope = source.url, the record URL, the file
      name (relative or absolute, or file:// URL) or "" (see lib/parse.c);
      as feedparser resolves a relative atom:id and veille need not, the
      path-absolute form of an expected http(s) id is accepted too.
    url    equal, or equal after percent-decoding and IDNA-decoding host.
    author equal, or the expected value is "NAME (EMAIL)" and ours is
      NAME (veille keeps the display name) or EMAIL when NAME is empty.
    lang   equal ignoring case.
    enclosures  {href|url, type, length} (length as a string).
    links  only when every link of the document is alternate or
      enclosure: [alternate = url] + enclosures, in document order,
      keys rel and href.

Sanitize category: the Expect is evaluated for the informative "text"
rate only; the case counts as passed when (1) no output string contains
"<script", (2) none contains a javascript:/vbscript: URL (white space
inside the word tolerated), (3) no text found inside <script> or <style>
in the document (after unescaping it up to twice, base64 content decoded)
appears in any output string. Its applicability still follows the Expect: a field veille never
outputs (feed subtitle, info, rights...) makes it n/a.

Crash check (every case, all directories): exit status >= 128, death by
signal, a timeout, a sanitizer report on stderr (AddressSanitizer,
LeakSanitizer, "runtime error:"), or an output line that is not JSON is
a crash.

Exit status: 0; 1 if the well-formed pass rate < --min or any crash;
2 on usage/setup errors.
"""
import argparse
import ast
import base64
import binascii
import calendar
import codecs
import concurrent.futures
import email.utils
import hashlib
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

WELLFORMED = 'wellformed'
# Whole categories that are not applicable, whatever their Expect says.
CATEGORY_NA = {
    'cdf': "Microsoft CDF: not a format veille reads (RSS, RDF, Atom, JSON Feed)",
}
CRASH_ONLY = ['illformed', 'encoding', 'entities', 'json']
DOCURI = 'http://127.0.0.1:8097/tests/'
PROBE = 'veilleprobe'

# ---------------------------------------------------------------- cases


class Case:
    def __init__(self, root, path):
        self.path = path                      # as given to veille-parse
        self.rel = os.path.relpath(path, root)  # wellformed/rss/x.xml
        parts = self.rel.split(os.sep)
        if parts[0] == WELLFORMED:
            self.group = WELLFORMED
            self.category = parts[1] if len(parts) > 2 else '-'
        else:
            self.group = parts[0]
            self.category = parts[0]
        with open(path, 'rb') as f:
            self.raw = f.read()
        self.text = decode_for_header(self.raw)
        self.description = self.expect = ''
        self.headers = {}
        m = re.search(r'<!--(.*?)-->', self.text, re.S)
        if m:
            for line in m.group(1).splitlines():
                mm = re.match(r'\s*(Description|Expect|Header|SkipUnless):\s*(.*)$', line)
                if not mm:
                    continue
                k, v = mm.group(1), mm.group(2).strip()
                if k == 'Description':
                    self.description = v
                elif k == 'Expect':
                    self.expect = v
                elif k == 'Header':
                    hn, _, hv = v.partition(':')
                    self.headers[hn.strip().lower()] = hv.strip()
        self.docuri = DOCURI + self.rel.replace(os.sep, '/')
        self.use_record = bool(self.headers) or '127.0.0.1:8097' in self.expect


def decode_for_header(raw):
    """Text of the file good enough to read its comment and sniff it."""
    for bom, enc in ((codecs.BOM_UTF32_LE, 'utf-32-le'), (codecs.BOM_UTF32_BE, 'utf-32-be'),
                     (codecs.BOM_UTF8, 'utf-8'), (codecs.BOM_UTF16_LE, 'utf-16-le'),
                     (codecs.BOM_UTF16_BE, 'utf-16-be')):
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, 'replace')
    head = raw[:4]
    if head == b'<\0\0\0':
        return raw.decode('utf-32-le', 'replace')
    if head == b'\0\0\0<':
        return raw.decode('utf-32-be', 'replace')
    if head[:2] == b'<\0':
        return raw.decode('utf-16-le', 'replace')
    if head[:2] == b'\0<':
        return raw.decode('utf-16-be', 'replace')
    return raw.decode('utf-8', 'replace')


def content_type_parts(value):
    mt, _, params = value.partition(';')
    charset = None
    m = re.search(r'charset\s*=\s*["\']?([^"\';\s]+)', params, re.I)
    if m:
        charset = m.group(1).lower()
    return mt.strip().lower(), charset


def decode_body(raw, charset):
    """The body as veille-fetch would store it (UTF-8 text)."""
    def ok(enc):
        try:
            codecs.lookup(enc)
            return True
        except (LookupError, TypeError):
            return False
    if charset and ok(charset):
        return raw.decode(charset, 'replace').lstrip('\ufeff')
    for bom, enc in ((codecs.BOM_UTF32_LE, 'utf-32-le'), (codecs.BOM_UTF32_BE, 'utf-32-be'),
                     (codecs.BOM_UTF8, 'utf-8'), (codecs.BOM_UTF16_LE, 'utf-16-le'),
                     (codecs.BOM_UTF16_BE, 'utf-16-be')):
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, 'replace')
    m = re.match(rb'\s*<\?xml[^>]*encoding\s*=\s*["\']([A-Za-z0-9._:-]+)["\']', raw)
    if m and ok(m.group(1).decode()):
        return raw.decode(m.group(1).decode(), 'replace')
    return raw.decode('utf-8', 'replace')


def make_record(case, body_text=None):
    rec = {'url': case.docuri}
    loc = case.headers.get('content-location')
    if loc:
        final = urllib.parse.urljoin(case.docuri, loc)
        if urllib.parse.urlsplit(final).scheme in ('http', 'https') and final != case.docuri:
            rec['final_url'] = final
    charset = None
    ctype = case.headers.get('content-type')
    if ctype is not None:
        mt, charset = content_type_parts(ctype)
        if mt:
            rec['content_type'] = mt
        if charset:
            rec['charset'] = charset
    if 'content-language' in case.headers:
        rec['headers'] = {'content-language': case.headers['content-language']}
    if body_text is None:
        body_text = decode_body(case.raw, charset)
    rec['body'] = body_text
    return rec


def probe_document(text):
    """text with an extra, nearly empty entry, or None."""
    root = None
    # Comments blanked out (same length, so positions stay valid).
    text0 = text
    text = re.sub(r'<!--.*?-->', lambda m: ' ' * len(m.group()), text, flags=re.S)
    for m in re.finditer(r'<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]', text):
        name = m.group(2)
        if text[m.start():m.start() + 2] in ('<!', '<?'):
            continue
        root = (m.group(1) or '', name)
        break
    if not root:
        return None
    prefix, name = root
    if name == 'rss':
        cm = re.search(r'<([\w.-]+:)?channel[\s>]', text)
        p = (cm.group(1) or '') if cm else ''
        close = '</%schannel>' % p
        item = '<%sitem><%stitle>%s</%stitle><%sguid isPermaLink="false">urn:%s</%sguid></%sitem>' % (
            p, p, PROBE, p, p, PROBE, p, p)
    elif name == 'RDF':
        cm = re.search(r'<([\w.-]+:)?channel[\s>]', text)
        p = (cm.group(1) or '') if cm else ''
        close = '</%sRDF>' % prefix
        item = '<%sitem><%stitle>%s</%stitle><%slink>http://example.invalid/%s</%slink></%sitem>' % (
            p, p, PROBE, p, p, PROBE, p, p)
    elif name == 'feed':
        p = prefix
        close = '</%sfeed>' % p
        item = '<%sentry><%stitle>%s</%stitle><%sid>urn:%s</%sid></%sentry>' % (
            p, p, PROBE, p, p, PROBE, p, p)
    else:
        return None
    i = text.rfind(close)
    if i < 0:
        return None
    return text0[:i] + item + '\n' + text0[i:]


# ---------------------------------------------------------------- running

SANITIZER = re.compile(r'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|'
                       r'runtime error:|MemorySanitizer|ThreadSanitizer')


class Run:
    def __init__(self, argv, rc, out, err, timed_out=False):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err
        self.timed_out = timed_out
        self.items = []
        self.bad_lines = 0
        for line in out.decode('utf-8', 'replace').splitlines():
            if not line.strip():
                continue
            try:
                v = json.loads(line)
            except ValueError:
                self.bad_lines += 1
                continue
            if isinstance(v, dict) and 'error' not in v:
                self.items.append(v)
            elif isinstance(v, dict):
                self.items.append(v)  # error records kept; they are shown

    def crash(self):
        errt = self.err.decode('utf-8', 'replace')
        if self.timed_out:
            return 'timeout'
        if self.rc < 0:
            return 'killed by signal %d' % -self.rc
        if self.rc >= 128:
            return 'exit status %d' % self.rc
        m = SANITIZER.search(errt)
        if m:
            return 'sanitizer report: ' + errt[max(0, m.start() - 80):m.start() + 200].strip()
        if self.bad_lines:
            return '%d output line(s) not JSON' % self.bad_lines
        return None


def run_parse(binary, case, doc_override=None, timeout=60):
    env = dict(os.environ)
    env.setdefault('ASAN_OPTIONS', 'abort_on_error=1:detect_leaks=1')
    env.setdefault('UBSAN_OPTIONS', 'halt_on_error=1:print_stacktrace=1')
    env['LC_ALL'] = 'C.UTF-8'
    tmp = None
    try:
        if case.use_record:
            body = doc_override
            rec = make_record(case, body)
            argv = [binary]
            stdin = (json.dumps(rec, ensure_ascii=False) + '\n').encode('utf-8')
        else:
            path = case.path
            if doc_override is not None:
                fd, tmp = tempfile.mkstemp(suffix='-' + os.path.basename(case.path))
                with os.fdopen(fd, 'wb') as f:
                    f.write(doc_override.encode('latin-1'))
                path = tmp
            argv = [binary, path]
            stdin = b''
        try:
            p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, timeout=timeout)
            return Run(argv, p.returncode, p.stdout, p.stderr)
        except subprocess.TimeoutExpired as e:
            return Run(argv, -1, e.stdout or b'', e.stderr or b'', timed_out=True)
    finally:
        if tmp:
            os.unlink(tmp)


# ---------------------------------------------------------------- HTML -> text

BLOCK = set('''address article aside blockquote body br center dd details dialog dir
div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header
hgroup hr html li main menu nav ol p pre section summary table tbody td tfoot th
thead tr ul caption legend option title'''.split())
# Not rendered: dropped with their content (title/desc: document title,
# SVG tooltips).
DROP = {'script', 'style', 'noscript', 'template', 'head', 'title', 'desc'}


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP:
            self.skip += 1
        elif tag in BLOCK:
            self.out.append(' ')

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.out.append(' ')

    def handle_endtag(self, tag):
        if tag in DROP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.out.append(' ')

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(s):
    p = _Text()
    p.feed(s)
    p.close()
    return ''.join(p.out)


def ws(s):
    return re.sub(r'\s+', ' ', s).strip()


# ---------------------------------------------------------------- values

CMP_LOG = []          # (path, ours, expected, result) of the current case
STATE = {'plain': {}, 'id_scopes': ['']}


def _log(path, ours, other, res):
    CMP_LOG.append((path, str.__str__(ours) if isinstance(ours, str) else ours, other, res))
    return res


class Val(str):
    """A leaf of our output: a str that knows its path and compares the
    way the module docstring says."""
    __hash__ = str.__hash__

    def __new__(cls, value, path):
        o = super().__new__(cls, value)
        o.path = path
        return o

    def same(self, other):
        return str.__eq__(self, other)

    def __eq__(self, other):
        if isinstance(other, Val):
            return _log(self.path, self, str.__str__(other),
                        self.same(str.__str__(other)) or other.same(str.__str__(self)))
        if not isinstance(other, str):
            return _log(self.path, self, other, False)
        return _log(self.path, self, other, self.same(other))

    def __ne__(self, other):
        return not self.__eq__(other)


class TextVal(Val):
    def same(self, other):
        mine = ws(str.__str__(self))
        if mine == ws(html_to_text(other)):
            return True
        return literal_ok(self.path) and mine == ws(other)


ELEMS = {'title': r'title', 'summary': r'summary|description', 'content': r'content'}


def plain_elements(doc):
    """Which text constructs of the document are not HTML (see the
    docstring): {'feed.title': bool, 'title': bool, 'summary': bool,
    'content': bool}, for Atom documents only (RSS elements are HTML)."""
    res = {}
    doc = re.sub(r'<!--.*?-->', '', doc, flags=re.S)
    if not re.search(r'<(?:[\w.-]+:)?feed\b', doc):
        return res
    m = re.search(r'<(?:[\w.-]+:)?entry\b(.*?)</(?:[\w.-]+:)?entry>', doc, re.S)
    head = doc[:m.start()] if m else doc
    parts = [('feed.title', head, 'title')]
    if m:
        parts += [(k, m.group(1), k) for k in ('title', 'summary', 'content')]
    for key, text, elem in parts:
        em = re.search(r'<(?:[\w.-]+:)?(?:%s)\b([^>]*)>' % ELEMS[elem], text)
        if not em:
            continue
        attrs = em.group(1)
        tm = re.search(r'\btype\s*=\s*["\']([^"\']*)["\']', attrs)
        mm = re.search(r'\bmode\s*=\s*["\']([^"\']*)["\']', attrs)
        typ = tm.group(1).strip().lower() if tm else None
        if typ is None:
            res[key] = not (mm and mm.group(1).strip().lower() == 'escaped')
        else:
            # Only HTML is markup to convert; any other type (text, xhtml,
            # or a media type such as application/octet-stream, base64)
            # is kept as it is by feedparser too.
            res[key] = typ not in ('html', 'text/html')
    return res


def literal_ok(path):
    pm = STATE['plain']
    if path.startswith('feed.title'):
        return pm.get('feed.title', False)
    for k in ('title', 'summary', 'content'):
        if re.match(r'entries\[\d+\]\.%s' % k, path):
            return pm.get(k, False)
    return False


class UrlVal(Val):
    @staticmethod
    def norm(u):
        u = u.strip()
        try:
            s = urllib.parse.urlsplit(u)
            host = s.hostname or ''
            try:
                host = host.encode('ascii').decode('idna')
            except (UnicodeError, ValueError):
                pass
            netloc = s.netloc
            if s.hostname:
                netloc = netloc.replace(s.hostname, host) if s.hostname in netloc else netloc
            u = urllib.parse.urlunsplit((s.scheme.lower(), netloc, s.path, s.query, s.fragment))
        except ValueError:
            pass
        return urllib.parse.unquote(u)

    def same(self, other):
        mine = str.__str__(self)
        return mine == other or self.norm(mine) == self.norm(other)


class LangVal(Val):
    def same(self, other):
        return str.__str__(self).lower().replace('_', '-') == other.lower().replace('_', '-')


class AuthorVal(Val):
    def same(self, other):
        mine = ws(str.__str__(self))
        other = ws(html.unescape(other))
        if mine == other:
            return True
        m = re.match(r'^(.*?)\s*\(([^()]*@[^()]*)\)$', other)
        if m:
            name, mail = m.group(1).strip(), m.group(2).strip()
            return mine == name if name else mine == mail
        m = re.match(r'^(\S+@\S+)\s*\((.*)\)$', other)
        if m:
            return mine == m.group(2).strip()
        return False


def parse_ref_date(s):
    """Epoch seconds of an expected date string, or None."""
    s = s.strip()
    t = email.utils.parsedate_tz(s)
    if t and t[0] > 0:
        try:
            return email.utils.mktime_tz(t)
        except (OverflowError, ValueError):
            return None
    m = re.match(r'^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?'
                 r'\s*([Zz]|[+-]\d\d:?\d\d)?)?)?)?$', s)
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz = m.groups()
    secs = calendar.timegm((int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0),
                            int(ss or 0), 0, 0, 0))
    if tz and tz not in 'Zz':
        sign = 1 if tz[0] == '+' else -1
        tz = tz[1:].replace(':', '')
        secs -= sign * (int(tz[:2]) * 3600 + int(tz[2:]) * 60)
    return secs


def our_epoch(s):
    try:
        return calendar.timegm(time.strptime(s, '%Y-%m-%dT%H:%M:%SZ'))
    except ValueError:
        return None


class DateVal(Val):
    def same(self, other):
        mine = our_epoch(str.__str__(self))
        ref = parse_ref_date(other)
        return mine is not None and ref is not None and mine == ref


class ParsedVal(tuple):
    __hash__ = tuple.__hash__

    def __new__(cls, s, path):
        e = our_epoch(s)
        o = super().__new__(cls, tuple(time.gmtime(e)) if e is not None else (s,))
        o.path = path
        return o

    def __eq__(self, other):
        try:
            res = tuple(self) == tuple(other)[:9]
        except TypeError:
            res = False
        return _log(self.path, tuple(self), other, res)

    def __ne__(self, other):
        return not self.__eq__(other)


def make_id(scope, key):
    return hashlib.sha256((scope + '\n' + key).encode('utf-8')).hexdigest()[:32]


class IdVal(Val):
    def same(self, other):
        mine = str.__str__(self)
        if mine == other:
            return True
        keys = ['guid:' + other, other, 'guid:' + other.strip()]
        # feedparser resolves a relative atom:id against the base URL;
        # veille hashes the id as written: accept the path-absolute form.
        sp = urllib.parse.urlsplit(other)
        if sp.scheme in ('http', 'https') and sp.path.startswith('/'):
            rel = urllib.parse.urlunsplit(('', '', sp.path, sp.query, sp.fragment))
            keys += ['guid:' + rel]
        for scope in STATE['id_scopes']:
            for key in keys:
                if make_id(scope, key) == mine:
                    return True
        return False


class FPDict(dict):
    """A feedparser-like dict: attribute access, has_key, aliases."""
    ALIASES = {'description': 'summary', 'description_detail': 'summary_detail',
               'guid': 'id', 'issued': 'published', 'issued_parsed': 'published_parsed',
               'modified': 'updated', 'modified_parsed': 'updated_parsed',
               'date': 'updated', 'date_parsed': 'updated_parsed', 'url': 'href'}

    def __init__(self, path, **kw):
        super().__init__(**kw)
        self._path = path

    def _key(self, k):
        if not dict.__contains__(self, k) and k in self.ALIASES:
            return self.ALIASES[k]
        return k

    # Text fields veille leaves out when they convert to nothing: an absent
    # one reads as empty text, so it equals an expected value that has no
    # text either ('<img src=...>'), and nothing else.
    TEXT_KEYS = ('title', 'summary', 'value')

    def __getitem__(self, k):
        k2 = self._key(k)
        if not dict.__contains__(self, k2):
            if k2 in self.TEXT_KEYS:
                return TextVal('', '%s.%s (absent)' % (self._path, k))
            if k2 == 'content' and self._path.startswith('entries['):
                return FPList(self._path + '.content', [FPDict(self._path + '.content[0]')])
            if k2 == 'title_detail' or k2 == 'summary_detail':
                return FPDict('%s.%s' % (self._path, k2))
            raise KeyError('%s[%r] missing from our output' % (self._path, k))
        return dict.__getitem__(self, k2)

    def __contains__(self, k):
        return dict.__contains__(self, self._key(k))

    def has_key(self, k):
        return k in self

    def get(self, k, default=None):
        return self[k] if k in self else default

    def __getattr__(self, k):
        if k.startswith('_'):
            raise AttributeError(k)
        try:
            return self[k]
        except KeyError as e:
            raise AttributeError(str(e))


class EnclosureDict(FPDict):
    def __eq__(self, other):
        if not isinstance(other, dict):
            return False
        mine = {k: str.__str__(v) for k, v in dict.items(self) if k in ('href', 'type', 'length')}
        res = mine == {k: str(v) for k, v in other.items()}
        return _log(self._path, mine, other, res)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None


class FPList(list):
    def __init__(self, path, it=()):
        super().__init__(it)
        self._path = path

    def __getitem__(self, i):
        try:
            return list.__getitem__(self, i)
        except IndexError:
            raise IndexError('%s[%r] missing from our output (%d present)' % (self._path, i, len(self)))


def doc_links_ok(text):
    """Every link of the document is alternate/enclosure (see docstring)."""
    for m in re.finditer(r'<(?:[\w.-]+:)?link\b([^>]*)>', text):
        rm = re.search(r'\brel\s*=\s*["\']([^"\']*)["\']', m.group(1))
        if rm and rm.group(1).strip() not in ('alternate', 'enclosure'):
            return False
    return True


def enclosure_first(text):
    i = re.search(r'<(?:[\w.-]+:)?(?:item|entry)\b', text)
    body = text[i.start():] if i else text
    enc = re.search(r'<(?:[\w.-]+:)?enclosure\b|rel\s*=\s*["\']enclosure', body)
    alt = re.search(r'<(?:[\w.-]+:)?link\b(?![^>]*rel\s*=\s*["\']enclosure)', body)
    return bool(enc and (not alt or enc.start() < alt.start()))


def num_str(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def build_entry(item, i, doctext):
    p = 'entries[%d]' % i
    e = FPDict(p)
    s = item.get
    if isinstance(s('title'), str):
        e['title'] = TextVal(s('title'), p + '.title')
        e['title_detail'] = FPDict(p + '.title_detail', value=e['title'])
    if isinstance(s('url'), str):
        e['link'] = UrlVal(s('url'), p + '.link(url)')
    if isinstance(s('id'), str):
        e['id'] = IdVal(s('id'), p + '.id')
    if isinstance(s('published'), str):
        e['published'] = DateVal(s('published'), p + '.published')
        e['published_parsed'] = ParsedVal(s('published'), p + '.published_parsed')
    upd = s('updated') if isinstance(s('updated'), str) else s('published')
    if isinstance(upd, str):
        e['updated'] = DateVal(upd, p + '.updated')
        e['updated_parsed'] = ParsedVal(upd, p + '.updated_parsed')
    if isinstance(s('author'), str):
        e['author'] = AuthorVal(s('author'), p + '.author')
        e['author_detail'] = FPDict(p + '.author_detail',
                                    name=TextVal(s('author'), p + '.author_detail.name(author)'))
        e['authors'] = FPList(p + '.authors', [e['author_detail']])
    summ = s('summary') if isinstance(s('summary'), str) else s('content')
    if isinstance(summ, str):
        e['summary'] = TextVal(summ, p + '.summary')
        e['summary_detail'] = FPDict(p + '.summary_detail', value=e['summary'])
    if isinstance(s('content'), str):
        e['content'] = FPList(p + '.content', [FPDict(p + '.content[0]',
                                                      value=TextVal(s('content'), p + '.content'))])
    cats = s('categories') if isinstance(s('categories'), list) else []
    if cats:
        e['tags'] = FPList(p + '.tags', [FPDict('%s.tags[%d]' % (p, j),
                                                term=TextVal(c, '%s.categories[%d]' % (p, j)))
                                         for j, c in enumerate(cats) if isinstance(c, str)])
        e['category'] = e['tags'][0]['term']
    encs = FPList(p + '.enclosures')
    for j, en in enumerate(s('enclosures') if isinstance(s('enclosures'), list) else []):
        if not isinstance(en, dict):
            continue
        ep = '%s.enclosures[%d]' % (p, j)
        d = EnclosureDict(ep)
        if 'url' in en:
            d['href'] = UrlVal(str(en['url']), ep + '.url')
        if 'type' in en:
            d['type'] = Val(str(en['type']), ep + '.type')
        if 'length' in en:
            d['length'] = Val(num_str(en['length']), ep + '.length')
        encs.append(d)
    if encs:
        e['enclosures'] = encs
    if doc_links_ok(doctext):
        links = FPList(p + '.links')
        if 'link' in e:
            links.append(FPDict(p + '.links(url)', rel=Val('alternate', p + '.links.rel'),
                                href=e['link']))
        encl = [FPDict(p + '.links(enclosure)', rel=Val('enclosure', p + '.links.rel'),
                       href=d['href']) for d in encs if 'href' in d]
        if enclosure_first(doctext):
            links[0:0] = encl
        else:
            links.extend(encl)
        e['links'] = links
    if isinstance(s('image'), str):
        e['media_thumbnail'] = FPList(p + '.media_thumbnail', [FPDict(
            p + '.media_thumbnail[0]', url=UrlVal(s('image'), p + '.image'))])
    if isinstance(s('lang'), str):
        e['language'] = LangVal(s('lang'), p + '.lang')
    return e


def build_feed(item):
    f = FPDict('feed')
    if item is None:
        return f
    src = item.get('source') if isinstance(item.get('source'), dict) else {}
    if isinstance(src.get('title'), str):
        f['title'] = TextVal(src['title'], 'feed.title(source.title)')
        f['title_detail'] = FPDict('feed.title_detail', value=f['title'])
    if isinstance(src.get('site_url'), str):
        f['link'] = UrlVal(src['site_url'], 'feed.link(source.site_url)')
    if isinstance(item.get('lang'), str):
        f['language'] = LangVal(item['lang'], 'feed.language(lang)')
    return f


# ---------------------------------------------------------------- applicability

ENTRY_MAPPED = re.compile(r'''^(?:
    title | title_detail\.value | link | id | guid
  | (?:published|issued|updated|modified|date)(?:_parsed)?
  | author | author_detail\.name | authors\.0\.name
  | summary | description | (?:summary|description)_detail\.value
  | content\.0\.value
  | tags | tags\.\d+\.term | category
  | enclosures | enclosures\.\d+ | enclosures\.\d+\.(?:href|url|type|length)
  | links | links\.\d+\.(?:href|rel)
  | media_thumbnail\.0\.url
  | language
)$''', re.X)
FEED_MAPPED = re.compile(r'^(?:title|title_detail\.value|link|language)$')
FUNCS = {'len', 'ord', 'str', 'None', 'True', 'False'}

REASONS = [
    (r'itunes', 'itunes_* podcast metadata (not in the record)'),
    (r'where|geo|georss', 'geo location (not in the record)'),
    (r'psc_', 'podcast chapters (not in the record)'),
    (r'_detail\.(type|base|language)$|content\.\d+\.(type|base|language|src)$',
     'per-field type/base/language detail (veille outputs plain text, one lang per item)'),
    (r'^entries\.\d+\.source', "entry's atom:source / RSS <source> (veille's source is the fetched feed)"),
    (r'author_detail\.(email|url|href)|authors\.(\d+|[1-9]\d*)\.|authors\.[1-9]|contributors|publisher',
     'author e-mail/URL, extra authors, contributors, publisher (veille keeps one display name)'),
    (r'^feed\.(subtitle|tagline|info|description|rights|copyright|generator|id|guid|icon|logo|image|'
     r'author|authors|tags|category|categories|docs|ttl|cloud|textinput|errorreportsto|publisher|'
     r'contributors|links|updated|published|created|validity|license|dc_|feedburner|thr_)',
     'feed-level field veille does not output (only title, link, language reach items)'),
    (r'links', 'links other than one alternate + enclosures, or link type/title/hreflang/length'),
    (r'tags\.\d+\.(scheme|label)|tags\.\d+$|categories',
     'category scheme/label (veille keeps the term)'),
    (r'media_', 'media:* details other than the thumbnail'),
    (r'rights|copyright|license|comments|wfw_|created|expired|thr_|madeup|abcdefg|cc_|'
     r'guidislink|content\.\d+$|content$|image|summary_detail$|title_detail$|enclosures\.\d+\.\w+',
     'entry field veille does not output (rights, license, comments, created, expired, ...)'),
]
NAME_REASONS = {
    'version': 'parser metadata: version', 'encoding': 'parser metadata: encoding',
    'headers': 'HTTP response metadata', 'etag': 'HTTP response metadata',
    'modified': 'HTTP response metadata', 'modified_parsed': 'HTTP response metadata',
    'namespaces': 'parser metadata: namespaces', 'locals': 'HTTP response metadata',
    'bozo': 'bozo (well-formedness) flag only', 'bozo_exception': 'bozo (well-formedness) flag only',
    'feedparser': 'bozo (well-formedness) flag only', 'status': 'HTTP response metadata',
    'href': 'HTTP response metadata', 'datetime': 'podcast chapters (not in the record)',
}


def strip_bozo(expr):
    e = expr.strip()
    e = re.sub(r'^not\s+bozo\s+and\s+', '', e)
    e = re.sub(r'^bozo\s+and\s+', '', e)
    return e


def chain(node):
    """(root, [keys]) for feed[...]/entries[...].x chains, else None."""
    keys = []
    while True:
        if isinstance(node, ast.Subscript):
            sl = node.slice
            if isinstance(sl, ast.Constant) and isinstance(sl.value, (str, int)):
                keys.append(sl.value)
            else:
                keys.append('?')
            node = node.value
        elif isinstance(node, ast.Attribute):
            keys.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, list(reversed(keys))
        else:
            return None


def classify(expect, probe_possible, has_entries_doc, links_ok=True):
    """(status, detail): status 'ok' (applicable), 'na'; detail: reason or
    flags. feed_level is set when the Expect reads feed-level keys."""
    e = strip_bozo(expect)
    if not e or e in ('1', 'True'):
        return 'na', 'no condition beyond bozo/well-formedness', False
    try:
        tree = ast.parse(e, mode='eval')
    except SyntaxError:
        return 'na', 'Expect not valid Python 3', False
    paths = []
    parents = {}
    for n in ast.walk(tree):
        for c in ast.iter_child_nodes(n):
            parents[c] = n
    feed_level = False
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            par = parents.get(n)
            if n.id in ('feed', 'entries'):
                continue
            if n.id in FUNCS:
                continue
            return 'na', NAME_REASONS.get(n.id, 'name %s not mapped' % n.id), False
        if isinstance(n, (ast.Subscript, ast.Attribute)):
            par = parents.get(n)
            if isinstance(par, (ast.Subscript, ast.Attribute)) and getattr(par, 'value', None) is n:
                continue          # not the outermost link of the chain
            ch = chain(n)
            if not ch:
                continue
            root, keys = ch
            if isinstance(par, ast.Call) and par.func is n and keys and keys[-1] in ('has_key', 'get'):
                keys = keys[:-1]
                if par.args and isinstance(par.args[0], ast.Constant):
                    keys.append(par.args[0].value)
            paths.append((root, keys))
        if isinstance(n, ast.Compare) and isinstance(n.left, ast.Constant) and \
                any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops):
            for c in n.comparators:
                ch = chain(c)
                if ch:
                    paths.append((ch[0], ch[1] + [n.left.value]))
    for root, keys in paths:
        ks = '.'.join(str(k) for k in keys)
        if root == 'entries':
            if not keys:
                continue
            if not isinstance(keys[0], int):
                return 'na', 'entries.%s not mapped' % ks, False
            rest = '.'.join(str(k) for k in keys[1:])
            if rest and not ENTRY_MAPPED.match(rest):
                return 'na', reason_for('entries.%s' % ks), False
            if rest.startswith('links') and not links_ok:
                return 'na', reason_for('entries.%s' % ks), False
        elif root == 'feed':
            if not keys:
                return 'na', 'whole feed object', False
            if not FEED_MAPPED.match(ks):
                return 'na', reason_for('feed.' + ks), False
            feed_level = True
    if feed_level and not has_entries_doc and not probe_possible:
        return 'na', 'feed-level condition, no entry and no probe possible', True
    return 'ok', '', feed_level


def reason_for(path):
    for pat, why in REASONS:
        if re.search(pat, path):
            return why
    return 'not mapped: ' + re.sub(r'\.\d+', '[]', path)


# ---------------------------------------------------------------- sanitize

JS = re.compile(r'(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:', re.I)


def all_strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from all_strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from all_strings(x)


def hidden_texts(doc):
    texts = set()
    cur = doc
    # base64 content (Atom mode="base64" or a media type): decoded too
    for m in re.finditer(r'>\s*([A-Za-z0-9+/=\s]{16,})\s*<', doc):
        try:
            cur += '\n' + base64.b64decode(re.sub(r'\s+', '', m.group(1)), validate=True).decode(
                'utf-8', 'replace')
        except (ValueError, binascii.Error):
            pass
    for _ in range(3):
        for m in re.finditer(r'<(script|style)\b[^>]*>(.*?)</\1\s*>', cur, re.I | re.S):
            t = ws(m.group(2).replace('<![CDATA[', '').replace(']]>', ''))
            if len(t) >= 4:
                texts.add(t)
        cur = html.unescape(cur)
    return texts


def sanitize_check(items, doc):
    strings = [s for it in items for k, s in
               ((k, s) for k, v in it.items() if k not in ('id', 'fetched_at')
                for s in all_strings(v))]
    for s in strings:
        if re.search(r'<\s*script', s, re.I):
            return 'output contains "<script": %r' % s[:200]
        if JS.search(s):
            return 'output contains a javascript:/vbscript: URL: %r' % s[:200]
    norm = [ws(s) for s in strings]
    for t in hidden_texts(doc):
        for s in norm:
            if t in s:
                return 'text from inside <script>/<style> reached the output: %r' % t[:120]
    return None


# ---------------------------------------------------------------- one case

def evaluate(case, run, probe_run, feed_level, doctext):
    """(passed, cause, used_probe)."""
    del CMP_LOG[:]
    STATE['plain'] = plain_elements(doctext)
    scopes = ['', case.path, os.path.abspath(case.path), 'file://' + os.path.abspath(case.path)]
    if case.use_record:
        scopes.insert(0, make_record(case, '')['url'])
    items = [it for it in run.items if 'error' not in it or 'title' in it or 'url' in it]
    entries = FPList('entries', [build_entry(it, i, doctext) for i, it in enumerate(items)])
    used_probe = False
    feed_item = items[0] if items else None
    if feed_level and not items and probe_run is not None:
        used_probe = True
        cand = [it for it in probe_run.items if it.get('title') == PROBE]
        feed_item = cand[0] if cand else (probe_run.items[0] if probe_run.items else None)
    for it in items[:1] + ([feed_item] if feed_item else []):
        src = it.get('source') if isinstance(it.get('source'), dict) else {}
        if isinstance(src.get('url'), str):
            scopes.insert(0, src['url'])
    STATE['id_scopes'] = scopes
    feed = build_feed(feed_item)
    env = {'feed': feed, 'entries': entries}
    try:
        res = eval(strip_bozo(case.expect), {'__builtins__': {'len': len, 'ord': ord, 'str': str}}, env)
    except (KeyError, IndexError, AttributeError) as ex:
        msg = ex.args[0] if ex.args else str(ex)
        if feed_level and used_probe and feed_item is None:
            msg = 'probe entry produced no item; ' + str(msg)
        return False, str(msg), used_probe
    except Exception as ex:      # TypeError etc.: report, count as failure
        return False, '%s: %s' % (type(ex).__name__, ex), used_probe
    if res:
        return True, '', used_probe
    bad = [c for c in CMP_LOG if not c[3]]
    if bad:
        cause = '; '.join('%s: got %r, want %r' % (c[0], c[1], c[2]) for c in bad[:3])
    else:
        cause = 'expression false (%s)' % ', '.join('%s=%r' % (c[0], c[1]) for c in CMP_LOG[:3])
    return False, cause, used_probe


def do_case(binary, case, timeout):
    r = {'file': case.rel, 'group': case.group, 'category': case.category,
         'expect': case.expect, 'description': case.description, 'record': case.use_record}
    run = run_parse(binary, case, timeout=timeout)
    r['crash'] = run.crash()
    r['stderr'] = run.err.decode('utf-8', 'replace')[-2000:]
    r['output'] = run.out.decode('utf-8', 'replace')[:4000]
    doctext = case.text if not case.use_record else decode_body(
        case.raw, content_type_parts(case.headers.get('content-type', ''))[1])
    has_items_doc = bool(re.search(r'<(?:[\w.-]+:)?(?:item|entry)[\s>/]', doctext, re.I)) or \
        case.rel.endswith('.json')
    # The probe is inserted in the bytes as they are (latin-1 maps bytes to
    # characters one to one) for files, in the decoded body for records.
    ascii_ok = b'\0' not in case.raw[:200]
    probe_doc = None
    if ascii_ok:
        probe_doc = probe_document(doctext if case.use_record else case.raw.decode('latin-1'))
    status, reason, feed_level = classify(case.expect, probe_doc is not None, has_items_doc,
                                          doc_links_ok(doctext))
    if case.category in CATEGORY_NA:
        status, reason = 'na', CATEGORY_NA[case.category]
    r['status'], r['reason'] = status, reason
    probe_run = None
    if status == 'ok' and feed_level and not run.items and probe_doc is not None and not r['crash']:
        probe_run = run_parse(binary, case, doc_override=probe_doc, timeout=timeout)
        if probe_run.crash():
            r['crash'] = 'probe run: ' + probe_run.crash()
        r['probe_output'] = probe_run.out.decode('utf-8', 'replace')[:4000]
    if r['crash']:
        r['passed'], r['cause'] = False, 'crash: ' + r['crash']
        if status == 'na':
            r['status'] = 'ok'     # a crash is never "not applicable"
        return r
    if status == 'na':
        return r
    passed, cause, used_probe = evaluate(case, run, probe_run, feed_level, doctext)
    r['probe'] = used_probe
    if case.category == 'sanitize':
        r['text_passed'] = passed
        r['text_cause'] = cause
        bad = sanitize_check(run.items + (probe_run.items if probe_run else []), doctext)
        r['passed'], r['cause'] = bad is None, bad or ''
    else:
        r['passed'], r['cause'] = passed, cause
    return r


# ---------------------------------------------------------------- main

def collect(root, only):
    cases = []
    for top in [WELLFORMED] + CRASH_ONLY:
        d = os.path.join(root, top)
        if not os.path.isdir(d):
            continue
        for dp, dn, fn in os.walk(d):
            dn.sort()
            for f in sorted(fn):
                if not (f.endswith('.xml') or f.endswith('.json')):
                    continue
                p = os.path.join(dp, f)
                if only and not re.search(only, os.path.relpath(p, root)):
                    continue
                cases.append(Case(root, p))
    return cases


def main():
    ap = argparse.ArgumentParser(description='veille-parse vs feedparser test cases')
    ap.add_argument('--bin', required=True, help='directory holding veille-parse')
    ap.add_argument('--corpus', required=True, help='feedparser corpus directory')
    ap.add_argument('--min', type=float, default=0.95, help='minimum well-formed pass rate')
    ap.add_argument('--verbose', '-v', action='store_true', help='list every failure')
    ap.add_argument('--list-na', action='store_true', help='list every n/a case with its reason')
    ap.add_argument('--only', help='regex on corpus-relative paths')
    ap.add_argument('--jobs', '-j', type=int, default=max(2, os.cpu_count() or 2))
    ap.add_argument('--timeout', type=float, default=60)
    ap.add_argument('--summary', help='write a JSON summary (and every result) here')
    a = ap.parse_args()

    binary = os.path.join(a.bin, 'veille-parse')
    if not os.access(binary, os.X_OK):
        print('feedparser.sh: %s: not found or not executable' % binary, file=sys.stderr)
        return 2
    if not os.path.isdir(os.path.join(a.corpus, WELLFORMED)):
        print('feedparser.sh: %s: no feedparser corpus there' % a.corpus, file=sys.stderr)
        return 2
    cases = collect(a.corpus, a.only)
    if not cases:
        print('feedparser.sh: no case selected', file=sys.stderr)
        return 2
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(lambda c: do_case(binary, c, a.timeout), cases))
    elapsed = time.time() - t0

    # Per-category table.
    cats = {}
    for r in results:
        key = (r['group'], r['category'])
        c = cats.setdefault(key, {'cases': 0, 'appl': 0, 'pass': 0, 'fail': 0, 'na': 0,
                                  'reasons': {}, 'text_appl': 0, 'text_pass': 0})
        c['cases'] += 1
        if r['status'] == 'na':
            c['na'] += 1
            c['reasons'][r['reason']] = c['reasons'].get(r['reason'], 0) + 1
        else:
            c['appl'] += 1
            c['pass' if r['passed'] else 'fail'] += 1
            if 'text_passed' in r:
                c['text_appl'] += 1
                c['text_pass'] += r['text_passed']

    def line(name, c):
        rate = '%6.1f%%' % (100.0 * c['pass'] / c['appl']) if c['appl'] else '      -'
        return '%-22s %6d %6d %6d %6d %6d %s' % (name, c['cases'], c['appl'], c['pass'],
                                                 c['fail'], c['na'], rate)
    head = '%-22s %6s %6s %6s %6s %6s %7s' % ('category', 'cases', 'appl', 'pass', 'fail', 'n/a', 'rate')
    print('feedparser conformance of %s (%d documents, %.0f s)' % (binary, len(results), elapsed))
    print(head)
    tot = {'cases': 0, 'appl': 0, 'pass': 0, 'fail': 0, 'na': 0}
    for (g, cat), c in sorted(cats.items()):
        if g != WELLFORMED:
            continue
        print(line(cat, c))
        for k in tot:
            tot[k] += c[k]
    print(line('WELL-FORMED TOTAL', tot))
    rate = tot['pass'] / tot['appl'] if tot['appl'] else 0.0
    print('informative (not in the rate):')
    for (g, cat), c in sorted(cats.items()):
        if g != WELLFORMED:
            print(line(cat, c))
    for (g, cat), c in sorted(cats.items()):
        if c['text_appl']:
            print('%-22s sanitize Expect as plain text: %d/%d equal (informative)' % (
                cat, c['text_pass'], c['text_appl']))
    crashes = [r for r in results if r.get('crash')]
    print('crash check: %d documents (%d ill-formed/encoding/entities/json), %d crash(es) '
          'or sanitizer report(s)' % (len(results), sum(r['group'] != WELLFORMED for r in results),
                                      len(crashes)))
    print('not applicable, by reason (well-formed):')
    reasons = {}
    for (g, cat), c in sorted(cats.items()):
        if g != WELLFORMED:
            continue
        for why, n in c['reasons'].items():
            reasons.setdefault(why, []).append('%s %d' % (cat, n))
    for why, where in sorted(reasons.items(), key=lambda kv: -sum(int(x.split()[-1]) for x in kv[1])):
        print('  %4d  %s  [%s]' % (sum(int(x.split()[-1]) for x in where), why, ', '.join(where)))

    for r in crashes:
        print('CRASH %s: %s' % (r['file'], r['crash']))
    if a.verbose:
        for r in results:
            if r['status'] == 'na' or r.get('passed', True):
                continue
            print('\nFAIL%s %s%s%s' % ('' if r['group'] == WELLFORMED else ' (informative)', r['file'], ' [record]' if r['record'] else '',
                                     ' [probe]' if r.get('probe') else ''))
            print('  description: %s' % r['description'])
            print('  expect:      %s' % r['expect'])
            print('  cause:       %s' % r['cause'])
            out = r.get('probe_output') if r.get('probe') else r['output']
            for ln in (out or '(no output)').splitlines()[:4]:
                print('  output:      %s' % ln[:600])
            errs = [ln for ln in r['stderr'].splitlines() if ln.strip()][:3]
            for ln in errs:
                print('  stderr:      %s' % ln[:300])
    if a.list_na:
        for r in results:
            if r['status'] == 'na':
                print('N/A %s: %s | %s' % (r['file'], r['reason'], r['expect'][:160]))
    if a.summary:
        with open(a.summary, 'w') as f:
            json.dump({'rate': rate, 'min': a.min, 'applicable': tot['appl'], 'passed': tot['pass'],
                       'failed': tot['fail'], 'na': tot['na'], 'crashes': len(crashes),
                       'results': results}, f, ensure_ascii=False, indent=0)
    verdict = []
    if rate < a.min:
        verdict.append('pass rate %.1f%% under the minimum %.1f%%' % (100 * rate, 100 * a.min))
    if crashes:
        verdict.append('%d crash(es)' % len(crashes))
    print('well-formed pass rate: %.1f%% (%d/%d applicable, %d n/a); minimum %.1f%%: %s' % (
        100 * rate, tot['pass'], tot['appl'], tot['na'], 100 * a.min,
        'FAILED: ' + '; '.join(verdict) if verdict else 'ok'))
    return 1 if verdict else 0


if __name__ == '__main__':
    sys.exit(main())
