"""Pages the fuzzer (benchmarks/fuzz.py) made crash the extractor, each now read or refused."""

from __future__ import annotations

from lxml import html

from broadsheet.extract import extract_article, find_embeds, sanitize_html
from broadsheet.extract._metadata import json_ld_articles


def test_json_ld_nested_too_deeply_is_skipped_like_broken_json() -> None:
    # json.loads recursed once per "[" and raised RecursionError out of extract_article
    page = html.fromstring(
        '<html><head><script type="application/ld+json">' + "[" * 50_000 + "</script>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kept"}'
        "</script></head><body><p>Text.</p></body></html>"
    )
    assert [a["headline"] for a in json_ld_articles(page)] == ["Kept"]


def test_a_page_whose_root_is_svg_is_read_without_its_metadata() -> None:
    # htmldate (under trafilatura's metadata) drops every <svg>, the root too: AssertionError
    page = '<svg <button title="x">\n<svg xmlns="http://www.w3.org/2000/svg"></svg></button><p>Words.</p>'
    assert extract_article(page, "https://news.example/a").text == "Words."


def test_deep_markup_of_heads_only_is_sanitised_to_nothing() -> None:
    # past 256 levels the sanitiser re-serialises through lxml's fragment parser, which asserts
    # that the document has one <body>: 300 "<html><head>" without text have none
    assert sanitize_html('<!DOCTYPE HTML><html lang="en"><head>' * 300) == ""


def test_markup_that_parses_to_a_lone_comment_has_no_embeds() -> None:
    # lxml reads "&nbsp;<?" as one HtmlComment, and XPath on a comment raised ValueError
    assert find_embeds("&nbsp;<?") == ()
