#!/usr/bin/env bats
# veille-parse over Reddit listings: /r/x/new.json, /search.json and the
# [post, comments] pair of /comments/ID.json.
load lib
load data/social/helpers

@test "reddit listing: posts mapped, permalink as url, subreddit and flair as categories" {
	need veille-parse
	veille-parse "$SOC/reddit-new.json" >out 2>err
	pick url,title,handle,published,categories,engagement <out >actual
	cat >expect <<'X'
https://www.reddit.com/r/france/comments/1gx0001/gr%C3%A8ve_rer_b_sncf_vos_retours/ | Grève RER B & SNCF : vos retours ? | u/Pierre_Paris | 2025-11-21T07:00:00Z | ["r/france","Société"] | {"replies":87,"score":154}
https://www.reddit.com/r/france/comments/1gx0002/le_minist%C3%A8re_de_lint%C3%A9rieur_annonce_un_plan/ | Le ministère de l'Intérieur annonce un plan « sécurité routière » | u/news_bot_fr | 2025-11-21T06:00:00Z | ["r/france"] | {"replies":12,"score":33}
https://www.reddit.com/r/france/comments/1gx0005/%D9%85%D8%B8%D8%A7%D9%87%D8%B1%D8%A9_%D9%81%D9%8A_%D8%A8%D8%A7%D8%B1%D9%8A%D8%B3_%D8%A7%D9%84%D9%8A%D9%88%D9%85/ | مظاهرة في باريس اليوم | - | 2025-11-21T03:00:00Z | ["r/france"] | {"replies":1,"score":8}
https://www.reddit.com/r/france/comments/1gx0006/vid%C3%A9o_du_cort%C3%A8ge/ | Vidéo du cortège | u/filmeur | 2025-11-21T02:00:00Z | ["r/france"] | {"replies":4,"score":21}
X
	diff -u expect actual
}

@test "reddit: escaped text decoded (&amp; &lt;), paragraphs kept, edited time as updated" {
	need veille-parse
	veille-parse "$SOC/reddit-new.json" 2>/dev/null | head -1 >out
	jget content <out >actual
	printf '%s\n' "Ça fait 3 jours que le RER B est à l'arrêt & personne ne communique." '' \
	    "Quelqu'un a des infos ? <3" >expect
	diff -u expect actual
	expect_eq "2025-11-21T08:00:00Z" "$(jget updated <out)"
	expect_eq "Pierre_Paris" "$(jget author <out)"
}

@test "reddit: with raw_json=1 the text is taken as it is" {
	need veille-parse
	printf '%s' '{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"name":"t3_raw1","title":"AT&amp;T <raw>","selftext":"","permalink":"/r/x/comments/raw1/t/","created_utc":1763708400}}]}}' >raw.json
	veille-parse --base-url 'https://www.reddit.com/r/x/new.json?raw_json=1' raw.json >out
	expect_eq "AT&amp;T <raw>" "$(jget title <out)"
	veille-parse raw.json >out
	expect_eq "AT&amp;T <raw>" "$(jget title <out)"
}

@test "reddit: link, image and video posts" {
	need veille-parse
	veille-parse "$SOC/reddit-new.json" 2>/dev/null >out
	pick links,image,enclosures <out >actual
	cat >expect <<'X'
- | - | -
["https://www.lemonde.fr/societe/article/2026/11/21/plan-securite-routiere_123.html"] | https://external-preview.redd.it/abc.jpg?auto=webp&s=0123abcd | -
- | https://i.redd.it/manif555.jpeg | [{"medium":"image","url":"https://i.redd.it/manif555.jpeg"}]
- | - | [{"medium":"video","type":"video/mp4","url":"https://v.redd.it/vid666/DASH_720.mp4?source=fallback"}]
X
	diff -u expect actual
}

@test "reddit: removed and deleted posts are skipped with a message, a deleted author is left out" {
	need veille-parse
	run veille-parse "$SOC/reddit-new.json"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q 'reddit-new.json: reddit post t3_1gx0003 is removed (moderator): skipped'
	printf '%s\n' "$output" | grep -q 'reddit-new.json: reddit post t3_1gx0004 is deleted by its author: skipped'
	expect_eq 4 "$(printf '%s\n' "$output" | grep -c '^{')"
	! printf '%s\n' "$output" | grep '^{' | grep -q '\[deleted\]\|\[removed\]' || false
}

@test "reddit search listing" {
	need veille-parse
	veille-parse "$SOC/reddit-search.json" >out
	pick title,content,categories <out >actual
	echo '"Bad buzz" of the year? | Their new ad is a textbook **bad buzz**: https://example.com/ad > worst campaign of 2026 | ["r/marketing"]' >expect
	diff -u expect actual
}

@test "reddit comments page: the post, comments and nested replies; deleted comments and 'more' skipped" {
	need veille-parse
	run veille-parse "$SOC/reddit-comments.json"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep '^{' | pick url,title,handle,content,engagement >actual
	cat >expect <<'X'
https://www.reddit.com/r/france/comments/1gz0001/fil/ | Fil de discussion | u/op_user | - | {"replies":3,"score":10}
https://www.reddit.com/r/france/comments/1gz0001/fil/c0001/ | - | u/commentateur | Entièrement d'accord & merci. | {"score":4}
https://www.reddit.com/r/france/comments/1gz0001/fil/c0003/ | - | u/repondeur | Réponse imbriquée | {"score":2}
X
	diff -u expect actual
	printf '%s\n' "$output" | grep -q 'reddit comment t1_c0002 is deleted: skipped'
	! printf '%s\n' "$output" | grep -q 'more' || false
}

@test "reddit: a listing of unknown things is reported, never silently dropped" {
	need veille-parse
	echo '{"kind":"Listing","data":{"children":[{"kind":"t5","data":{"display_name":"france"}}]}}' >subs.json
	run veille-parse subs.json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q 'reddit entry 1 is a t5, not a post or comment: skipped'
}
