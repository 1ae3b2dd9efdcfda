#!/usr/bin/env bats
# veille-parse on HTML article pages: the main text (issue 4). Pages full
# of furniture (menus, cookie banners, share bars, newsletter boxes,
# related links, comments longer than the article, sidebars, footers)
# give exactly the article's paragraphs, separated by a blank line.
load lib

H=$TESTS/data/html

# content FILE: the content field of the item for a --raw page
content() {
	veille-parse --raw --mode html --base-url "https://ex.example/a/page.html" <"$1" >out 2>err
	"$PY" -c 'import json,sys; [sys.stdout.write(json.loads(l).get("content","<none>")+"\n") for l in sys.stdin]' <out
}

@test "news page: navigation, byline, share bar, figure, ad, related links and comments left out" {
	need veille-parse
	content "$H/jsonld.html" >actual
	diff -u "$H/jsonld.expected.txt" actual
	! grep -q "never text\|color: red\|cookies\|Partager\|Photo : Agence\|Publicité\|À lire aussi\|Enfin !\|Les plus lus\|Tous droits" out || false
}

@test "blog post: newsletter box, 'Related:' line, tags, author bio, related posts and widgets left out" {
	need veille-parse
	content "$H/opengraph.html" >actual
	diff -u "$H/opengraph.expected.txt" actual
}

@test "comments longer than the article are not the article" {
	need veille-parse
	content "$H/comments.html" >actual
	diff -u "$H/comments.expected.txt" actual
}

@test "old layout table with <br><br> paragraphs: the text cell alone, title line dropped" {
	need veille-parse
	content "$H/brtext.html" >actual
	diff -u "$H/brtext.expected.txt" actual
}

@test "article body split by ads and teasers: every part, in order" {
	need veille-parse
	content "$H/split.html" >actual
	diff -u "$H/split.expected.txt" actual
}

@test "entities decoded, white space normalised, <br> a line break, lists one item a line" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><body><div class="entry-content">
<p>Fish &amp; chips, caf&eacute; and &#8220;quotes&#8221; &ndash; all&nbsp;decoded,    with   spaces
collapsed over several
lines, in a paragraph long enough to be text.</p>
<p>A line<br>and the next line, in a second paragraph that is also quite long enough.</p>
<ul><li>first item of the list</li><li>second item of the list</li></ul>
<p>Last paragraph, after the list, closing the article with a full stop.</p>
</div></body></html>
PAGE
	content p.html >actual
	cat >expect <<'TEXT'
Fish & chips, café and “quotes” – all decoded, with spaces collapsed over several lines, in a paragraph long enough to be text.

A line
and the next line, in a second paragraph that is also quite long enough.

first item of the list
second item of the list

Last paragraph, after the list, closing the article with a full stop.
TEXT
	diff -u expect actual
}

@test "hidden elements (display:none, hidden, aria-hidden, screen-reader classes) are not text" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><body><article>
<p>Visible paragraph one, with enough words to be part of the main text of the page.</p>
<p style="display: none">Hidden by a style attribute, which should never show up in the text.</p>
<p hidden>Hidden by the hidden attribute, which should never show up in the text.</p>
<div aria-hidden="true"><p>Hidden from assistive technology and from the reader as well.</p></div>
<p>Visible paragraph two <span class="sr-only">Share this article on social media</span>ends here.</p>
</article></body></html>
PAGE
	content p.html >actual
	printf '%s\n\n%s\n' "Visible paragraph one, with enough words to be part of the main text of the page." \
	    "Visible paragraph two ends here." >expect
	diff -u expect actual
}

@test "a page with the text in <div>s and no <p> at all" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><body><div class="nav"><div><a href="/">Home</a></div><div><a href="/news">News</a></div></div>
<div class="text">
<div>A first block of text in a div, long enough to count, with commas, and a full stop.</div>
<div>A second block of text in another div, also long enough, and again a full stop.</div>
<div>A third block of text closes the story, with one more comma, and a last full stop.</div>
</div>
<div class="copyright">Copyright the publisher of this page, all rights reserved.</div></body></html>
PAGE
	content p.html >actual
	printf '%s\n\n%s\n\n%s\n' "A first block of text in a div, long enough to count, with commas, and a full stop." \
	    "A second block of text in another div, also long enough, and again a full stop." \
	    "A third block of text closes the story, with one more comma, and a last full stop." >expect
	diff -u expect actual
}

@test "the title repeated as the first paragraph is not content" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><head><title>Snow closes the pass</title></head><body><div class="post-body">
<p><b>Snow closes the pass</b></p>
<p>Heavy snow closed the mountain pass on Sunday, and the road will stay shut until Tuesday at least.</p>
</div></body></html>
PAGE
	content p.html >actual
	expect_eq "Heavy snow closed the mountain pass on Sunday, and the road will stay shut until Tuesday at least." "$(cat actual)"
	expect_eq "Snow closes the pass" "$(jget title <out)"
}

@test "non-Latin scripts: paragraphs and commas are counted in characters" {
	need veille-parse
	cat >p.html <<'PAGE'
<html lang="ja"><body><div class="menu"><a href="/">ホーム</a> <a href="/news">ニュース</a></div>
<div class="main"><p>東京都は二十三日、新しい防災計画を発表した。計画では、地震や台風などの災害に備え、避難所の数を増やすとしている。</p>
<p>都の担当者は、住民の安全を守るため、今後五年間で計画を実行すると述べた。</p></div>
<div class="footer">© 新聞社</div></body></html>
PAGE
	content p.html >actual
	printf '%s\n\n%s\n' "東京都は二十三日、新しい防災計画を発表した。計画では、地震や台風などの災害に備え、避難所の数を増やすとしている。" \
	    "都の担当者は、住民の安全を守るため、今後五年間で計画を実行すると述べた。" >expect
	diff -u expect actual
	expect_eq "ja" "$(jget lang <out)"
}

@test "an article cut into twin sections by full-width media: every section, in order" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><body><div class="page">
<div class="hero"><h1>The long read</h1></div>
<div class="wrap block"><section class="inner"><div class="body-text">
<p>Part one opens the story with a long paragraph, full of detail, commas, and a full stop at the end.</p>
<p>Part one goes on with a second paragraph, which is also long enough to count as real text here.</p>
</div></section></div>
<div class="video-player"><a href="/v/1">Watch the video</a></div>
<div class="wrap block"><section class="inner"><div class="body-text">
<p>Part two is the longest part of the story, with many sentences, commas, clauses, and more words.</p>
<p>Part two continues with more detail, more commas, more clauses, and yet another full stop here.</p>
<p>Part two ends with a third paragraph, so that this section is clearly the largest of them all.</p>
</div></section></div>
<figure class="wide"><img src="x.jpg"><figcaption>A caption under a wide photo.</figcaption></figure>
<div class="wrap block"><section class="inner"><div class="body-text">
<p>Part three closes the story with a last long paragraph, with commas, and a final full stop.</p>
</div></section></div>
<div class="wrap block"><section class="inner"><ul class="links"><li><a href="/a">Another story on the site</a></li></ul></section></div>
</div></body></html>
PAGE
	content p.html >actual
	grep -c '^Part' actual >n
	expect_eq 6 "$(cat n)"
	expect_eq "Part one opens" "$(head -1 actual | cut -c1-14)"
	expect_eq "Part three closes" "$(tail -1 actual | cut -c1-17)"
	! grep -q "caption\|Watch\|Another story" actual || false
}

@test "tag lists, machine-readable dates and bylines, related posts nested as <article>: not text" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><body><article class="post">
<span class="data" itemprop="datePublished">segunda-feira, 22 de janeiro de 2018</span>
<span itemprop="author">Maria Souza</span>
<p>O primeiro parágrafo do artigo é longo o bastante, com vírgulas, detalhes e um ponto final.</p>
<p>O segundo parágrafo continua a história, com mais detalhes, mais vírgulas e outro ponto final.</p>
<p><strong>Tags<br><a href="/tag/a" rel="tag">carros antigos</a>, <a href="/tag/b" rel="tag">corridas de rua</a>, <a href="/tag/c" rel="tag">história do automobilismo</a></strong></p>
<article class="card"><p>Outro artigo do site, recomendado ao leitor, com um resumo bastante longo e vírgulas.</p></article>
<article class="card"><p>Mais um artigo recomendado, com outro resumo longo, vírgulas, e um ponto final aqui.</p></article>
</article></body></html>
PAGE
	content p.html >actual
	printf '%s\n\n%s\n' "O primeiro parágrafo do artigo é longo o bastante, com vírgulas, detalhes e um ponto final." \
	    "O segundo parágrafo continua a história, com mais detalhes, mais vírgulas e outro ponto final." >expect
	diff -u expect actual
}

@test "an embedded tweet quoted by the article stays, even in a 'social' wrapper" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><body><div class="entry-content">
<p>The governor answered her critics on Twitter on Monday evening, in a short and defiant message.</p>
<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">The whole point of the campaign is awareness. It is working. <a href="https://t.co/x">https://t.co/x</a></p>— Governor (@governor) <a href="https://twitter.com/governor/status/1">November 18, 2019</a></blockquote></div>
<p>Her office did not say how much the campaign had cost the state so far, nor who designed it.</p>
<div class="social-share"><a href="https://facebook.example/s">Share on Facebook</a> <a href="https://twitter.example/s">Share on Twitter</a></div>
</div></body></html>
PAGE
	content p.html >actual
	grep -q "The whole point of the campaign is awareness" actual
	grep -q "Her office did not say" actual
	! grep -q "Share on" actual || false
}

@test "a page built by scripts: the JSON-LD articleBody stands in for the missing text" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge reopens",
"articleBody":"The old bridge reopened on Monday after two years of works, to the relief of the commuters who had to drive around the lake. The town council said the final bill came in under budget, and that the footpath would open in the spring."}</script></head>
<body><div id="app"></div><noscript>Please enable JavaScript to read this site.</noscript></body></html>
PAGE
	content p.html >actual
	expect_eq "The old bridge reopened on Monday after two years of works, to the relief of the commuters who had to drive around the lake. The town council said the final bill came in under budget, and that the footpath would open in the spring." "$(cat actual)"
	expect_eq "Bridge reopens" "$(jget title <out)"
	expect_eq "<none>" "$(jget error <out)"
}
