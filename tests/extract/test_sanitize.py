"""sanitize_html keeps reading markup and removes everything that could run or track."""

from __future__ import annotations

import pytest

from broadsheet.extract import sanitize_html

BASE = "https://news.example.org/world/story.html"


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<p>ok</p><script>alert(1)</script>", "alert"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ('<iframe src="https://evil.example/"></iframe><p>ok</p>', "iframe"),
        ("<style>body{display:none}</style><p>ok</p>", "display"),
        ('<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>', "alert"),
        ('<svg onload="alert(1)"><circle r="1"/></svg>', "onload"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
        ("<math><mtext><img src=x onerror=alert(1)></mtext></math>", "onerror"),
        ("<form action='/steal'><input name=p></form><p>ok</p>", "form"),
        ('<object data="evil.swf"></object><embed src="evil.swf">', "evil"),
        ("<p>ok<!-- <script>alert(1)</script> --></p>", "alert"),
    ],
)
def test_hostile_markup_is_neutralised(hostile: str, forbidden: str) -> None:
    assert forbidden.lower() not in sanitize_html(hostile, BASE).lower()


def test_reading_markup_survives_with_absolute_links() -> None:
    html = (
        '<h2>Heading</h2><p>Text with <a href="/other">a link</a> and <em>stress</em>.</p>'
        '<figure><img src="pic.jpg" alt="A picture"><figcaption>Caption</figcaption></figure>'
        "<ul><li>one</li></ul><blockquote>quoted</blockquote>"
    )
    clean = sanitize_html(html, BASE)
    assert '<a href="https://news.example.org/other" rel="nofollow noopener">a link</a>' in clean
    assert '<img src="https://news.example.org/world/pic.jpg" alt="A picture">' in clean
    for tag in ("<h2>", "<em>", "<figure>", "<figcaption>", "<ul>", "<li>", "<blockquote>"):
        assert tag in clean


def test_protocol_relative_and_mailto_links() -> None:
    clean = sanitize_html(
        '<a href="//cdn.example.com/a">a</a><a href="mailto:x@example.com">m</a>', BASE
    )
    assert 'href="https://cdn.example.com/a"' in clean
    assert 'href="mailto:x@example.com"' in clean


def test_disallowed_wrappers_keep_their_text() -> None:
    assert sanitize_html("<div><span>kept words</span></div>") == "kept words"
