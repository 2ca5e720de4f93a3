"""Front-page ranking: breadth decayed by age, interests raise, muted outlets do not count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.frontpage import HALF_LIFE_HOURS, Candidate, anchor, rank

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def story(i: int, outlets: int, hours_ago: float, terms: tuple[str, ...] = ()) -> Candidate:
    return Candidate(
        i,
        tuple(f"Outlet {k}" for k in range(outlets)),
        NOW - timedelta(hours=hours_ago),
        frozenset(terms),
    )


def test_a_wide_fresh_story_beats_a_wider_stale_one() -> None:
    stale, fresh = story(1, 10, hours_ago=48), story(2, 4, hours_ago=1)
    assert rank([stale, fresh], NOW) == [2, 1]


def test_breadth_wins_among_stories_of_the_same_age() -> None:
    assert rank([story(1, 2, 3), story(2, 9, 3), story(3, 5, 3)], NOW) == [2, 3, 1]


def test_one_half_life_halves_the_weight_of_breadth() -> None:
    # 8 outlets one half-life ago weigh as much as 4 now; ties go to the newer story
    older, newer = story(1, 8, HALF_LIFE_HOURS), story(2, 4, 0)
    assert rank([older, newer], NOW) == [2, 1]
    assert rank([story(1, 9, HALF_LIFE_HOURS), newer], NOW) == [1, 2]


def test_interests_raise_a_story_but_never_hide_one() -> None:
    politics = story(1, 6, 2, ("e:Keir Starmer",))
    football = story(2, 5, 2, ("t:football", "e:Arsenal"))
    assert rank([politics, football], NOW) == [1, 2]
    fan = {"t:football": 0.6, "e:Arsenal": 0.4}
    assert rank([politics, football], NOW, fan) == [2, 1]
    assert rank([politics, football], NOW, {"t:cooking": 1.0}) == [1, 2]


def test_muted_outlets_do_not_count_and_a_story_only_they_cover_is_left_out() -> None:
    a = Candidate(1, ("Daily Shout", "Evening Yell", "Morning Post"), NOW)
    b = Candidate(2, ("City Paper", "Harbour News"), NOW)
    c = Candidate(3, ("Daily Shout",), NOW)
    assert rank([a, b, c], NOW) == [1, 2, 3]
    assert rank([a, b, c], NOW, muted_outlets={"Daily Shout", "Evening Yell"}) == [2, 1]


def test_ages_count_from_the_newest_story_when_feeds_paused() -> None:
    newest = NOW - timedelta(days=10)
    assert anchor(newest, NOW) == newest
    assert anchor(NOW + timedelta(hours=1), NOW) == NOW  # a clock running ahead does not count
    assert anchor(None, NOW) == NOW


@given(
    st.lists(st.tuples(st.integers(0, 30), st.floats(0, 200)), max_size=30),
    st.dictionaries(st.sampled_from(["e:A", "e:B", "t:c"]), st.floats(0, 1)),
)
def test_rank_is_a_permutation_of_the_unmuted_stories(
    rows: list[tuple[int, float]], wants: dict[str, float]
) -> None:
    stories = [story(i, n, h, ("e:A",) if i % 2 else ("t:c",)) for i, (n, h) in enumerate(rows)]
    ranked = rank(stories, NOW, wants)
    assert sorted(ranked) == sorted(s.id for s in stories if s.outlets)
    assert rank(stories, NOW, wants) == ranked  # deterministic
