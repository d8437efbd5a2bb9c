"""Article pages the demo serves, so `--demo` shows figures that come only from full text.

Two Demo Broadcaster reports link to pages on the replay server instead of the reserved demo
domain. Each page is built like a real news site's: menus, a cookie banner, the story, a
"related stories" box quoting other tolls, and comments; the article queue keeps only the
story. The story's paragraphs are written for crisiswatch, like the rest of the demo.
"""

from __future__ import annotations

from html import escape

ARTICLE_FEED = "broadcaster"
"""`DemoFeed.key` of the feed whose items have article pages (and `fulltext = true`)."""

ARTICLES: dict[str, tuple[str, ...]] = {
    "crowd-swells": (
        "By late afternoon thousands of people filled Ala-Too square and nearby streets, "
        "witnesses said. Speakers from several opposition parties took turns on a makeshift "
        "stage.",
        "Police put the size of the crowd at about 5,000 people by early evening, a figure "
        "organisers said was far too low.",
        "Many in the square said they had come to protest against what they called vote "
        "buying in Sunday's election, which the authorities deny.",
    ),
    "white-house-stormed": (
        "Demonstrators forced their way into the White House in Bishkek, which holds both the "
        "parliament and the president's administration. Smoke rose from an upper floor and "
        "papers were thrown from windows.",
        "At least 120 people were injured by midnight and taken to city hospitals, a "
        "spokesman for the emergency services said.",
        "Police withdrew from the square shortly after the building was breached, and groups "
        "of protesters moved on towards the headquarters of the security service.",
    ),
}
"""The paragraphs of each page, by the story's path: the figure in each second paragraph is
in no feed's text."""

_RELATED = (
    "Mudslide in the mountains leaves 41 dead",
    "Train derailment: 230 injured, officials say",
    "Ferry capsizes with 27 on board",
)


def article_path(link_path: str) -> str | None:
    """The replay server's path for a demo link's path ("2020/10/05/crowd-swells"), if the
    story has a page."""
    story = link_path.rsplit("/", 1)[-1]
    return f"/articles/{link_path}" if story in ARTICLES else None


def article_page(path: str, title: str) -> bytes | None:
    """The page at `path` (from `article_path`), or None."""
    story = path.rsplit("/", 1)[-1]
    paragraphs = ARTICLES.get(story)
    if paragraphs is None or not path.startswith("/articles/"):
        return None
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    related = "\n".join(
        f'<li><a href="/related/{n}">{escape(h)}</a></li>' for n, h in enumerate(_RELATED)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} - Demo Broadcaster</title></head>
<body>
<div class="cookie-banner">This demo site uses no cookies, but real ones ask. <button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/asia">Asia</a></li>
<li><a href="/world">World</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<main><article>
<h1>{escape(title)}</h1>
<p class="byline">Demo Broadcaster, Bishkek</p>
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul>
{related}
</ul></aside>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>Viewer: I was there, there were 50,000 of us at least.</p></div>
</section></main>
<footer><p>crisiswatch demo: a dramatised replay, not real reporting.</p></footer>
</body></html>""".encode()
