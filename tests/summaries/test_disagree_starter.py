"""Where outlets disagree, on the starter corpus's stories whose outlets report different figures."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from broadsheet.summarize import Document, summarize_story

STARTER = Path(__file__).resolve().parents[2] / "src" / "broadsheet" / "starter"


def _stories() -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = defaultdict(list)
    for n, line in enumerate((STARTER / "demo_articles.jsonl").open(encoding="utf-8")):
        row = json.loads(line)
        if row.get("demo_event"):
            out[row["demo_event"]].append(Document(n, row["text"], row["title"], row["source"]))
    return out


def _values(event: str, fact: str) -> dict[str, str]:
    summary = summarize_story(_stories()[event])
    found = {d.fact: {c.outlet: c.value for c in d.claims} for d in summary.disagreements}
    assert fact in found, f"{event}: no disagreement on {fact!r}; found {found}"
    return found[fact]


@pytest.mark.parametrize(
    ("event", "fact", "expected"),
    [
        ("northern-blackout", "number of homes", {"180,000 homes", "210,000 homes"}),
        ("storm-ingrid", "number of homes", {"400 homes", "350 homes"}),
        ("autumn-budget", "number of crowns", {"2.1 billion crowns", "2.4 billion crowns"}),
    ],
)
def test_conflicting_figures_are_stated(event: str, fact: str, expected: set[str]) -> None:
    values = _values(event, fact)
    assert set(values.values()) == expected
    assert len(values) >= 2  # each value named with its own outlet


def test_each_claim_cites_the_sentence_holding_its_value() -> None:
    summary = summarize_story(_stories()["northern-blackout"])
    for disagreement in summary.disagreements:
        for claim in disagreement.claims:
            assert claim.value in claim.citation.text
            assert claim.citation.outlet == claim.outlet


def test_figures_for_different_facts_are_not_a_dispute() -> None:
    # the tram story gives weekday journeys (about 410,000) and journeys lost (about 390,000)
    summary = summarize_story(_stories()["carrow-tram-strike"])
    assert not [d for d in summary.disagreements if "journey" in d.fact]


def test_lead_figures_an_order_apart_count_different_things() -> None:
    docs = [
        Document(
            1,
            "Police recorded 4,900 murders more than a year earlier, the bureau said on Monday.",
            "Murders rise",
            "Outlet A",
        ),
        Document(
            2,
            "The bureau estimated 21,500 murders were committed across the country last year.",
            "Bureau report on murders",
            "Outlet B",
        ),
    ]
    assert not summarize_story(docs).disagreements
