"""Entities: canonical names across honorifics and partial names; hashtags from them."""

from __future__ import annotations

from broadsheet.enrich import enrich_article, rename_people
from broadsheet.enrich._names import cluster_people, split_title

TEXT = (
    "Sir Tobias Grant arrived in Leeds on Monday to meet officials from the Environment Agency.\n\n"
    "Sir Tobias said the flood defences were 'overdue'. Mr Grant later met Ms Okafor.\n\n"
    "Grant and Helen Okafor toured the flood defences along the river with Environment Agency staff.\n\n"
    "Ms Okafor said the flood defences needed more money."
)


def test_honorifics_are_stripped_for_identity_and_kept_for_display() -> None:
    assert split_title("Sir Keir Starmer") == (["Sir"], ["Keir", "Starmer"])
    assert split_title("Mr. Trump's") == (["Mr"], ["Trump"])
    mapping, people = cluster_people(["Sir Tobias Grant", "Sir Tobias", "Mr Grant", "Grant"])
    assert set(mapping.values()) == {"Tobias Grant"}
    assert people["Tobias Grant"].gender == "m"


def test_first_name_alone_only_matches_with_a_knighthood() -> None:
    mapping, _ = cluster_people(["Nick Robinson", "Nick"])
    assert mapping["Nick"] == "Nick"


def test_article_entities_use_canonical_names() -> None:
    result = enrich_article("Flood defences in Leeds", TEXT)
    people = {e.name: e for e in result.entities if e.kind == "person"}
    assert set(people) == {"Tobias Grant", "Helen Okafor"}
    assert (
        people["Tobias Grant"].display == "Sir Tobias Grant" and people["Tobias Grant"].count == 4
    )
    assert "Leeds" in {e.name for e in result.entities if e.kind == "place"}


def test_hashtags_are_camel_case_deduplicated_and_stable() -> None:
    first = enrich_article("Flood defences in Leeds", TEXT).hashtags
    assert 3 <= len(first) <= 8
    assert "TobiasGrant" in first and "Grant" not in first and "FloodDefence" in first
    assert first == enrich_article("Flood defences in Leeds", TEXT).hashtags


def test_short_article_still_gets_hashtags() -> None:
    tags = enrich_article(
        "Storm closes harbour", "A storm closed the harbour in Whitby on Sunday."
    ).hashtags
    assert len(tags) >= 1


def test_lone_surname_takes_the_full_name_known_elsewhere() -> None:
    result = enrich_article(
        "Talks", "Mr Grant said the talks would continue next week with the unions."
    )
    renamed = rename_people(result, {"Grant": "Tobias Grant"})
    assert [e.name for e in renamed.entities if e.kind == "person"] == ["Tobias Grant"]
    assert {q.speaker for q in renamed.quotes} == {"Tobias Grant"}


def test_named_storms_are_events_not_people() -> None:
    from broadsheet.enrich import enrich_article

    text = (
        "Storm Ingrid drove seawater through the streets of Saltmere overnight, the council "
        "said. Forecaster Kofi Mensah said Storm Ingrid would weaken by Wednesday."
    )
    result = enrich_article("Storm Ingrid floods Saltmere", text, [])
    kinds = {e.name: e.kind for e in result.entities}
    assert kinds.get("Storm Ingrid") == "event"
    assert "Ingrid" not in kinds and kinds.get("Kofi Mensah") == "person"
    assert "StormIngrid" in result.hashtags
    assert all(q.speaker != "Storm Ingrid" for q in result.quotes)


def test_lone_surname_tagged_as_an_organisation_is_the_named_person() -> None:
    from broadsheet.enrich._analysis import Mention, _people_by_surname

    mentions = [
        Mention(0, 11, "Donald Grant", "person"),
        Mention(40, 45, "Grant", "org"),
        Mention(60, 65, "Apple", "org"),
    ]
    _people_by_surname(mentions)
    assert [m.kind for m in mentions] == ["person", "person", "org"]
