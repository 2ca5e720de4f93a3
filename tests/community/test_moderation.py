"""The spam/abuse filter and the comment renderer: pure functions."""

from __future__ import annotations

from broadsheet.storage.community.moderation import judge
from broadsheet.storage.community.render import to_html


def test_plain_comment_is_allowed() -> None:
    assert judge("Good piece, thanks.").action == "allow"


def test_many_links_are_held_with_the_reason() -> None:
    v = judge("see http://a.example http://b.example https://c.example")
    assert v.action == "hold" and "3 links" in v.reasons[0]


def test_repeated_text_and_blocked_terms_are_rejected() -> None:
    assert judge("Buy now!", recent=["buy   NOW"]).action == "reject"
    v = judge("This is CheapPills spam", blocked=["cheappills"])
    assert v.action == "reject" and "blocked term" in v.reasons[0]
    assert judge("cheap pills", blocked=["cheappills"]).action == "allow"


def test_shouting_is_held() -> None:
    assert judge("THIS IS ALL CAPITALS AND VERY LOUD").action == "hold"


def test_render_escapes_and_autolinks() -> None:
    html = to_html('<script>x</script> see https://ex.example/a?b=1&c=2.\n\nnext "para"')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://ex.example/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert html.count("<p>") == 2
    assert 'href="javascript' not in to_html("javascript:alert(1) http://ok.example")
