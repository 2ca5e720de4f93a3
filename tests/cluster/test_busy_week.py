"""Busy weeks: figures as terms, a clear winner's lower bar, rare words and live stories first."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.cluster import Settings, StoryEngine, features, reason
from broadsheet.cluster._features import BODY_TERMS, figures, is_figure

HOUR = 3600.0

# Made-up articles: two events of one week in one town, told by the same people.
FERRY = (
    "Marlow ferry crews walk out over 4,200 pound pay offer",
    "Ferry crews in Marlow walked out on Tuesday after the harbour board offered 4,200 pounds. "
    "Mayor Ada Quill said the crossings would stay shut until the board returned to talks.",
)
FERRY_AGAIN = (
    "Marlow ferries stay shut as crews reject 4,200 pound offer",
    "The crossings stayed shut on Wednesday: crews turned down the 4,200 pound offer again and "
    "the harbour board said no new talks were planned, Ada Quill told reporters in Marlow.",
)
LIBRARY = (
    "Marlow library reopens after roof repairs",
    "Mayor Ada Quill reopened the Marlow library on Tuesday after roof repairs that took a year. "
    "Readers queued at the door and the children's room was full by noon, Quill said.",
)


def _place(engine: StoryEngine, article_id: int, art: tuple[str, str], at: float) -> int:
    return engine.place(article_id, features(art[0], art[1], at), with_related=False).story_id


def test_figures_are_keys_written_one_way_beside_the_words_and_single_digits_are_not() -> None:
    found = figures("Crews asked 4,200; the board said 4200 and 3.5 per cent, on 9 ferries.")
    assert found == {"4200": 2, "3.5": 1}
    wordy = "Crews " + " ".join(f"word{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(80))
    f = features("Offer of 4,200 pounds", wordy + " asked 4,200.", 0.0)
    assert f.body["4200"] > 0 and f.title["4200"] > 0
    assert len([k for k in f.body if not is_figure(k)]) == BODY_TERMS  # figures come on top


def _scores(arts: list[tuple[str, str]]) -> float:
    """The best score the last article gets against the stories of the others, each placed in
    its own story first (permissive settings; the same term frequencies as the test's engine)."""
    engine = StoryEngine(Settings(threshold=0.0, clear_threshold=0.0, link_threshold=0.0))
    for i, art in enumerate(arts[:-1]):
        engine.place(i, features(art[0], art[1], i * HOUR), pin=100 + i, with_related=False)
    last = engine.place(9, features(arts[-1][0], arts[-1][1], 5 * HOUR), with_related=False)
    return last.explanation.score


def _bars(scores: list[float]) -> Settings:
    """Settings whose full threshold is above every score and whose clear-winner bar is below."""
    return Settings(
        threshold=max(scores) + 0.05,
        clear_threshold=min(scores) - 0.05,
        clear_ratio=0.15,  # the library story scores about a fifth of the ferry story
        link_threshold=0.0,
        merge_threshold=1.0,
    )


def test_an_article_close_to_one_story_only_joins_it_below_the_full_threshold() -> None:
    settings = _bars([_scores([FERRY, FERRY_AGAIN])])
    engine = StoryEngine(settings)
    first = _place(engine, 1, FERRY, 0.0)
    assert _place(engine, 2, FERRY_AGAIN, 5 * HOUR) == first
    strict = StoryEngine(replace(settings, clear_threshold=0.0))  # no clear-winner bar
    first = _place(strict, 1, FERRY, 0.0)
    assert _place(strict, 2, FERRY_AGAIN, 5 * HOUR) != first


def test_an_article_close_to_two_stories_needs_the_full_threshold() -> None:
    settings = _bars([_scores([FERRY, FERRY_AGAIN]), _scores([FERRY, LIBRARY, FERRY_AGAIN])])
    alone = StoryEngine(settings)
    ferry = _place(alone, 1, FERRY, 0.0)
    assert _place(alone, 3, FERRY_AGAIN, 5 * HOUR) == ferry
    busy = StoryEngine(settings)
    ferry = _place(busy, 1, FERRY, 0.0)
    assert _place(busy, 2, LIBRARY, HOUR) != ferry  # a shared mayor and town make no story
    placed = busy.place(3, features(*FERRY_AGAIN, 5 * HOUR), with_related=False)
    assert placed.created and placed.explanation.threshold == settings.threshold


def test_a_full_length_article_needs_the_full_threshold_even_as_a_clear_winner() -> None:
    settings = _bars([_scores([FERRY, FERRY_AGAIN])])
    filler = " ".join(f"word{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(70))
    long_again = (FERRY_AGAIN[0], FERRY_AGAIN[1] + " " + filler)
    assert len(features(*long_again, 0.0).body) >= settings.clear_terms
    engine = StoryEngine(settings)
    _place(engine, 1, FERRY, 0.0)
    placed = engine.place(2, features(*long_again, 5 * HOUR), with_related=False)
    assert placed.created and placed.explanation.threshold == settings.threshold


def test_stories_that_aged_out_take_no_candidate_place() -> None:
    settings = Settings(candidates=1, window_days=1.0, threshold=0.05, clear_threshold=0.0)
    engine = StoryEngine(settings)
    old = _place(engine, 1, FERRY, 0.0)  # shares the most keys with the last article
    day3 = 3 * 24 * HOUR
    live = _place(engine, 2, ("Harbour board meets", "The harbour board met in Marlow."), day3)
    assert old not in engine.stories  # aged out when the second article arrived
    assert _place(engine, 3, FERRY_AGAIN, day3 + HOUR) == live


def test_a_rare_shared_word_outranks_common_shared_words_among_candidates() -> None:
    engine = StoryEngine(Settings(candidates=1, threshold=0.0, clear_threshold=0.0))
    common = ("Council budget vote", "The council budget vote passed. Council budget talks end.")
    for i in range(10):  # many articles use the common words, so they weigh little
        engine.place(10 + i, features(*common, i * 60.0), pin=500, with_related=False)
    rare = _place(engine, 20, ("Zephyrine lamps", "Zephyrine lamps lit the pier."), 700.0)
    probe = ("Zephyrine glows", "The council budget backs zephyrine.")  # 2 common keys, 1 rare
    assert _place(engine, 21, probe, 800.0) == rare


def test_a_related_reason_names_words_not_bare_figures() -> None:
    engine = StoryEngine()
    a = features("Harbour 4,200 4,200 4,200", "Crews of 4,200 4,200 walked out on 4,200.", 0.0)
    b = features("Harbour 4,200 4,200 talks", "Talks on 4,200 4,200 went on at 4,200.", 60.0)
    engine.place(1, a, with_related=False)
    engine.place(2, b, with_related=False)
    why = reason(engine.docs[1], engine.docs[2])
    assert "4200" not in why and "harbour" in why


def test_articles_of_two_stories_sharing_only_figures_are_not_related() -> None:
    engine = StoryEngine()
    a = features("Harbour crews strike", "Crews struck over 4,200 and 1,750 and 2,025.", 0.0)
    b = features("Museum tickets sold", "The museum sold 4,200 and 1,750 and 2,025.", 60.0)
    engine.place(1, a, pin=10, with_related=False)
    placed = engine.place(2, b, pin=20)
    assert 1 not in [hit.article_id for hit in placed.related]
