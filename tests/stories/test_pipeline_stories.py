"""Through the real pipeline: copies stored once with every URL, stories, export, CLI, staff."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from broadsheet.cli import main
from broadsheet.pipeline import import_articles
from broadsheet.pipeline._cluster import forget, recluster
from broadsheet.reading import front_page
from broadsheet.storage.models import Article
from broadsheet.storage.stories import decisions
from broadsheet.storage.stories.models import Membership, Signature
from broadsheet.storage.stories.queries import article_story, explain, get_story
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def _basil(stories: int) -> list[dict[str, Any]]:
    with open(require(FIXTURES / "stories" / "basil_triplets.jsonl"), encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    labels = list(dict.fromkeys(r["story_id"] for r in rows))[:stories]
    return [r for r in rows if r["story_id"] in labels]


def _line(r: dict[str, Any], **extra: Any) -> str:
    base = {
        "url": r["url"],
        "title": r["title"],
        "text": r["text"],
        "source": r["source"],
        "published": r["published"] + "T08:00:00+00:00",
    }
    return json.dumps(base | extra)


@pytest.fixture
def corpus() -> dict[str, Any]:
    forget()
    rows = _basil(4)
    original = rows[0]
    paras = original["text"].split("\n\n")
    random.Random(1).shuffle(paras)
    near = "\n\n".join([*paras, "Follow us for more news. Sign up to our newsletter."])
    lines = [_line(r) for r in rows]
    lines += [
        _line(
            original,
            url=original["url"] + "?utm_source=twitter&fbclid=abc",
            source="Feed copy",
            published=original["published"] + "T09:00:00+00:00",
        ),
        _line(
            original,
            url="https://wire.example/story/1",
            source="Wire Reprints",
            published=original["published"] + "T10:00:00+00:00",
        ),
        _line(
            original,
            url="https://syndicator.example/p/9",
            source="Syndicator",
            text=near,
            title="Updated: " + original["title"],
            published=original["published"] + "T11:00:00+00:00",
        ),
    ]
    report = import_articles(lines)
    assert report.rejected == 0
    ids = report.ids
    return {
        "rows": rows,
        "ids": ids,
        "original": ids[0],
        "utm": ids[-3],
        "wire": ids[-2],
        "near": ids[-1],
    }


def _story_map() -> dict[int, int]:
    return {a: article_story(a).id for a in Article.objects.values_list("id", flat=True)}  # type: ignore[union-attr]


def test_copies_are_kept_marked_and_credited_to_the_first_publisher(corpus: dict[str, Any]) -> None:
    sig = {s.article_id: s for s in Signature.objects.all()}
    original, utm, wire, near = corpus["original"], corpus["utm"], corpus["wire"], corpus["near"]
    assert Article.objects.count() == len(corpus["ids"])  # nothing deleted
    assert sig[utm].duplicate_of_id == original and sig[wire].duplicate_of_id == original
    assert sig[utm].canonical_url == sig[original].canonical_url
    urls = {a["url"] for a in sig[original].alternates}
    assert {Article.objects.get(id=i).url for i in (original, utm, wire)} <= urls
    assert sig[near].duplicate_of_id is None and sig[near].syndicated_from_id == original
    assert sig[near].similarity >= 0.5
    story = article_story(original)
    assert story is not None
    for copy in (utm, wire, near):
        assert article_story(copy).id == story.id  # type: ignore[union-attr]
    detail = get_story(story.id)
    assert detail.first_reported_by == corpus["rows"][0]["source"]
    by_id = {a.id: a for a in detail.articles}
    assert by_id[utm].duplicate_of == original and by_id[near].syndicated_from == original


def test_each_basil_event_is_one_story_with_headline_outlets_and_explanations(
    corpus: dict[str, Any],
) -> None:
    labels = {}
    for r, aid in zip(corpus["rows"], corpus["ids"], strict=False):
        labels.setdefault(r["story_id"], set()).add(article_story(aid).id)  # type: ignore[union-attr]
    assert all(len(s) == 1 for s in labels.values()) and len({*map(min, labels.values())}) == 4
    cards = front_page(10)
    assert len(cards) == 4 and all(c.size >= 3 and len(c.outlets) >= 3 for c in cards)
    assert all(c.headline and c.first_published <= c.last_published for c in cards)  # type: ignore[operator]
    joined = [explain(a) for a in corpus["ids"][:12] if explain(a)["method"] == "engine"]
    assert any("joined story" in e["text"] and e["score"] >= e["threshold"] for e in joined)
    assert any(e["shared_entities"] for e in joined if "joined" in e["text"])


def test_export_and_stories_command(
    corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_id = {r["id"]: r for r in rows}
    for key in ("canonical_url", "duplicate_of", "syndicated_from", "story_id", "related"):
        assert key in rows[0]
    assert by_id[corpus["utm"]]["duplicate_of"] == corpus["original"]
    assert by_id[corpus["near"]]["syndicated_from"] == corpus["original"]
    assert by_id[corpus["original"]]["canonical_url"].startswith("https://")
    assert all({"url", "score", "reason"} <= set(x) for r in rows for x in r["related"])
    assert main(["stories", "--format", "json"]) == 0
    stories = json.loads(capsys.readouterr().out)
    assert len(stories) == 4 and all(s["articles"] and s["headline"] for s in stories)
    assert main(["stories"]) == 0 and "articles" in capsys.readouterr().out
    assert main(["story-why", str(corpus["ids"][1])]) == 0
    why = json.loads(capsys.readouterr().out)
    assert why["story_id"] and why["text"] and "related" in why
    assert main(["story-merge", "1", "1"]) == 1
    assert "two different story IDs" in capsys.readouterr().err
    assert main(["recluster"]) == 0 and "stories" in capsys.readouterr().out


def test_recluster_is_idempotent_and_keeps_story_ids(corpus: dict[str, Any]) -> None:
    before = _story_map()
    recluster()
    after = _story_map()
    recluster()
    assert _story_map() == after == before
    texts = [explain(a)["text"] for a in corpus["ids"]]
    assert all("story -" not in t for t in texts)  # no temporary IDs leak into explanations


def test_staff_move_merge_and_split_survive_reclustering(corpus: dict[str, Any]) -> None:
    ids = corpus["ids"]
    a, b, c = (article_story(ids[i]).id for i in (0, 3, 6))  # type: ignore[union-attr]
    decisions.move_article(ids[4], a)
    decisions.merge_stories(c, b)
    assert get_story(c).id == b  # the merged ID redirects
    members_a = sorted(get_story(a).article_ids)
    split_off = [m for m in members_a if m != corpus["original"]][:1]
    new_id = decisions.split_story(a, split_off)
    expected = _story_map()
    recluster()
    assert _story_map() == expected
    assert article_story(ids[4]).id == a and article_story(split_off[0]).id == new_id  # type: ignore[union-attr]
    assert Membership.objects.filter(method="staff").exists()
    with pytest.raises(decisions.StoryDecisionError):
        decisions.merge_stories(b, b)


def test_running_the_steps_twice_changes_nothing(corpus: dict[str, Any]) -> None:
    from broadsheet.pipeline import _cluster, _dedupe

    before = _story_map()
    _dedupe.run(corpus["ids"])
    assert _cluster.run(corpus["ids"]).articles == 0
    assert _story_map() == before


def test_a_new_process_rebuilds_the_engine_from_storage_and_keeps_placing() -> None:
    forget()
    rows = _basil(1)
    first = import_articles([_line(r) for r in rows[:2]])
    forget()  # as if another process (or a restart) placed the first two
    third = import_articles([_line(rows[2])])
    story = article_story(third.ids[0])
    assert story is not None and story.id == article_story(first.ids[0]).id  # type: ignore[union-attr]
    assert story.size == 3
