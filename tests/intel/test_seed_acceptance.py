"""Acceptance: the seed page's main article, imported and enriched, yields its quotes, people and tags.

The seed page is read from ../shared at run time (its text is never copied into the repository).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from broadsheet.cli import main
from broadsheet.enrich import reader_tag
from broadsheet.pipeline import import_articles
from broadsheet.storage.intel import queries
from tests.support.shared import SEED, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

SEED_PAGE = "000_cd1d4b8b4071014e.txt"


def _main_article() -> tuple[str, str]:
    page = require(SEED / SEED_PAGE).read_text(encoding="utf-8")
    lines = [ln.strip() for ln in page.split("\nHashtags")[0].strip().split("\n") if ln.strip()]
    return lines[0], "\n\n".join(lines[1:])


@pytest.fixture
def seed_id() -> Iterator[int]:
    title, text = _main_article()
    record = {
        "url": "https://seed.example/starmer-trump",
        "title": title,
        "text": text,
        "published": "2025-07-04",
        "source": "Seed Outlet",
    }
    report = import_articles([json.dumps(record)])
    assert report.created == 1
    yield report.ids[0]


def _paragraph_quotes(text: str) -> list[str]:
    """Every quoted passage opening a paragraph or following 'He said:' in the seed text."""
    found = []
    for para in text.split("\n\n"):
        match = re.match(r"^(?:He said: )?['\"‘“](.{12,})", para)
        if match:
            found.append(match.group(1).rstrip("'\"’”.").split(".")[0][:40])
    return found


def _quote_with(
    intel: queries.ArticleIntel, words: str, kinds: tuple[str, ...] = ("direct", "partial")
) -> list[queries.QuoteRow]:
    return [q for q in intel.quotes if words in q.text and q.kind in kinds]


def test_every_paragraph_quote_is_found_and_attributed(seed_id: int) -> None:
    _title, text = _main_article()
    intel = queries.article_intel(seed_id)
    assert intel is not None
    openings = _paragraph_quotes(text)
    assert len(openings) >= 8
    for opening in openings:
        hits = _quote_with(intel, opening)
        assert hits, f"no quote found containing {opening!r}"
        # the post's opener is Reeves's words (the article says so); every other one is his
        expected = "Rachel Reeves" if opening.startswith("It was a personal") else "Keir Starmer"
        assert hits[0].speaker == expected, (opening, hits[0].speaker)
        assert hits[0].confidence > 0


def test_multi_paragraph_quotes_are_one_quote_with_one_speaker(seed_id: int) -> None:
    intel = queries.article_intel(seed_id)
    assert intel is not None
    multi = [
        q
        for q in intel.quotes
        if q.kind == "direct" and len(re.findall(r"[.?!]['’]? ", q.text)) >= 2
    ]
    assert len(multi) >= 2
    assert {q.speaker for q in multi} == {"Keir Starmer"}


def test_reeves_personal_matter_is_hers(seed_id: int) -> None:
    intel = queries.article_intel(seed_id)
    assert intel is not None
    # "Ms Reeves said it was a 'personal matter' …": one entry, the quoted phrase inside it
    entries = [q for q in intel.quotes if "personal matter" in q.text.lower()]
    assert [q.text for q in entries if q.text == "personal matter"] == []
    assert entries and {q.speaker for q in entries} == {"Rachel Reeves"}
    # the pull quote "It was a personal matter." is hers too: the text credits her the words
    assert any(q.text == "It was a personal matter." for q in entries)


def test_embedded_post_is_recognised_and_its_quotes_attributed_inside_it(seed_id: int) -> None:
    intel = queries.article_intel(seed_id)
    assert intel is not None
    assert [(e.handle, e.published) for e in intel.embeds] == [("@BBCr4today", "2025-07-03")]
    assert intel.embeds[0].entity is not None and "BBC" in intel.embeds[0].entity
    # the phrase quoted inside the post's reported sentence is listed with that sentence
    inside = _quote_with(intel, "nothing to do with politics", ("direct", "partial", "indirect"))
    assert inside and inside[0].speaker == "Keir Starmer"
    # the post opens with Reeves's words: the article credits them to her ("Ms Reeves said …")
    opener = [q for q in intel.quotes if q.text.startswith("It was a personal matter")]
    assert opener and opener[0].speaker == "Rachel Reeves"


def test_entities_use_canonical_names(seed_id: int) -> None:
    intel = queries.article_intel(seed_id)
    assert intel is not None
    people = {e.name: e for e in intel.entities if e.kind == "person"}
    assert {"Keir Starmer", "Donald Trump", "Rachel Reeves"} <= set(people)
    assert not {"Keir", "Sir Keir", "Starmer", "Trump", "Mr Trump", "Reeves", "Ms Reeves"} & set(
        people
    )
    assert people["Keir Starmer"].display == "Sir Keir Starmer"
    assert people["Keir Starmer"].count >= 8


def test_hashtags_name_the_people_and_the_topic(seed_id: int) -> None:
    intel = queries.article_intel(seed_id)
    assert intel is not None
    tags = [t.tag for t in intel.hashtags]
    assert 3 <= len(tags) <= 8
    assert "KeirStarmer" in tags and ("DonaldTrump" in tags or "RachelReeves" in tags)
    assert "WelfareReform" in tags
    assert "Starmer" not in tags and len(set(tags)) == len(tags)


def test_rerun_is_stable_and_keeps_reader_tags(seed_id: int) -> None:
    from broadsheet.pipeline import _enrich

    queries.add_tag(seed_id, reader_tag("#Labour"), user_id=1)
    queries.remove_tag(seed_id, "KeirStarmer", user_id=1)
    before = queries.article_intel(seed_id)
    _enrich.run([seed_id])
    after = queries.article_intel(seed_id)
    assert before is not None and after is not None
    assert before.hashtags == after.hashtags and before.quotes == after.quotes
    tags = [t.tag for t in after.hashtags]
    assert "Labour" in tags and "KeirStarmer" not in tags
    queries.add_tag(seed_id, "KeirStarmer", user_id=1)
    assert "KeirStarmer" in [t.tag for t in queries.article_intel(seed_id).hashtags]  # type: ignore[union-attr]


def test_export_carries_quotes_entities_and_hashtags(
    seed_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert {"quotes", "entities", "hashtags"} <= set(row)
    assert set(row["quotes"][0]) == {"text", "speaker", "kind", "confidence", "sentence_index"}
    assert "#KeirStarmer" in row["hashtags"]
