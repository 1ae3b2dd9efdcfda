#!/usr/bin/python3
"""tests/alertd.py — the receivers of the veille-alert delivery tests, on
127.0.0.1, in the background (prints "PORT PID" once listening).

    alertd.py webhook --log FILE [--port P] [--lifetime S]
        An incoming webhook as Slack and Mattermost have: a POST whose body
        is a JSON object with a "text" string is answered 200 and appended
        to FILE (one JSON line); anything else is answered 400 and logged
        as {"bad": ...}.
    alertd.py smtp --dir DIR [--port P] [--lifetime S]
        An SMTP server (aiosmtpd): each message is saved as DIR/N.eml with
        DIR/N.env (MAIL FROM, then RCPT TO lines).
"""
import argparse, json, os, socket, sys, time, threading

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p

def webhook(a):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    class H(BaseHTTPRequestHandler):
        def log_message(self, *x):
            pass
        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n).decode("utf-8", "replace")
            ok = False
            try:
                j = json.loads(body)
                ok = (isinstance(j, dict) and isinstance(j.get("text"), str)
                      and self.headers.get("Content-Type", "").startswith("application/json"))
            except ValueError:
                j = None
            with open(a.log, "a") as f:
                f.write(json.dumps(j if ok else {"bad": body}) + "\n")
            self.send_response(200 if ok else 400)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
    srv = ThreadingHTTPServer(("127.0.0.1", a.port or 0), H)
    return srv.server_address[1], srv.serve_forever

def smtp(a):
    from aiosmtpd.controller import Controller
    os.makedirs(a.dir, exist_ok=True)
    class Handler:
        n = 0
        async def handle_DATA(self, server, session, envelope):
            Handler.n += 1
            base = os.path.join(a.dir, str(Handler.n))
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(base + ".env", "w") as f:
                f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
            return "250 OK"
    port = a.port or free_port()
    c = Controller(Handler(), hostname="127.0.0.1", port=port)
    c.start()
    def wait():
        while True:
            time.sleep(3600)
    return port, wait

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["webhook", "smtp"])
    ap.add_argument("--log")
    ap.add_argument("--dir")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    r, w = os.pipe()
    pid = os.fork()
    if pid:
        os.close(w)
        port = os.read(r, 64).decode().strip()
        if not port:
            sys.exit(1)
        print(port, pid, flush=True)
        return
    os.close(r)
    os.setsid()
    port, serve = (webhook if a.kind == "webhook" else smtp)(a)
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    os.write(w, b"%d\n" % port)
    os.close(w)
    serve()

main()
