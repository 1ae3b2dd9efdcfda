#!/usr/bin/env bats
# veille-parse over the feeds of YouTube, Google Alerts and Google News:
# platform details added to the feed items.
load lib
load data/social/helpers

@test "youtube channel feed: platform, channel handle, views and likes" {
	need veille-parse
	veille-parse "$SOC/youtube-channel.xml" >out 2>err
	pick url,title,author,handle,published,image,engagement,platform <out >actual
	cat >expect <<'X'
https://www.youtube.com/watch?v=dQw4w9WgXcQ | Grève : le point en direct 🔴 | Chaîne Info Exemple | UCabcdefghijklmnopqrstuv | 2026-11-21T17:00:00Z | https://i2.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg | {"likes":1534,"views":98765} | youtube
https://www.youtube.com/watch?v=abcDEF12345 | 東京からの報告 | Chaîne Info Exemple | UCabcdefghijklmnopqrstuv | 2026-11-20T03:00:00Z | https://i4.ytimg.com/vi/abcDEF12345/hqdefault.jpg | - | youtube
X
	diff -u expect actual
	[ ! -s err ]
}

@test "youtube: the description is kept, the Flash player is not an enclosure" {
	need veille-parse
	veille-parse "$SOC/youtube-channel.xml" | head -1 >out
	printf '%s\n' 'Le point sur la grève de jeudi.' 'Retrouvez-nous sur https://www.example.fr' >expect
	{ jget summary <out; } >actual
	diff -u expect actual
	! grep -q 'shockwave\|youtube.com/v/' out || false
}

@test "youtube playlist feed: zero likes are a figure, not a missing one" {
	need veille-parse
	veille-parse "$SOC/youtube-playlist.xml" >out
	pick url,handle,engagement,source.title <out >actual
	echo 'https://www.youtube.com/watch?v=XyZ_-987654 | UCzyxwvutsrqponmlkjihgfe | {"likes":0,"views":312} | Conférences de presse' >expect
	diff -u expect actual
}

@test "google alerts: real article URL, HTML stripped from titles and content" {
	need veille-parse
	veille-parse "$SOC/galerts.xml" >out 2>err
	pick url,title,content,platform <out >actual
	cat >expect <<'X'
https://www.example.fr/eco/marque-bad-buzz-2026.html?utm_source=x | La marque face au bad buzz : "nous assumons" | Après le bad buzz provoqué par sa publicité, la marque s'explique ... | google-alerts
https://www.example.jp/%E7%82%8E%E4%B8%8A | Bad buzz 炎上 : analyse | Le bad buzz vu du Japon | google-alerts
X
	diff -u expect actual
	! grep -q 'google.com/url' out || false
	! grep -q '<b>' out || false
	expect_eq "<none>" "$(head -1 out | jget author)"
}

@test "google alerts: ids stay those of the entries (not of the unwrapped link)" {
	need veille-parse
	B=https://www.google.com/alerts/feeds/01234567890123456789/98765432109876543210
	veille-parse -b $B "$SOC/galerts.xml" | jget id >first
	sed 's#marque-bad-buzz-2026#autre-lien#' "$SOC/galerts.xml" >moved.xml
	veille-parse -b $B moved.xml | jget id >second
	diff -u first second
}

@test "google news: article URL read from the link when it holds it, source as site_name, title without ' - Source'" {
	need veille-parse
	veille-parse "$SOC/gnews-search.xml" >out 2>err
	pick url,title,site_name,platform <out >actual
	cat >expect <<'X'
https://www.lemonde.fr/politique/article/2026/11/22/le-ministere-de-l-interieur-annonce_6000001_823448.html | Le ministère de l'Intérieur annonce un plan « sécurité routière » | Le Monde | google-news
https://www.francetvinfo.fr/societe/greve-ministere-interieur_7000002.html | Grève : le ministère de l'Intérieur mobilise 10 000 policiers | franceinfo | google-news
https://news.google.com/rss/articles/AU_yqLOpaqueIdentifierThatCannotBeDecodedXyZ0123456789abcdefghijklmnop?oc=5 | وزارة الداخلية الفرنسية تعلن خطة جديدة | فرانس 24 | google-news
https://www.example.fr/actu/ancien-lien.html | Ancien lien de redirection | Exemple | google-news
X
	diff -u expect actual
	[ ! -s err ]
}

@test "google news: a description repeating title and source is dropped, a story cluster kept" {
	need veille-parse
	veille-parse "$SOC/gnews-search.xml" >out
	pick summary,content <out >actual
	cat >expect <<'X'
- | -
Grève : le ministère de l'Intérieur mobilise 10 000 policiers franceinfo
Manifestations : le dispositif policier détaillé Le Figaro | -
- | -
- | -
X
	diff -u expect actual
}

@test "ordinary feeds are left alone" {
	need veille-parse
	printf '%s\n' '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>' \
	    '<item><title>A &lt;b&gt;bold&lt;/b&gt; claim</title><link>https://www.google.com/url?q=https://example.org/x</link><description>d</description></item>' \
	    '</channel></rss>' >plain.xml
	veille-parse --base-url https://example.org/feed.xml plain.xml >out
	pick platform,url <out >actual
	echo '- | https://www.google.com/url?q=https://example.org/x' >expect
	diff -u expect actual
}

@test "google alerts recognised by the feed URL or by the alert link alone" {
	need veille-parse
	printf '%s\n' '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>' \
	    '<entry><id>urn:x:1</id><title type="html">&lt;b&gt;A&lt;/b&gt; b</title><link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://example.org/a&amp;ct=ga&amp;cd=1"/></entry>' \
	    '<entry><id>urn:x:2</id><title>C</title><link href="https://example.org/c"/></entry>' \
	    '</feed>' >relay.xml
	veille-parse relay.xml >out
	pick platform,url,title <out >actual
	printf '%s\n' 'google-alerts | https://example.org/a | A b' '- | https://example.org/c | C' >expect
	diff -u expect actual
	veille-parse --base-url https://www.google.com/alerts/feeds/123/456 relay.xml >out
	pick platform <out >actual
	printf '%s\n' google-alerts google-alerts >expect
	diff -u expect actual
}
