"""Summary candidates are the article's own prose: no embed, caption, byline or quote piece."""

from __future__ import annotations

import json
from pathlib import Path

from broadsheet.summarize import Document, split_sentences, summarize_article
from broadsheet.summarize._prose import prose_flags, quotes_balanced, strip_dateline

STARTER = Path(__file__).resolve().parents[2] / "src" / "broadsheet" / "starter"

ARTICLE = "\n\n".join(
    [
        "PORTVALE — The harbour board approved a new ferry terminal for Portvale on Tuesday "
        "after a two-year planning fight.",
        "By Jane Holloway",
        "The terminal will cost 90 million crowns and open to passengers in the spring of 2028.",
        "The board announced the result on its account shortly after the vote:",
        "The new terminal has been approved. Work starts in January. #Portvale\n"
        "— Portvale Harbour (@PortvaleHarbour) March 3, 2026",
        "Photo: Cranes stand over the old quay at Portvale (Getty Images)",
        "'We have waited a very long time for this,' said harbour master Tom Reyes. 'It changes",
        "everything for the town,' he added.",
        "Opponents said the larger ferries would bring heavy lorries through the old town centre.",
        "Sign up for our daily newsletter to get the latest local news.",
    ]
)


def test_flags_line_up_with_the_sentences() -> None:
    assert len(prose_flags(ARTICLE)) == len(split_sentences(ARTICLE))


def test_only_the_reporters_prose_is_a_candidate() -> None:
    kept = [s for s, ok in zip(split_sentences(ARTICLE), prose_flags(ARTICLE), strict=True) if ok]
    assert kept == [
        split_sentences(ARTICLE)[0],
        "The terminal will cost 90 million crowns and open to passengers in the spring of 2028.",
        "Opponents said the larger ferries would bring heavy lorries through the old town centre.",
    ]


def test_summary_drops_dateline_and_keeps_citation() -> None:
    summary = summarize_article(
        Document(4, ARTICLE, "Harbour board approves Portvale ferry terminal")
    )
    first = summary.sentences[0]
    assert first.text.startswith("The harbour board approved")
    assert first.citations[0].text.startswith("PORTVALE — ")
    texts = " ".join(s.text for s in summary.sentences)
    assert "@" not in texts and "Getty" not in texts and "newsletter" not in texts
    assert "'" not in texts


def test_datelines_and_quote_balance() -> None:
    assert strip_dateline("WASHINGTON (AP) — The Senate voted.") == "The Senate voted."
    assert strip_dateline("LONDON, Jan 5 (Reuters) - Prices rose.") == "Prices rose."
    assert strip_dateline("NASA said the launch slipped.") == "NASA said the launch slipped."
    assert quotes_balanced("He called it “a disgrace” on Monday.")
    assert not quotes_balanced("the offer was “fair, and")
    assert not quotes_balanced("'I think we can win this.")
    assert quotes_balanced("The drivers' union met on Monday.")


def test_starter_embedded_posts_never_reach_a_summary() -> None:
    rows = [json.loads(line) for line in (STARTER / "demo_articles.jsonl").open()]
    with_posts = [r for r in rows if "(@" in r["text"]]
    assert with_posts, "the starter corpus should hold an article with an embedded post"
    for n, row in enumerate(with_posts):
        summary = summarize_article(Document(n, row["text"], row["title"], row["source"]))
        for sentence in summary.sentences:
            assert "@" not in sentence.text
            assert not sentence.text.endswith(":")
            assert quotes_balanced(sentence.text)


def test_a_quote_running_over_sentences_is_not_prose() -> None:
    text = (
        "The mayor spoke to reporters on Friday. "
        "She said: 'It has been a hard year for the town. We never stopped working for it. "
        "And we will keep going.' The council meets again next week."
    )
    flags = dict(zip(split_sentences(text), prose_flags(text), strict=True))
    assert flags["We never stopped working for it."] is False
    assert flags["And we will keep going.'"] is False
    assert flags["The council meets again next week."] is True
    assert flags["The mayor spoke to reporters on Friday."] is True
