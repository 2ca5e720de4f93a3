"""Snippets marked by the index become escaped HTML whose only markup is balanced <mark>."""

from broadsheet.search._snippet import marked_html


def test_marked_runs_become_marks_and_everything_else_is_escaped() -> None:
    raw = "a <b>\n \x02tram\x03 & \x03x\x02 \x02y"
    assert marked_html(raw) == "a &lt;b&gt; <mark>tram</mark> &amp; x y"


def test_markup_inside_a_marked_run_is_escaped() -> None:
    assert marked_html("\x02<i>\x03") == "<mark>&lt;i&gt;</mark>"
