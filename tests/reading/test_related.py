"""The article page's related coverage: same story first, outlet, age, lead line and why.

The acceptance case rebuilds the seed page (../shared/seed) at test time: its main article and
the three related articles it lists, alone in the corpus, imported through the real pipeline.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.pipeline._cluster import forget
from broadsheet.reading import RelatedCoverage, related_coverage
from broadsheet.reading._related import SAME_STORY, lead_line, reason_text
from tests.stories.seed import parse
from tests.support.shared import SEED, require

SEED_PAGE = "000_cd1d4b8b4071014e.txt"


def _related_section(html: str) -> str:
    found = re.search(r'<section class="related-coverage".*?</section>', html, re.S)
    assert found, "the article page has no related coverage block"
    return unescape(found.group(0))


def _items(section: str) -> list[str]:
    return re.findall(r'<li class="related-item.*?</li>', section, re.S)


def test_lead_line_is_the_first_paragraph_cut_at_a_word() -> None:
    assert lead_line("Short first.\n\nSecond paragraph.") == "Short first."
    long = "word " * 60
    cut = lead_line(long)
    assert cut.endswith("…") and len(cut) <= 201 and not cut[:-1].endswith(" ")
    assert lead_line("  spaced\n out  text ") == "spaced out text"


def test_reasons_read_as_sentences() -> None:
    assert reason_text("also about Keir Starmer") == "Also about Keir Starmer"
    assert reason_text("background: also about Labour") == "Earlier coverage, also about Labour"
    assert reason_text("follow-up: similar wording") == "Later coverage, similar wording"


def _seed_lines() -> tuple[list[str], list[dict[str, str]]]:
    main, expected = parse(require(SEED / SEED_PAGE))
    assert len(expected) == 3, "the seed page lists three related articles"
    now = timezone.now()
    rebuilt = [replace(a, published=now - (main.published - a.published)) for a in expected]
    records = [a.record(n) for n, a in enumerate(rebuilt, 1)]
    records.append(replace(main, published=now - timedelta(minutes=5)).record(0))
    return [json.dumps(r) for r in records], records


@pytest.mark.django_db(transaction=True)
def test_seed_main_article_page_lists_its_three_related_articles_with_outlet_and_age(
    client: Client,
) -> None:
    forget()
    lines, records = _seed_lines()
    report = import_articles(lines)
    assert report.rejected == 0, report.problems
    main_id = report.ids[-1]

    block = related_coverage(main_id)
    assert isinstance(block, RelatedCoverage)
    outlets = [item.outlet for item in block.items]
    assert sorted(outlets) == ["BBC News", "Daily Mail", "The Guardian"], block
    for item in block.items:
        assert item.lead and len(item.lead) <= 201 and item.reason and item.url
        assert item.published_at is not None
    reasons = [i.reason for i in block.items]
    same = [i for i in block.items if i.reason == SAME_STORY]
    assert reasons[: len(same)] == [SAME_STORY] * len(same)  # same-story coverage comes first
    assert all(r == SAME_STORY or r.startswith("Also about") for r in reasons), reasons

    html = client.get(f"/articles/{main_id}/").content.decode()
    items = _items(_related_section(html))
    assert len(items) == 3, items
    ages = {
        "BBC News": "38 minutes ago",
        "Daily Mail": "39 minutes ago",
        "The Guardian": "an hour ago",
    }
    titles = {r["source"]: r["title"] for r in records[:3]}
    for outlet, age in ages.items():
        item = next((i for i in items if f'<span class="outlet">{outlet}</span>' in i), "")
        assert item, f"{outlet} is missing from the related block"
        assert age in item and titles[outlet] in unescape(item), item
        assert re.search(r'<p class="lead">[^<]{40,}</p>', item), item
        assert re.search(r'<p class="why">(Same story|Also about [^<]+)</p>', item), item


@pytest.mark.django_db(transaction=True)
def test_copies_and_the_article_itself_never_appear_and_an_alone_article_has_no_block(
    client: Client,
) -> None:
    forget()
    text = "\n\n".join(
        [
            "Harbour pilots in Saltmere voted to strike over new night shift rotas on Monday.",
            "The pilots union said talks with the port authority had failed after three weeks.",
            "Ferries to the islands will run a reduced timetable from Wednesday, the operator said.",
        ]
    )
    now = timezone.now()
    base = {"title": "Saltmere harbour pilots vote to strike", "text": text}
    lines = [
        json.dumps(
            base
            | {
                "url": "https://one.example/a",
                "source": "One",
                "published": (now - timedelta(hours=2)).isoformat(),
            }
        ),
        json.dumps(
            base
            | {
                "url": "https://two.example/a",
                "source": "Two",
                "published": (now - timedelta(hours=1)).isoformat(),
            }
        ),
    ]
    first, copy = import_articles(lines).ids
    block = related_coverage(first)
    assert copy not in [i.article_id for i in block.items]
    assert first not in [i.article_id for i in block.items]
    assert not block  # nothing but a copy of itself: the page shows no empty block
    html = client.get(f"/articles/{first}/").content.decode()
    assert 'class="related-coverage"' not in html


@pytest.mark.django_db(transaction=True)
def test_starter_corpus_pages_show_their_story_first_and_few_are_left_without_a_block() -> None:
    from broadsheet.reading import article_story, story_detail
    from broadsheet.starter import demo_articles_path

    forget()
    text = demo_articles_path().read_text(encoding="utf-8")
    ids = import_articles([line for line in text.splitlines() if line.strip()]).ids
    empty = 0
    for aid in ids:
        block = related_coverage(aid)
        empty += not block
        card = article_story(aid)
        story = story_detail(card.id) if card else None
        mine = next((a.outlet for a in story.articles if a.id == aid), "") if story else ""
        others = (
            {
                a.outlet
                for a in story.articles
                if a.outlet != mine and a.duplicate_of is None and a.syndicated_from is None
            }
            if story
            else set()
        )
        same = [i for i in block.items if i.same_story]
        assert {i.outlet for i in same} == others or len(same) == 5, (aid, same, others)
        assert block.items[: len(same)] == tuple(same)
        assert len({i.article_id for i in block.items}) == len(block.items)
    assert empty <= 3, f"{empty} of {len(ids)} starter articles show no related coverage"
