"""Filter rules are applied when articles arrive and when a rule changes, and reads look the
stored matches up: they must say what checking the rules at read time says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet import pipeline, reading
from broadsheet.pipeline import _rules
from broadsheet.pipeline.flow import BY_NAME, next_step
from broadsheet.reading import _rules as read_time
from broadsheet.storage import feeds
from broadsheet.storage.community import rule_matches
from broadsheet.storage.community.models import RuleCoverage
from broadsheet.storage.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

WORDS = ("tram", "strike", "cup", "league", "harbour", "budget", "storm", "mayor")
_made = 0


def _article(feed_id: int, title: str, text: str = "", authors: tuple[str, ...] = ()) -> int:
    global _made
    _made += 1
    return int(
        Article.objects.create(
            origin=f"feed:{feed_id}",
            key_hash=f"k{_made}",
            item_key=f"k{_made}",
            key_kind="guid",
            feed_id=feed_id,
            url=f"https://city.example/{_made}",
            title=title,
            text=text,
            authors=list(authors),
            published_at=timezone.now() - timedelta(hours=1),
        ).id
    )


@pytest.fixture
def feed(db: None) -> int:
    return int(feeds.add_feed("https://city.example/feed.xml", title="City desk")[0])


@pytest.fixture
def alice(db: None) -> int:
    return int(User.objects.create_user("alice", "a@example.org", "pw-alice-123").id)


def _read_time(user_id: int, ids: list[int]) -> dict[int, int]:
    """What checking the reader's rules now says: article -> rule id (0: kept by none)."""
    compiled = read_time._compiled(reading.filter_rules(user_id))
    found = read_time._hidden(compiled, ids)
    return {i: h.rule.id if h.rule else 0 for i, h in found.items()}


def _stored(user_id: int, ids: list[int]) -> dict[int, int]:
    known = rule_matches.coverage(user_id)
    assert known is not None and known.finished, "the backfill should have finished inline"
    return rule_matches.matches(user_id, ids)


def _feed_hidden(user_id: int, feed_id: int) -> int:
    return reading.hidden_unread_counts(user_id)[0].get(feed_id, 0)


RULE = st.tuples(
    st.sampled_from(("block", "keep")),
    st.sampled_from(("keyword", "regex")),
    st.sampled_from(("any", "title", "text", "author", "feed")),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
)
ARTICLE = st.tuples(
    st.lists(st.sampled_from(WORDS), max_size=4),
    st.lists(st.sampled_from(WORDS), max_size=6),
    st.lists(st.sampled_from(("Ana Ruiz", "Tram Jones", "Cup Lee")), max_size=2),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rules=st.lists(RULE, min_size=1, max_size=4), articles=st.lists(ARTICLE, max_size=12))
def test_stored_matches_equal_the_read_time_check(
    feed: int,
    alice: int,
    rules: list[tuple[str, str, str, list[str]]],
    articles: list[tuple[list[str], list[str], list[str]]],
) -> None:
    with transaction.atomic():
        before = [_article(feed, " ".join(t), " ".join(x), tuple(a)) for t, x, a in articles[:6]]
        for action, kind, field, words in rules:
            pattern = ", ".join(words) if kind == "keyword" else "|".join(words)
            pipeline.add_filter_rule(alice, action, kind, field, pattern)
        after = [_article(feed, " ".join(t), " ".join(x), tuple(a)) for t, x, a in articles[6:]]
        BY_NAME["rules"].run(after)  # the articles that arrive after the rules: the step
        ids = before + after
        assert _stored(alice, ids) == _read_time(alice, ids)
        assert set(reading.hidden_articles(alice, ids)) == set(_read_time(alice, ids))
        transaction.set_rollback(True)


def test_the_rules_step_sits_after_index_and_hides_a_new_article(feed: int, alice: int) -> None:
    assert next_step("index") == "rules"
    pipeline.add_filter_rule(alice, "block", "keyword", "title", "strike")
    new = _article(feed, "Tram strike called off")
    shown = _article(feed, "Harbour opens")
    assert rule_matches.matches(alice, [new]) == {}  # not yet through the step
    assert _feed_hidden(alice, feed) == 0  # counts count stored matches only...
    assert new in reading.hidden_articles(alice, [new, shown])  # ...lists check it meanwhile
    assert BY_NAME["rules"].run([new, shown]) == {"readers": 1, "hidden": 1}
    assert set(rule_matches.matches(alice, [new, shown])) == {new}
    assert rule_matches.checked([new, shown]) == {new, shown}
    cache.clear()  # counts kept for the reader show the step within a minute
    assert _feed_hidden(alice, feed) == 1
    BY_NAME["rules"].run([new, shown])  # twice: nothing stored twice
    assert set(rule_matches.matches(alice, [new, shown])) == {new}


def test_a_rule_edit_applies_again_and_a_second_reader_is_unaffected(feed: int, alice: int) -> None:
    bob = int(User.objects.create_user("bob", "b@example.org", "pw-bob-12345").id)
    cup, tram = _article(feed, "Cup final tonight"), _article(feed, "Tram line opens")
    rule = pipeline.add_filter_rule(alice, "block", "keyword", "title", "cup")
    assert set(_stored(alice, [cup, tram])) == {cup}
    assert _feed_hidden(alice, feed) == 1
    changed = pipeline.edit_filter_rule(alice, rule.id, "block", "keyword", "title", "tram")
    assert changed is not None and changed.pattern == "tram"
    assert set(_stored(alice, [cup, tram])) == {tram}
    assert set(reading.hidden_articles(alice, [cup, tram])) == {tram}
    assert _feed_hidden(alice, feed) == 1
    assert reading.hidden_articles(bob, [cup, tram]) == {} and _feed_hidden(bob, feed) == 0


def test_deleting_a_rule_unhides_and_keep_rules_hide_the_rest(feed: int, alice: int) -> None:
    cup, tram = _article(feed, "Cup final tonight"), _article(feed, "Tram line opens")
    keep = pipeline.add_filter_rule(alice, "keep", "keyword", "any", "tram")
    assert _stored(alice, [cup, tram]) == {cup: 0}
    assert reading.hidden_articles(alice, [cup, tram])[cup].rule is None
    assert pipeline.delete_filter_rule(alice, keep.id)
    assert _stored(alice, [cup, tram]) == {}
    assert reading.hidden_articles(alice, [cup, tram]) == {}
    assert _feed_hidden(alice, feed) == 0


class _Crash(Exception):
    pass


def test_a_backfill_that_crashes_goes_on_where_it_stopped(
    feed: int, alice: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [_article(feed, f"Storm warning {i}" if i % 2 else f"Calm day {i}") for i in range(7)]
    storms = {i for n, i in enumerate(ids) if n % 2}
    monkeypatch.setattr(_rules, "BATCH", 2)
    real = rule_matches.apply_backfill
    batches: list[object] = []

    def dies_after_two(*args: object) -> bool:
        if len(batches) == 2:
            raise _Crash("killed mid-backfill")
        batches.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(rule_matches, "apply_backfill", dies_after_two)
    monkeypatch.setattr(rule_matches, "release", lambda user_id: None)  # a dead process keeps it
    with pytest.raises(_Crash):
        pipeline.add_filter_rule(alice, "block", "keyword", "title", "storm")
    known = rule_matches.coverage(alice)
    assert known is not None and not known.finished and known.done == 4
    assert pipeline.rule_progress(alice) == pipeline.RuleProgress(4, 7, False)
    assert set(reading.hidden_articles(alice, ids)) == storms  # right meanwhile (read time)
    monkeypatch.setattr(rule_matches, "apply_backfill", real)
    assert _rules.resume() == 0  # its lease is held: a live process may still be on it
    # the lease of the dead process expires, and the next scheduler round goes on
    RuleCoverage.objects.filter(user_id=alice).update(leased_until=timezone.now())
    assert _rules.resume() == 1
    assert set(_stored(alice, ids)) == storms
    assert pipeline.rule_progress(alice) == pipeline.RuleProgress(7, 7, True)


def test_the_window_reaches_further_back_only_for_the_readers_own_feeds(
    feed: int, alice: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = int(feeds.add_feed("https://sport.example/feed.xml", title="Sport desk")[0])
    reading.unfollow_feed(alice, other)
    mine_old = _article(feed, "Storm over the harbour")
    theirs_old = _article(other, "Storm over the stadium")
    newest = [_article(other, f"Storm {i} at the ground") for i in range(3)]
    monkeypatch.setattr(_rules, "WINDOW", 3)  # the instance's newest 3, the reader's newest 3
    pipeline.add_filter_rule(alice, "block", "keyword", "title", "storm")
    known = rule_matches.coverage(alice)
    assert known is not None and known.finished
    assert known.wide == newest[0] and known.floor == mine_old
    assert pipeline.rule_progress(alice) == pipeline.RuleProgress(4, 4, True)
    assert set(rule_matches.matches(alice, [mine_old, theirs_old, *newest])) == {
        mine_old,
        *newest,
    }
    found, covered = read_time.stored_hidden(
        alice, reading.filter_rules(alice), [mine_old, theirs_old]
    )
    assert covered == {mine_old} and set(found) == {mine_old}
    # the other feed's old article is checked at read time: hidden all the same
    assert set(reading.hidden_articles(alice, [mine_old, theirs_old])) == {mine_old, theirs_old}
