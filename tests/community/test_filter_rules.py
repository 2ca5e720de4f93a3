"""Readers' block/keep rules: what they hide, why, their 30-day preview and their bounds."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.errors import FilterRuleError
from broadsheet.reading import _rules
from broadsheet.reading._rules import (
    add_filter_rule,
    check_filter_rule,
    delete_filter_rule,
    filter_rules,
    hidden_articles,
    hidden_stories,
    preview_filter_rule,
)
from tests.api.conftest import import_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def news() -> dict[str, int]:
    return {
        "cup": import_article(
            url="https://sport.example/cup",
            title="Cup final tonight",
            text="The football club plays the final.",
            source="Sport Daily",
            authors=["Bea Cole"],
        ),
        "tram": import_article(
            url="https://city.example/tram",
            title="Tram line opens",
            text="The mayor opened the tram line.",
            source="City Paper",
            authors=["Ana Ruiz"],
        ),
        "old": import_article(
            url="https://city.example/old",
            title="Footballers of old",
            text="A history.",
            source="City Paper",
            published=(timezone.now() - timedelta(days=45)).isoformat(),
        ),
    }


def _user(name: str = "ana") -> int:
    return User.objects.create_user(name, password="pw").id


def test_block_rules_hide_matches_and_say_which_rule(news: dict[str, int]) -> None:
    uid = _user()
    rule = add_filter_rule(uid, "block", "keyword", "text", "football")
    hidden = hidden_articles(uid, list(news.values()))
    assert set(hidden) == {news["cup"]}  # "Footballers" is not the word "football"
    assert hidden[news["cup"]].rule == rule
    assert "block keyword “football” in the text" in hidden[news["cup"]].reason
    assert hidden_articles(_user("bob"), list(news.values())) == {}  # rules are per reader
    assert hidden_articles(None, list(news.values())) == {}


def test_fields_alternatives_and_regexes(news: dict[str, int]) -> None:
    uid = _user()
    add_filter_rule(uid, "block", "keyword", "author", "bea cole")
    assert set(hidden_articles(uid, list(news.values()))) == {news["cup"]}
    other = _user("bob")
    add_filter_rule(other, "block", "keyword", "outlet", "nothing, city paper")
    assert set(hidden_articles(other, list(news.values()))) == {news["tram"], news["old"]}
    third = _user("cy")
    add_filter_rule(third, "block", "regex", "title", r"^foot\w+ers\b")
    assert set(hidden_articles(third, list(news.values()))) == {news["old"]}


def test_keep_rules_hide_everything_they_do_not_match(news: dict[str, int]) -> None:
    uid = _user()
    add_filter_rule(uid, "keep", "keyword", "any", "tram")
    hidden = hidden_articles(uid, list(news.values()))
    assert set(hidden) == {news["cup"], news["old"]}
    assert hidden[news["cup"]].rule is None and "keep rules" in hidden[news["cup"]].reason
    block = add_filter_rule(uid, "block", "keyword", "title", "opens")  # block wins over keep
    assert hidden_articles(uid, [news["tram"]])[news["tram"]].rule == block


def test_rules_are_listed_and_deleted_by_their_owner_only(news: dict[str, int]) -> None:
    uid, bob = _user(), _user("bob")
    rule = add_filter_rule(uid, "block", "keyword", "title", "cup")
    assert [r.id for r in filter_rules(uid)] == [rule.id] and filter_rules(bob) == []
    assert not delete_filter_rule(bob, rule.id)
    assert delete_filter_rule(uid, rule.id) and hidden_articles(uid, list(news.values())) == {}


def test_preview_covers_the_last_30_days(news: dict[str, int]) -> None:
    found = preview_filter_rule("block", "regex", "any", r"foot\w*")
    assert [m.article_id for m in found.matches] == [news["cup"]]  # the 45-day-old one is out
    assert (found.matched, found.scanned, found.hides, found.complete) == (1, 2, 1, True)
    kept = preview_filter_rule("keep", "keyword", "title", "tram")
    assert (kept.matched, kept.hides) == (1, 1)


def test_stories_are_hidden_only_when_all_their_first_articles_are(news: dict[str, int]) -> None:
    uid = _user()
    add_filter_rule(uid, "block", "keyword", "text", "football")
    hidden = hidden_stories(uid, [(1, [news["cup"]]), (2, [news["cup"], news["tram"]])])
    assert set(hidden) == {1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("block", "regex", "title", "(unclosed"), "cannot be read"),
        (("block", "regex", "title", "a*"), "matches an empty text"),
        (("block", "regex", "title", "(a+)+$"), "takes over"),
        (("block", "regex", "title", "x" * 301), "at most 300"),
        (("block", "keyword", "title", " , "), "Write a word"),
        (("hide", "keyword", "title", "x"), "blocks or keeps"),
        (("block", "glob", "title", "x"), "keyword or a regular"),
        (("block", "keyword", "body", "x"), "one of: any, title"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(FilterRuleError, match=message):
        check_filter_rule(*args)


def test_a_slow_regex_stops_and_the_list_is_shown(
    news: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = _user()
    add_filter_rule(uid, "block", "regex", "text", r"(b+)+$")  # fast on the probe texts...
    long = import_article(url="https://city.example/long", title="Long", text="b" * 5000 + "!")
    monkeypatch.setattr(_rules, "REGEX_TIMEOUT", 0.01)
    start = time.monotonic()
    hidden = hidden_articles(uid, [*news.values(), long])
    assert time.monotonic() - start < _rules.BUDGET + 0.5
    assert hidden == {}  # ...not on this one: the search stops and counts as not matching
    found = preview_filter_rule("block", "regex", "text", r"(b+)+$")
    assert found.matched == 0 and found.timed_out == 1 and found.scanned == 3
