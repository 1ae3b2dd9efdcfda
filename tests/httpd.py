#!/usr/bin/env python3
"""httpd.py -- the loopback HTTP server of the veille test suite.

Python 3 standard library only. It never listens beyond 127.0.0.x and it
exits by itself after --lifetime seconds, so nothing outlives a test run.

Starting it
    httpd.py [--root DIR] [--log FILE] [--hosts N] [--port P]
             [--lifetime SECONDS] [--port-file FILE] [--background]

    --hosts N      listen on 127.0.0.1 .. 127.0.0.N, all on the same port
                   (per-host tests tell hosts apart by address)
    --port P       port to use (default: a free one)
    --port-file F  write the port there once listening
    --background   detach: print "PORT PID" on stdout once listening and
                   return; the server runs on (stop it with kill PID)
    --lifetime S   exit after S seconds whatever happens (default 600)
    --tls          speak HTTPS, with the self-signed certificate for
                   127.0.0.1 below (clients must not trust it: that is the
                   point, see the tls tests; --insecure gets through)

    A bats file typically starts one in setup_file:
        read -r PORT SPID < <("$PY" "$TESTS/httpd.py" --background \
            --root "$BATS_FILE_TMPDIR/www")
    has setup() switch the log to the test's own file (bash only):
        exec 4<>"/dev/tcp/127.0.0.1/$PORT"
        printf 'GET /_control/log?path=%s HTTP/1.0\r\n\r\n' "$LOG" >&4
        head -n 1 <&4; exec 4<&-
    and kills "$SPID" in teardown_file.

Request log (--log FILE, or switched by GET /_control/log?path=FILE)
    A request is logged to the file current when it began (so a handler
    still running when a test switches the log cannot leak into the next
    test's log); control requests are not logged.
    One JSON object a line per request, written just before the response
    goes out (so it is there once the client has the answer): t0, t1
    (epoch seconds when the request was read and when the answer was
    ready), addr (the 127.0.0.x the
    request came to), host (Host header), method, path (with the query),
    ua, inm (If-None-Match), ims (If-Modified-Since), ae (Accept-Encoding),
    accept (Accept),
    inflight (requests being handled for that addr when this one began,
    itself included; a handler leaves the count before it writes its
    response, so the count never exceeds what the client has in flight),
    inflight_all (the same over all addresses).

Static fixtures (generic; other suites reuse them)
    GET /static/<path>     serves DIR/<path> from --root DIR.
    When the request has a query string, DIR/<path>__<query> is served
    instead if it exists, where <query> has every character outside
    [A-Za-z0-9._-] replaced by "_" (so /static/api.json?since_id=5 looks
    for DIR/api.json__since_id_5 first).
    An optional sidecar DIR/<file>.headers holds lines "Status: 429" and
    "Header-Name: value" (repeatable; "#" comments) to set the status and
    headers. Content-Type defaults from the extension. When the headers
    include ETag or Last-Modified and the request's If-None-Match or
    If-Modified-Since matches, the answer is 304 without a body.
    GET /robots.txt        serves DIR/robots.txt the same way, else 404.

Fault-injection and fixed endpoints
    /_control/log?path=F   log the requests that begin from now on to F
    /ok                    200 "ok"
    /echo-ua               200, body is the User-Agent received
    /etag                  ETag "e1"; If-None-Match "e1" -> 304
    /lastmod               Last-Modified; If-Modified-Since equal -> 304
    /same                  the same body each time, no validators
    /counter/<key>         a body that changes on every request
    /gzip                  gzip Content-Encoding when accepted
    /badgzip               Content-Encoding gzip with a corrupt body
    /gzipbomb?size=N       N bytes of text, gzip-compressed (tiny on the wire)
    /slow?s=S              answers after S seconds (default 3)
    /delay/<N>ms           answers after N milliseconds (bench, per-host tests)
    /status/<code>[?retry-after=V]   that status (Retry-After: V when given)
    /flaky/<key>?fail=N&code=C[&retry-after=V]
                           the first N requests for <key> get C, then 200
    /redirect/<n>          a chain of n redirects ending in 200 "landed"
    /loop                  redirects to itself forever
    /redirect-to?url=U     302 to U (any scheme: file://, ftp://...)
    /big?size=N            N bytes with Content-Length
    /big-chunked?size=N    N bytes, chunked (no Content-Length)
    /truncated             Content-Length 1000, 100 bytes sent, then close
    /close                 closes the connection without answering
    /charset/<case>        cp1252-http, cp1252-decl, utf16, utf16-http,
                           html-meta, latin1-text, bad-utf8, json, upper-ctype
    /binary                image/png with NUL bytes
    /octet                 application/octet-stream, binary
    /octet-feed            application/octet-stream holding an RSS document
    /nul-text              text/plain containing NUL bytes
    /headers               Content-Language, Link (twice), X-RateLimit-*,
                           RateLimit-Policy and an unrelated X-Other header
"""

import argparse
import gzip
import json
import mimetypes
import os
import re
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOG_LOCK = threading.Lock()
LOG_FP = None       # the current log; each request keeps the one it began with
STATE_LOCK = threading.Lock()
COUNTERS = {}
INFLIGHT = {}

RSS_UTF8 = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0"><channel><title>Caf\u00e9 \u20ac</title>'
            '<item><title>One</title><link>http://example.org/1</link></item>'
            '</channel></rss>\n')
LASTMOD = "Sat, 01 Nov 2025 10:00:00 GMT"

# Self-signed, for 127.0.0.1 and localhost, valid for a century (made with
# openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1).
TEST_CERT_AND_KEY = """\
-----BEGIN CERTIFICATE-----
MIIBrTCCAVOgAwIBAgIULVbYxI9VB9PzRzZywCUBskwfeqIwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSdmVpbGxlIHRlc3Qgc2VydmVyMCAXDTI2MTEyMzIwMDgyOFoY
DzIxMjYxMDMwMjAwODI4WjAdMRswGQYDVQQDDBJ2ZWlsbGUgdGVzdCBzZXJ2ZXIw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASY80i41xos4Y4+ZenQ84HizOh/qCrj
Jf1lyTHJklzAQTCFr6H0RH1Vjn3kqIGcyJ0cnN2JQAYYjCFgsJct1Ckro28wbTAd
BgNVHQ4EFgQUf6DAa7zIteTtoljGBcBtDf0KWCQwHwYDVR0jBBgwFoAUf6DAa7zI
teTtoljGBcBtDf0KWCQwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAAB
gglsb2NhbGhvc3QwCgYIKoZIzj0EAwIDSAAwRQIhAMVKT/W4fVfBQS2JCxFqiqF3
e+2hk+qTBvRZUCZC+Ya8AiBbHQ3+ACtQgN2FDV27VujJzU8KnpG7G4fZ4OIJLoFO
Iw==
-----END CERTIFICATE-----
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVcUf+ZzL1kLRm5u/
Mc8mRXqSsbYs895hGsj4cQFzCd2hRANCAASY80i41xos4Y4+ZenQ84HizOh/qCrj
Jf1lyTHJklzAQTCFr6H0RH1Vjn3kqIGcyJ0cnN2JQAYYjCFgsJct1Ckr
-----END PRIVATE KEY-----
"""


def log(fp, entry):
    if fp is None:
        return
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    with LOG_LOCK:
        fp.write(line + "\n")
        fp.flush()


def switch_log(path):
    global LOG_FP
    fp = open(path, "a", encoding="utf-8")
    with LOG_LOCK:
        LOG_FP = fp     # the old one stays open for requests still running


def safe_query(q):
    return re.sub(r"[^A-Za-z0-9._-]", "_", q)


def read_sidecar(path):
    status, headers = 200, []
    try:
        with open(path + ".headers", encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#") or ":" not in line:
                    continue
                k, v = line.split(":", 1)
                k, v = k.strip(), v.strip()
                if k.lower() == "status":
                    status = int(v.split()[0])
                else:
                    headers.append((k, v))
    except FileNotFoundError:
        pass
    return status, headers


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "veille-test-httpd"
    sys_version = ""
    # Headers and body leave in one write, without Nagle's algorithm:
    # otherwise each response stalls 40 ms on the client's delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    # -- bookkeeping ---------------------------------------------------
    def _enter(self):
        self.addr = self.connection.getsockname()[0]
        self.t0 = time.time()
        self.logfp = LOG_FP
        with STATE_LOCK:
            INFLIGHT[self.addr] = INFLIGHT.get(self.addr, 0) + 1
            INFLIGHT["*"] = INFLIGHT.get("*", 0) + 1
            self.inflight = INFLIGHT[self.addr]
            self.inflight_all = INFLIGHT["*"]
        self.left = False

    def _leave(self):
        # Called just before the response goes out: the log line is on
        # disk before the client can see the answer.
        if not self.left:
            with STATE_LOCK:
                INFLIGHT[self.addr] -= 1
                INFLIGHT["*"] -= 1
            self.left = True
            self._log()

    def _log(self):
        h = self.headers
        log(self.logfp, {"t0": round(self.t0, 4), "t1": round(time.time(), 4),
             "addr": self.addr, "host": h.get("Host"),
             "method": self.command, "path": self.path,
             "ua": h.get("User-Agent"), "inm": h.get("If-None-Match"),
             "ims": h.get("If-Modified-Since"),
             "ae": h.get("Accept-Encoding"), "accept": h.get("Accept"),
             "inflight": self.inflight,
             "inflight_all": self.inflight_all})

    # -- responses -----------------------------------------------------
    def send(self, status, body=b"", headers=(), ctype="text/plain"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self._leave()
        self.send_response(status)
        names = {k.lower() for k, _ in headers}
        if ctype and "content-type" not in names:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            if k.lower() != "content-length":
                self.send_header(k, v)
        length = dict((k.lower(), v) for k, v in headers).get("content-length")
        if length is None:
            length = str(len(body) if status not in (204, 304) else 0)
        self.send_header("Content-Length", length)
        if self.command != "HEAD" and status not in (204, 304):
            self._headers_buffer.append(b"\r\n" + body)
            self.flush_headers()
            if int(length) != len(body):
                self.close_connection = True
        else:
            self.end_headers()

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._enter()
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self._leave()

    def route(self):
        u = urllib.parse.urlsplit(self.path)
        path, q = u.path, urllib.parse.parse_qs(u.query)
        arg = lambda k, d=None: q.get(k, [d])[0]
        parts = path.strip("/").split("/")
        head = parts[0] if parts else ""

        if path == "/_control/log" and arg("path"):
            self.logfp = None
            switch_log(arg("path"))
            return self.send(200, "log switched\n")
        if head == "static":
            return self.static("/".join(parts[1:]), u.query)
        if path == "/robots.txt":
            return self.static("robots.txt", "")
        if path == "/ok":
            return self.send(200, "ok\n")
        if path == "/echo-ua":
            return self.send(200, self.headers.get("User-Agent", ""))
        if path == "/etag":
            if self.headers.get("If-None-Match") == '"e1"':
                return self.send(304, headers=[("ETag", '"e1"')])
            return self.send(200, RSS_UTF8, [("ETag", '"e1"')], "application/rss+xml")
        if path == "/lastmod":
            if self.headers.get("If-Modified-Since") == LASTMOD:
                return self.send(304)
            return self.send(200, RSS_UTF8, [("Last-Modified", LASTMOD)],
                             "application/rss+xml")
        if path == "/same":
            return self.send(200, RSS_UTF8, ctype="application/rss+xml")
        if head == "counter":
            with STATE_LOCK:
                n = COUNTERS[path] = COUNTERS.get(path, 0) + 1
            return self.send(200, "hit %d\n" % n)
        if path == "/gzip":
            body = ("gzip me " * 200).encode()
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                return self.send(200, gzip.compress(body),
                                 [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])
            return self.send(200, body)
        if path == "/badgzip":
            return self.send(200, b"this is not gzip at all" * 10,
                             [("Content-Encoding", "gzip")])
        if path == "/gzipbomb":
            size = int(arg("size", "1000000"))
            return self.send(200, gzip.compress(b"a" * size),
                             [("Content-Encoding", "gzip")])
        if path == "/slow":
            time.sleep(float(arg("s", "3")))
            return self.send(200, "slow\n")
        if head == "delay" and len(parts) == 2 and parts[1].endswith("ms"):
            time.sleep(int(parts[1][:-2]) / 1000.0)
            return self.send(200, "ok\n")
        if head == "status" and len(parts) == 2:
            code = int(parts[1])
            hdrs = [("Retry-After", arg("retry-after"))] if arg("retry-after") else []
            return self.send(code, "status %d\n" % code, hdrs)
        if head == "flaky" and len(parts) == 2:
            with STATE_LOCK:
                n = COUNTERS[path] = COUNTERS.get(path, 0) + 1
            if n <= int(arg("fail", "1")):
                hdrs = [("Retry-After", arg("retry-after"))] if arg("retry-after") else []
                code = int(arg("code", "503"))
                return self.send(code, "fail %d\n" % n, hdrs)
            return self.send(200, "recovered after %d\n" % (n - 1))
        if head == "redirect" and len(parts) == 2:
            n = int(parts[1])
            if n <= 0:
                return self.send(200, "landed\n")
            return self.send(302, "", [("Location", "/redirect/%d" % (n - 1))])
        if path == "/loop":
            return self.send(302, "", [("Location", "/loop")])
        if path == "/redirect-to":
            return self.send(302, "", [("Location", arg("url", "/ok"))])
        if path == "/big":
            return self.send(200, b"x" * int(arg("size", "1000")))
        if path == "/big-chunked":
            return self.chunked(int(arg("size", "1000")))
        if path == "/truncated":
            self._leave()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"y" * 100)
            self.wfile.flush()
            self.close_connection = True
            return
        if path == "/close":
            self._leave()
            self.close_connection = True
            return
        if head == "charset" and len(parts) == 2:
            return self.charset(parts[1])
        if path == "/binary":
            return self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
                             ctype="image/png")
        if path == "/octet":
            return self.send(200, bytes(range(256)) * 4, ctype="application/octet-stream")
        if path == "/octet-feed":
            return self.send(200, RSS_UTF8, ctype="application/octet-stream")
        if path == "/nul-text":
            return self.send(200, b"text\x00with\x00nuls\x00" * 10)
        if path == "/headers":
            return self.send(200, "headers\n", [
                ("Content-Language", "fr"),
                ("Link", '<http://example.org/2>; rel="next"'),
                ("Link", '<http://example.org/0>; rel="prev"'),
                ("X-RateLimit-Remaining", "42"),
                ("RateLimit-Policy", "100;w=60"),
                ("X-Other", "not kept")])
        return self.send(404, "no such endpoint\n")

    def chunked(self, size):
        self._leave()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"z" * 65536
        left = size
        while left > 0:
            n = min(left, len(chunk))
            self.wfile.write(b"%x\r\n" % n + chunk[:n] + b"\r\n")
            left -= n
        self.wfile.write(b"0\r\n\r\n")

    def charset(self, case):
        cafe = "caf\u00e9 \u20ac"
        if case == "cp1252-http":
            # The HTTP charset wins over the declaration (which lies here).
            return self.send(200, RSS_UTF8.encode("cp1252"),
                             ctype="application/rss+xml; charset=windows-1252")
        if case == "cp1252-decl":
            body = RSS_UTF8.replace('encoding="utf-8"', 'encoding="windows-1252"')
            return self.send(200, body.encode("cp1252"), ctype="application/xml")
        if case == "utf16":
            body = RSS_UTF8.replace('encoding="utf-8"', 'encoding="utf-16"')
            return self.send(200, b"\xff\xfe" + body.encode("utf-16-le"),
                             ctype="application/rss+xml")
        if case == "utf16-http":
            return self.send(200, ("text " + cafe + "\n").encode("utf-16"),
                             ctype="text/plain; charset=utf-16")
        if case == "html-meta":
            body = ('<!DOCTYPE html><html><head><meta charset="windows-1252">'
                    '<title>%s</title></head><body><p>%s</p></body></html>\n' % (cafe, cafe))
            return self.send(200, body.encode("cp1252"), ctype="text/html")
        if case == "latin1-text":
            return self.send(200, "caf\u00e9\n".encode("latin-1"),
                             ctype="text/plain; charset=ISO-8859-1")
        if case == "bad-utf8":
            return self.send(200, b"ok \xff\xfe bad\n", ctype="text/plain")
        if case == "json":
            return self.send(200, json.dumps({"k": cafe}, ensure_ascii=False),
                             ctype="application/json")
        if case == "upper-ctype":
            return self.send(200, RSS_UTF8, ctype="Application/RSS+XML; Charset=UTF-8")
        return self.send(404, "no such charset case\n")

    def static(self, rel, query):
        root = os.path.realpath(ARGS.root) if ARGS.root else None
        if not root:
            return self.send(404, "no --root\n")
        path = os.path.realpath(os.path.join(root, urllib.parse.unquote(rel)))
        if not (path == root or path.startswith(root + os.sep)):
            return self.send(403, "outside the root\n")
        if query and os.path.isfile(path + "__" + safe_query(query)):
            path = path + "__" + safe_query(query)
        if not os.path.isfile(path):
            return self.send(404, "no such file\n")
        with open(path, "rb") as f:
            body = f.read()
        status, headers = read_sidecar(path)
        names = {k.lower(): v for k, v in headers}
        ctype = None
        if "content-type" not in names:
            base = path.split("__")[0]
            ctype = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
                     ".xml": "application/xml", ".json": "application/json",
                     ".txt": "text/plain", ".html": "text/html"}.get(
                         os.path.splitext(base)[1].lower()) or \
                mimetypes.guess_type(base)[0] or "application/octet-stream"
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if status == 200 and ((inm and names.get("etag") == inm) or
                              (ims and names.get("last-modified") == ims)):
            return self.send(304, headers=[h for h in headers
                                           if h[0].lower() in ("etag", "last-modified")],
                             ctype=None)
        return self.send(status, body, headers, ctype)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def bind_all(nhosts, port):
    for _ in range(50):
        servers = []
        try:
            first = Server(("127.0.0.1", port), Handler)
            servers.append(first)
            p = first.server_address[1]
            for i in range(2, nhosts + 1):
                servers.append(Server(("127.0.0.%d" % i, p), Handler))
            return servers, p
        except OSError:
            for s in servers:
                s.server_close()
            if port:
                raise
    raise OSError("no free port for %d hosts" % nhosts)


def main():
    global ARGS
    ap = argparse.ArgumentParser(description="loopback HTTP server for the veille tests")
    ap.add_argument("--root")
    ap.add_argument("--log")
    ap.add_argument("--hosts", type=int, default=1)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--lifetime", type=float, default=600)
    ap.add_argument("--background", action="store_true")
    ap.add_argument("--tls", action="store_true")
    ARGS = ap.parse_args()
    if not 1 <= ARGS.hosts <= 254:
        ap.error("--hosts: 1 to 254")

    servers, port = bind_all(ARGS.hosts, ARGS.port)
    if ARGS.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with tempfile.NamedTemporaryFile("w", suffix=".pem") as f:
            f.write(TEST_CERT_AND_KEY)
            f.flush()
            ctx.load_cert_chain(f.name)
        for s in servers:
            s.socket = ctx.wrap_socket(s.socket, server_side=True)
    if ARGS.background:
        pid = os.fork()
        if pid:
            print("%d %d" % (port, pid), flush=True)
            os._exit(0)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        keep = {s.fileno() for s in servers} | {0, 1, 2}
        for fd in range(3, 256):
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass
    if ARGS.log:
        switch_log(ARGS.log)
    if ARGS.port_file:
        tmp = ARGS.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, ARGS.port_file)
    if not ARGS.background:
        print(port, flush=True)

    killer = threading.Timer(ARGS.lifetime, lambda: os._exit(0))
    killer.daemon = True
    killer.start()
    for s in servers:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2},
                         daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
