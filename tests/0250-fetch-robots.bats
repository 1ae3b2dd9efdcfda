#!/usr/bin/env bats
# 0250-fetch-robots — veille-fetch --robots: robots.txt fetched once per
# host through the same engine, groups, Allow/Disallow, unavailability.
load lib
load fetch

setup_file() {
	httpd_start 2
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

# outcome < out: "url-path error_code" per record, sorted.
outcome() {
	"$PY" -c 'import json, sys, urllib.parse
for l in sys.stdin:
    r = json.loads(l)
    u = urllib.parse.urlsplit(r["url"])
    print(u.path + ("?" + u.query if u.query else ""), r.get("error_code", "ok"))' | sort
}

@test "--robots fetches robots.txt once per host, first, and obeys Disallow" {
	printf 'User-agent: *\nDisallow: /private\n' > "$WWW/robots.txt"
	printf '%s\n' "$B/ok" "$B/private/a" "$B/same" "$B/private?x=1" "$B/privateer" | fetch --robots
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' '/ok ok' '/private/a robots' '/private?x=1 robots' \
	    '/privateer robots' '/same ok')" "$(outcome < out)"
	expect_eq 1 "$(logq 'sum(1 for l in L if l["path"] == "/robots.txt")')"
	expect_eq /robots.txt "$(logq 'min(L, key=lambda l: l["t0"])["path"]')"
	expect_eq 0 "$(logq 'sum(1 for l in L if l["path"].startswith("/private"))')"
	grep -q '"error":"disallowed by robots.txt","error_code":"robots"' out
	grep -q "^veille-fetch: $B/private/a: disallowed by robots.txt$" err
}

@test "the veille group wins over *, the longest rule wins, Allow wins a tie" {
	cat > "$WWW/robots.txt" <<-'EOF'
	# everyone else: nothing
	User-agent: *
	Disallow: /

	User-agent: Googlebot
	User-agent: Veille/1.0
	Disallow: /static/
	Allow: /static/open
	Disallow: /*.pdf$
	Allow: /tie
	Disallow: /tie
	EOF
	printf '%s\n' "$B/ok" "$B/static/x.txt" "$B/static/open.txt" "$B/doc.pdf" \
	    "$B/doc.pdf?v=2" "$B/tie" | fetch --robots
	expect_eq "$(printf '%s\n' '/doc.pdf robots' '/doc.pdf?v=2 <404>' '/ok ok' \
	    '/static/open.txt <404>' '/static/x.txt robots' '/tie <404>' | sed 's/<404>/http/')" \
	    "$(outcome < out)"
}

@test "a missing robots.txt (404) allows everything" {
	printf '%s\n' "$B/ok" "$B/same" | fetch --robots
	expect_eq 0 "$status"
	expect_eq 2 "$(grep -c '"status":200' out)"
	expect_eq 1 "$(logq 'sum(1 for l in L if l["path"] == "/robots.txt")')"
}

@test "an unavailable robots.txt (5xx) disallows everything on that host" {
	echo x > "$WWW/robots.txt"
	printf 'Status: 500\n' > "$WWW/robots.txt.headers"
	printf '%s\n' "$B/ok" "http://127.0.0.2:$PORT/ok" | fetch --robots
	expect_eq 1 "$status"
	expect_eq "robots" "$(grep -F 127.0.0.1 out | jf error_code)"
	expect_eq "robots.txt unavailable (HTTP 500 Internal Server Error), not fetching" \
	    "$(grep -F 127.0.0.1 out | jf error)"
	# The other host has its own robots.txt (served from the same root).
	expect_eq "robots" "$(grep -F 127.0.0.2 out | jf error_code)"
	expect_eq 0 "$(logq 'sum(1 for l in L if l["path"] == "/ok")')"
}

@test "robots.txt is per host: two hosts, two fetches" {
	printf 'User-agent: *\nDisallow: /same\n' > "$WWW/robots.txt"
	printf '%s\n' "$B/ok" "http://127.0.0.2:$PORT/ok" "$B/same" "http://127.0.0.2:$PORT/same" \
	    | fetch --robots
	expect_eq "$(printf '%s\n' '/ok ok' '/ok ok' '/same robots' '/same robots')" "$(outcome < out)"
	expect_eq "127.0.0.1 127.0.0.2" \
	    "$(logq '" ".join(sorted(l["addr"] for l in L if l["path"] == "/robots.txt"))')"
}

@test "Crawl-delay spaces the requests to the host" {
	printf 'User-agent: *\nCrawl-delay: 0.4\n' > "$WWW/robots.txt"
	printf '%s\n' "$B/ok?1" "$B/ok?2" "$B/ok?3" | fetch --robots --per-host 3
	expect_eq 0 "$status"
	expect_eq True "$(logq 'all(b - a >= 0.33 for a, b in zip(*[sorted(l["t0"] for l in L if l["path"].startswith("/ok"))[i:] for i in (0, 1)]))')"
}

@test "without --robots, robots.txt is neither fetched nor obeyed" {
	printf 'User-agent: *\nDisallow: /\n' > "$WWW/robots.txt"
	echo "$B/ok" | fetch
	expect_eq 0 "$status"
	expect_eq 0 "$(logq 'sum(1 for l in L if l["path"] == "/robots.txt")')"
}
