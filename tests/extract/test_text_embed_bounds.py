"""A flattened post's card begins and ends where the post does: the reporter's lead-in is prose.

Vectors: the starter "Carrow tram strike" article (written by us) in the three shapes the text
reaches the finder in (as imported, paragraphs on single lines, and after ``choose_content``),
plus small vectors of our own for each rule that stops the walk back from the signature.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from broadsheet.extract import choose_content, find_text_embeds, paragraphs_html

POST_START = "Due to industrial action there will be NO tram services"
POST_END = "Please allow extra time and check before you travel."


def _tram_text() -> str:
    lines = resources.files("broadsheet.starter").joinpath("demo_articles.jsonl").open()
    with lines:
        for line in lines:
            record = json.loads(line)
            if record["title"].startswith("Carrow tram strike"):
                return str(record["text"])
    raise AssertionError("starter tram article missing")


def _shapes() -> dict[str, str]:
    text = _tram_text()
    chosen = choose_content(paragraphs_html(text), None, "imported", base_url=None).text
    return {"imported": text, "single_newlines": re.sub(r"\n+", "\n", text), "chosen": chosen}


@pytest.mark.parametrize("shape", ["imported", "single_newlines", "chosen"])
def test_tram_card_is_only_the_authoritys_post(shape: str) -> None:
    (embed,) = find_text_embeds(_shapes()[shape])
    assert (embed.handle, embed.author, embed.platform) == (
        "@CityTransit",
        "City Transit Authority",
        "x",
    )
    assert embed.text.startswith(POST_START) and embed.text.endswith(POST_END)
    assert "Only Line 5" not in embed.text
    assert "posted a warning" not in embed.text


def test_lead_in_ending_with_colon_stays_prose() -> None:
    text = "The mayor wrote on Bluesky:\nThe bridge reopens at noon.\n— Mayor Ode (@ode.bsky.social) May 1, 2025"
    (embed,) = find_text_embeds(text)
    assert (embed.platform, embed.text) == ("bluesky", "The bridge reopens at noon.")


def test_lines_beyond_the_networks_limit_are_prose() -> None:
    prose = "Residents waited for hours in the rain outside the town hall. " * 4
    post = "Doors open at 9. Bring ID and a pen, please."
    text = f"{prose.strip()}\n{post}\n— Town Hall (@townhall) June 2, 2025"
    (embed,) = find_text_embeds(text)
    assert embed.text == post


def test_a_post_of_several_short_lines_is_kept_whole() -> None:
    text = "Some prose.\n\nLine one of the post.\nLine two #tag\n— Desk (@desk) Jan 2, 2024"
    (embed,) = find_text_embeds(text)
    assert embed.text == "Line one of the post.\nLine two #tag"


def test_mastodon_posts_may_run_longer_than_x() -> None:
    post = "A long toot. " * 30
    text = f"Intro.\n\n{post.strip()}\n— Newsroom (@newsroom@mastodon.social) Feb 3, 2025"
    (embed,) = find_text_embeds(text)
    assert embed.platform == "mastodon" and embed.text == post.strip()
