"""choose_content prefers a complete feed, the page for teasers, and always says why."""

from __future__ import annotations

from broadsheet.extract import Extracted, choose_content


def page(words: int) -> Extracted:
    text = " ".join(["word"] * words)
    return Extracted(None, "T", (), None, "en", None, None, None, text, f"<p>{text}</p>", (), words)


def paragraphs(words: int) -> str:
    return "".join(f"<p>{' '.join(['feed'] * 50)}</p>" for _ in range(words // 50))


def test_full_feed_wins() -> None:
    choice = choose_content(paragraphs(500), page(520))
    assert choice.source == "feed"
    assert "520 words" in choice.reason and "500 words" in choice.reason


def test_teaser_marker_picks_page() -> None:
    choice = choose_content(paragraphs(300) + "<p>Continue reading…</p>", page(320))
    assert choice.source == "page"
    assert "teaser" in choice.reason


def test_short_feed_picks_page() -> None:
    choice = choose_content("<p>A two-line summary of the story.</p>", page(1840))
    assert choice.source == "page"
    assert choice.reason.startswith("page text 1,840 words vs feed 7 words")


def test_page_failure_falls_back_to_feed() -> None:
    choice = choose_content("<p>Summary</p>", None, "robots.txt disallows")
    assert choice.source == "feed"
    assert choice.reason == "page extraction failed: robots.txt disallows; using feed content"
    assert choice.html == "<p>Summary</p>"


def test_empty_feed_picks_page_and_feed_html_is_sanitised() -> None:
    assert choose_content("", page(300)).source == "page"
    choice = choose_content(paragraphs(400) + "<script>x()</script>", page(400))
    assert choice.source == "feed" and "script" not in choice.html


def test_page_shorter_than_feed_keeps_feed() -> None:
    assert choose_content(paragraphs(100), page(20)).source == "feed"


def test_plain_text_feed_content_becomes_paragraphs() -> None:
    from broadsheet.extract import choose_content

    choice = choose_content("First line & more.", None, "robots.txt disallows")
    assert choice.source == "feed" and choice.html == "<p>First line &amp; more.</p>"
    assert "robots.txt disallows" in choice.reason
