"""News article pages as real sites serve them: the story amid menus, a cookie banner, a
"related stories" box with other tolls, and reader comments. Written for these tests."""

from __future__ import annotations

from html import escape


def news_page(headline: str, paragraphs: list[str], *, related: list[str] | None = None) -> bytes:
    """An article page; `related` are headlines of other stories in a sidebar box."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    boxes = "\n".join(
        f'<li><a href="/other/{n}">{escape(h)}</a></li>' for n, h in enumerate(related or [])
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(headline)} | Daily Steppe</title>
<script>window.dataLayer = [{{"event": "pageview", "deaths": 999}}];</script>
<style>.banner {{ position: fixed; }}</style></head>
<body>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience.
 <button>Accept all</button> <button>Manage preferences</button></div>
<header><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article class="story">
<h1>{escape(headline)}</h1>
<div class="byline">By a staff correspondent, 6 October 2020</div>
<div class="article-body">
{body}
</div>
</article>
<aside class="related-stories"><h2>Related stories</h2><ul>
{boxes}
</ul></aside>
<section id="comments" class="comments"><h2>Comments (3)</h2>
<div class="comment"><p>Reader42: my cousin says 3,000 people were killed, nobody reports it.</p></div>
<div class="comment"><p>Observer: the numbers never add up.</p></div>
</section>
</main>
<footer><p>&copy; 2020 Daily Steppe. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>""".encode()


BISHKEK = news_page(
    "Night of unrest in Bishkek after disputed vote",
    [
        "Protesters gathered on Ala-Too Square on Monday evening after the preliminary results "
        "of Sunday's parliamentary election were announced, and by night they had broken into "
        "the government building.",
        "At least 590 people were injured in the clashes, the health ministry said on Tuesday, "
        "and one man died in hospital.",
        "Police used water cannon, stun grenades and tear gas to push the crowd back from the "
        "building, witnesses said, while several opposition politicians were freed from "
        "detention by their supporters.",
        "The central election commission said it would meet to consider the complaints of the "
        "parties that did not pass the threshold.",
    ],
    related=[
        "Flood in the south kills 41 people",
        "Bus crash leaves 27 dead on mountain road",
        "Earthquake: 1,200 injured as aftershocks continue",
    ],
)
