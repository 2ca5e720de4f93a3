"""Speakers: after, before (colon), middle attribution, pronouns, roles, continuations, unknowns."""

from __future__ import annotations

from broadsheet.enrich import Quote, enrich_article

TITLE = "Council leader defends bridge plan"


def quotes(
    text: str, title: str = TITLE, embeds: list[dict[str, object]] | None = None
) -> list[Quote]:
    return list(enrich_article(title, text, embeds or []).quotes)


def one(found: list[Quote], words: str, kinds: tuple[str, ...] = ("direct", "partial")) -> Quote:
    hits = [q for q in found if words in q.text and q.kind in kinds]
    assert hits, f"no quote with {words!r} in {[q.text for q in found]}"
    return hits[0]


def test_attribution_after_the_quote() -> None:
    text = (
        "Maria Lopez, the council leader, spoke on Monday.\n\n"
        "'We will build the bridge before winter,' Ms Lopez said of the plans."
    )
    q = one(quotes(text), "build the bridge")
    assert (q.speaker, q.kind) == ("Maria Lopez", "direct") and q.confidence >= 0.8


def test_colon_introduction_with_a_pronoun() -> None:
    text = (
        "Council leader Maria Lopez visited the site.\n\n"
        'She said: "The river crossing is long overdue and we know it."'
    )
    q = one(quotes(text), "river crossing")
    assert q.speaker == "Maria Lopez" and 0 < q.confidence < 0.9


def test_middle_attribution_keeps_the_speaker_for_both_parts() -> None:
    text = "“The money is there,” said Tom Hughes, the treasurer. “The will is there too.”"
    found = quotes(text)
    assert one(found, "money is there").speaker == "Tom Hughes"
    assert one(found, "will is there").speaker == "Tom Hughes"


def test_bare_continuation_paragraph_keeps_the_previous_speaker() -> None:
    text = (
        "Tom Hughes said the budget was 'tight but workable' this year.\n\n"
        "'We have found savings in every department and none of them were easy.'"
    )
    q = one(quotes(text), "found savings")
    assert q.speaker == "Tom Hughes" and q.confidence <= 0.6


def test_pronoun_picks_the_earlier_subject_not_the_object() -> None:
    text = "Maria Lopez met Tom Hughes on Friday.\n\n'It was a productive meeting,' she said."
    assert one(quotes(text), "productive meeting").speaker == "Maria Lopez"


def test_role_linked_by_the_article_resolves() -> None:
    text = (
        "Prime Minister Anna Berg opened the session.\n\n"
        "Later the prime minister said the plan was 'ready to go'."
    )
    assert one(quotes(text), "ready to go").speaker == "Anna Berg"


def test_unlinked_role_stays_unknown() -> None:
    text = "Nobody was named.\n\n'The figures do not add up at all,' an official said."
    q = one(quotes(text), "figures do not add up")
    assert q.speaker is None and q.confidence == 0.0


def test_quote_without_any_speaker_is_unknown_not_guessed() -> None:
    text = "The report was published on Monday.\n\n'A river of money flows through the town every single day.'"
    q = one(quotes(text), "river of money")
    assert q.speaker is None


def test_indirect_speech_is_kind_indirect() -> None:
    text = "Maria Lopez said the bridge would cost more than the council had planned."
    q = one(quotes(text), "the bridge would cost more", kinds=("indirect",))
    assert q.speaker == "Maria Lopez"


def test_partial_quote_inside_reported_speech() -> None:
    text = "Ms Lopez said the delay was a 'regrettable but necessary' step."
    found = quotes(text, title="Maria Lopez speaks")
    q = one(found, "regrettable but necessary")
    assert (q.kind, q.speaker) == ("partial", "Maria Lopez")


def test_quote_in_embedded_post_is_attributed_inside_the_post() -> None:
    text = (
        "Tom Hughes said the meeting went well.\n\n"
        '"It was a hard week for everyone."\n\n'
        'Maria Lopez has told reporters that the project was "never in doubt".\n\n'
        "— City News (@citynews) March 4, 2025\n\n"
        "The council meets again next week."
    )
    embeds = [
        {
            "platform": "x",
            "handle": "@citynews",
            "author": "City News",
            "published": "2025-03-04",
            "text": 'Maria Lopez has told reporters that the project was "never in doubt".',
            "url": None,
            "source": "text",
        }
    ]
    found = quotes(text, embeds=embeds)
    opener = one(found, "hard week")
    assert opener.speaker == "Maria Lopez" and opener.in_embed == 0
    assert one(found, "never in doubt").speaker == "Maria Lopez"


def test_reported_speech_starts_at_its_own_words_not_the_dateline_or_a_stray_mark() -> None:
    text = ("HARBOURTON, Mar 3 (Coast Wire) - Two ferries collided outside the harbour on Monday "
            "morning, the port authority said.\n\n"
            "\"Nobody was hurt,\" said Mira Voss, the harbour master. \"We were lucky.\"\n\n"
            "One ferry was towed back to its berth with a dented bow, police said.")
    indirect = [q for q in enrich_article("Ferries collide", text, []).quotes
                if q.kind == "indirect"]
    assert [q.text for q in indirect] == [
        "Two ferries collided outside the harbour on Monday morning",
        "One ferry was towed back to its berth with a dented bow",
    ]
    assert all(text[q.start:q.end] == q.text for q in indirect)
