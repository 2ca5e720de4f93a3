"""Story summaries: what happened, what each outlet adds, and where the outlets disagree."""

from __future__ import annotations

from broadsheet.summarize import Document, find_disagreements, summarize_story, units_of
from tests.summaries.corpus import RIVERTON, RIVERTON_B, RIVERTON_C, STORY


def _all_citations_real(summary) -> None:
    index = {(u.article_id, u.sentence_index): u.text for u in units_of(STORY)}
    sentences = [
        *summary.what_happened,
        *(s for a in summary.outlet_additions for s in a.sentences),
    ]
    for sentence in sentences:
        for c in sentence.citations:
            assert index[(c.article_id, c.sentence_index)] == c.text
    for d in summary.disagreements:
        for claim in d.claims:
            assert (
                index[(claim.citation.article_id, claim.citation.sentence_index)]
                == claim.citation.text
            )


def test_story_summary_is_cited_and_spans_outlets() -> None:
    summary = summarize_story(STORY)
    assert 2 <= len(summary.what_happened) <= 3
    assert any("bridge" in s.text for s in summary.what_happened)
    _all_citations_real(summary)


def test_each_outlet_adds_something_the_others_do_not_say() -> None:
    additions = {a.outlet: a.sentences[0].text for a in summarize_story(STORY).outlet_additions}
    assert "9,000 cars" in additions["Evening Post"] or "Insurance" in additions["Evening Post"]
    assert "National Guard" in additions["Valley Radio"]


def test_disagreements_on_numbers_and_days() -> None:
    disagreements = {d.fact: d for d in summarize_story(STORY).disagreements}
    families = disagreements["number of families"]
    assert {(c.outlet, c.value) for c in families.claims} == {
        ("Daily Ledger", "12 families"),
        ("Evening Post", "15 families"),
    }
    days = {c.outlet: c.value for c in disagreements["day of the week"].claims}
    assert days["Evening Post"] == "Wednesday"
    assert days["Daily Ledger"] == "Tuesday"


def test_agreeing_outlets_produce_no_disagreement() -> None:
    assert find_disagreements(units_of([RIVERTON, RIVERTON_C])) == []


def test_names_in_the_same_role_disagree_only_when_each_omits_the_other() -> None:
    a = Document(
        1, "The talks were led by Maria Santos of the port authority on Friday.", outlet="A"
    )
    b = Document(
        2, "The talks were led by Peter Novak of the port authority on Friday.", outlet="B"
    )
    c = Document(
        3,
        "The talks were led by Maria Santos, with Peter Novak, of the port authority on Friday.",
        outlet="C",
    )
    (found,) = find_disagreements(units_of([a, b]))
    assert found.fact == "name after 'by'"
    assert {cl.value for cl in found.claims} == {"Maria Santos", "Peter Novak"}
    assert find_disagreements(units_of([a, c])) == []


def test_unrelated_sentences_are_not_compared() -> None:
    a = Document(1, "The museum reopened on Monday with 40 paintings on show.", outlet="A")
    b = Document(
        2,
        "Fishermen reported 55 paintings of whales in a harbour exhibition on Friday.",
        outlet="B",
    )
    assert find_disagreements(units_of([a, b])) == []


def test_single_outlet_story_has_no_additions_or_disagreements() -> None:
    summary = summarize_story([RIVERTON, Document(7, RIVERTON_B.text, outlet="Daily Ledger")])
    assert summary.outlet_additions == ()
    assert summary.disagreements == ()


def _pair(a: str, b: str) -> list:
    return find_disagreements(units_of([Document(1, a, outlet="A"), Document(2, b, outlet="B")]))


def test_hedged_numbers_close_together_agree() -> None:
    assert (
        _pair(
            "The spending bill runs to some 2,700 pages, senators said on Sunday.",
            "The spending bill runs to 2,702 pages, senators said on Sunday.",
        )
        == []
    )
    (d,) = _pair(
        "The spending bill runs to 2,100 pages, senators said on Sunday.",
        "The spending bill runs to 2,702 pages, senators said on Sunday.",
    )
    assert d.fact == "number of pages"


def test_number_words_ages_and_values_stated_elsewhere() -> None:
    assert (
        _pair(
            "Sixty-seven senators voted for the harbour bill on Thursday.",
            "In all 67 senators voted for the harbour bill on Thursday.",
        )
        == []
    )
    assert (
        _pair(
            "The 8-year-old nephew of the driver saw the harbour crash on Thursday.",
            "The 28-year-old driver died in the harbour crash on Thursday.",
        )
        == []
    )
    assert (
        find_disagreements(
            units_of(
                [
                    Document(
                        1,
                        "Organisers handed in 1,600 signatures to the harbour office.",
                        outlet="A",
                    ),
                    Document(
                        2,
                        "Organisers handed in 1,400 signatures to the harbour office. "
                        "The office counted 1,600 valid entries in the end.",
                        outlet="B",
                    ),
                ]
            )
        )
        == []
    )
