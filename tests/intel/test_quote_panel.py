"""The quotes panel's entries: each quote once, its speaker right, the strongest first.

Cases: the starter "Carrow tram strike" article (written by us), the seed page read from
../shared (skipped when missing; its text is never copied here), and small vectors of our own
for each rule in ``broadsheet.enrich._merge``.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from broadsheet.enrich import Quote, enrich_article
from broadsheet.enrich._merge import tidy_quotes
from tests.support.shared import SEED, require

QUOTED = ("direct", "partial")


def _tram() -> tuple[str, str]:
    with resources.files("broadsheet.starter").joinpath("demo_articles.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            if record["title"].startswith("Carrow tram strike"):
                return str(record["title"]), str(record["text"])
    raise AssertionError("starter tram article missing")


@pytest.fixture(scope="module")
def tram() -> tuple[Quote, ...]:
    return enrich_article(*_tram()).quotes


def _with(found: tuple[Quote, ...], words: str) -> list[Quote]:
    return [q for q in found if words in q.text]


def test_tram_split_quote_is_one_entry(tram: tuple[Quote, ...]) -> None:
    (kerr,) = _with(tram, "fair, and")
    assert kerr.speaker == "Fiona Kerr" and kerr.kind in QUOTED
    assert "the most we can afford without raising fares" in kerr.text
    assert not any(q.text.rstrip().endswith("'fair, and") for q in tram)


def test_tram_quote_broken_by_he_said_is_one_entry(tram: tuple[Quote, ...]) -> None:
    (pike,) = _with(tram, "picket line in November")
    assert (pike.kind, pike.speaker) == ("direct", "Owen Pike")
    assert "run out of patience" in pike.text


def test_tram_reported_speech_is_never_a_quote(tram: tuple[Quote, ...]) -> None:
    reported = _with(tram, "had not taken the decision lightly")
    assert [(q.kind, q.speaker) for q in reported] == [("indirect", "Owen Pike")]


def test_tram_partial_quote_stays_inside_its_sentence(tram: tuple[Quote, ...]) -> None:
    (pryce,) = _with(tram, "real hardship")
    assert pryce.speaker == "Alan Pryce" and "the strike would cause" in pryce.text


def test_tram_panel_order_puts_direct_quotes_first(tram: tuple[Quote, ...]) -> None:
    kinds = [q.kind for q in tram]
    assert kinds[0] == "direct" and "indirect" not in kinds[: kinds.count("direct")]
    assert kinds.index("indirect") > max(i for i, k in enumerate(kinds) if k != "indirect")
    texts = [q.text for q in tram]
    assert len(texts) == len(set(texts))


def _seed() -> tuple[Quote, ...]:
    page = require(SEED / "000_cd1d4b8b4071014e.txt").read_text(encoding="utf-8")
    return enrich_article("", page).quotes


def test_seed_personal_matter_is_reeves() -> None:
    found = _seed()
    (pull,) = [q for q in found if q.text == "It was a personal matter."]
    assert pull.speaker == "Rachel Reeves"


def test_seed_mess_of_our_own_making_is_rotheram() -> None:
    found = [q for q in _seed() if "mess of our own making" in q.text.lower()]
    assert found and all(q.speaker == "Steve Rotheram" for q in found if q.kind in QUOTED)


def test_seed_no_reported_fact_listed_as_a_quote() -> None:
    found = _seed()
    fact = [q for q in found if "then-presidential candidate was shot" in q.text]
    assert all(q.kind == "indirect" for q in fact) and len(fact) <= 1
    assert [q.kind for q in found[:6]] == ["direct"] * 6


def test_pronouns_and_roles_resolve_to_the_named_person() -> None:
    text = (
        "Health Minister Ana Ruiz opened the clinic on Monday.\n\n"
        "'We will hire 200 nurses this year,' she said.\n\n"
        "Opposition leader Tom Bell was not convinced. 'The money is not there,' he added.\n\n"
        "'It will be there,' the minister said."
    )
    found = enrich_article("Clinic opens", text).quotes
    speakers = {q.text: q.speaker for q in found if q.kind == "direct"}
    assert speakers == {
        "We will hire 200 nurses this year,": "Ana Ruiz",
        "The money is not there,": "Tom Bell",
        "It will be there,": "Ana Ruiz",
    }


def _q(text: str, start: int, kind: str = "direct", speaker: str | None = None) -> Quote:
    conf = 0.8 if speaker else 0.0
    return Quote(text, speaker, kind, conf, 0, start, start + len(text) + 2, 0 if speaker else -1)


def test_echo_gives_a_pull_quote_the_credited_speaker() -> None:
    pull = _q("Nothing to hide here.", 0)
    body = _q("nothing to hide here", 200, "partial", "Ann Lee")
    found = {q.start: q.speaker for q in tidy_quotes([pull, body])}
    assert found == {0: "Ann Lee", 200: "Ann Lee"}


def test_short_common_words_do_not_echo() -> None:
    found = tidy_quotes([_q("a mess", 0, "partial"), _q("it is a mess", 90, "direct", "Ann Lee")])
    assert {q.start: q.speaker for q in found}[0] is None


def test_misspelt_surname_is_the_named_person() -> None:
    found = tidy_quotes([_q("We go on.", 0, speaker="Rotherham")], people=["Steve Rotheram"])
    assert found[0].speaker == "Steve Rotheram"
    kept = tidy_quotes([_q("We go on.", 0, speaker="Smith")], people=["Steve Rotheram"])
    assert kept[0].speaker == "Smith"


def test_nested_reported_speech_is_listed_once() -> None:
    outer = _q("he said the plan was late and that costs had risen", 10, "indirect", "Ann Lee")
    inner = _q("costs had risen", 45, "indirect", "Ann Lee")
    assert [q.text for q in tidy_quotes([outer, inner])] == [outer.text]


def test_strong_quotes_rank_before_fragments_and_unknown_speakers() -> None:
    strong = _q(
        "We have a plan, we have the money, and we will start building in May.",
        300,
        speaker="Ann Lee",
    )
    fragment = _q("plan", 10, "partial", "Ann Lee")
    unknown = _q("It is late.", 100)
    said = _q("the plan was late", 400, "indirect", "Ann Lee")
    order = [q.start for q in tidy_quotes([fragment, unknown, strong, said])]
    assert order == [300, 10, 100, 400]
