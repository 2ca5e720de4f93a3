"""Markup that nests deeper than libxml2's 256 levels is flattened before nh3 sees it."""

from __future__ import annotations

from broadsheet.extract import sanitize_html
from broadsheet.extract._depth import MAX_DEPTH, may_nest_deeper, shallow


def test_ordinary_markup_reaches_nh3_untouched() -> None:
    markup = "<div><p>One <em>two</em></p><ul><li>three</li></ul></div>" * 200
    assert not may_nest_deeper(markup) and shallow(markup) is markup


def test_deep_nesting_is_detected_and_flattened() -> None:
    markup = "<p>top</p>" + "<li><dt>" * 20_000 + "deep"
    assert may_nest_deeper(markup)
    flat = shallow(markup)
    assert "top" in flat and flat.count("<dt>") < MAX_DEPTH


def test_void_and_closed_tags_do_not_count_as_depth() -> None:
    assert not may_nest_deeper("<br><img src=x><hr>" * 1000)
    assert not may_nest_deeper("<div>x</div>" * 1000)
    assert may_nest_deeper("<div>" * (MAX_DEPTH + 1))


def test_unclosed_paragraphs_keep_every_paragraph() -> None:
    # Counted as nesting (the estimate errs that way), yet lxml closes each <p> itself.
    markup = "".join(f"<p>paragraph {n}" for n in range(1000))
    cleaned = sanitize_html(markup)
    assert cleaned.count("<p>") == 1000 and "paragraph 999" in cleaned


def test_sanitised_deep_markup_holds_no_script() -> None:
    markup = "<div>" * 50_000 + "<script>alert(1)</script>" + "</div>" * 50_000
    assert "script" not in sanitize_html(markup)
