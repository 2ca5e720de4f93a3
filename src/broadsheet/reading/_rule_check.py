"""A reader's filter rules for the apps (Google Reader, Fever, JSON API): pages and counts.

A hidden article is left out of what a client receives, as Miniflux's block rules and FreshRSS's
filters leave it out; an article the reader saved is never hidden (it stays in the starred list
and wherever else it is), so a rule written later cannot take it from the apps.

The rules are applied when articles arrive and when a rule changes (the pipeline's rules step
and backfill): pages read the stored matches of the articles they answer for, and check the
others here in stored order, one ``BUDGET`` per request; a page that runs out of budget or of
scan rounds stops where it got, holding fewer items, and the next page starts after the last
candidate it checked, so no item is skipped or repeated. Counts count the stored matches only
(a database count, kept per reader until they act or an article arrives): an article the step
has not reached yet, or one a changed rule's backfill has not, counts as shown until it does.
A reader without rules pays one query.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from broadsheet.reading import _rules
from broadsheet.reading._rules import (
    TEXT_CHARS,
    FilterRule,
    HiddenArticle,
    _Compiled,
    _compiled,
    _decide,
    filter_rules,
    stored_hidden,
)
from broadsheet.reading._unread import followed_ids, unread_horizon
from broadsheet.storage.community import rule_matches
from broadsheet.storage.community import rules as stored
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader import subscriptions as subs

__all__ = [
    "RuleCheck",
    "app_hidden_articles",
    "hidden_unread_ids",
    "listed_hidden",
    "rule_check",
    "unread_hidden",
    "visible_page",
]

BUDGET = _rules.BUDGET  # seconds of rule checks per request, as for a web list
CHUNK = 500  # articles whose fields are read at once
FIRST_GRACE = 0.25  # seconds the first article of a request may take past a spent budget
SCAN_ROUNDS = 4  # a page reads at most this many batches of candidates
T = TypeVar("T")
C = TypeVar("C")


@dataclass(frozen=True)
class RuleCheck:
    """A reader's rules ready to check, with one deadline for every check of a request."""

    user_id: int
    rules: tuple[FilterRule, ...]
    compiled: tuple[_Compiled, ...]
    deadline: float

    def check(
        self, ids: Sequence[int], keep_saved: bool = True
    ) -> tuple[dict[int, HiddenArticle], int]:
        """Decide the articles in the order given until the deadline (always the first one):
        from their stored matches where those answer, else by checking them here; return why
        each hidden one is hidden and how many of ``ids`` were decided (saved ones are never
        hidden unless ``keep_saved`` is False)."""
        found, covered = stored_hidden(self.user_id, self.rules, ids)
        todo = [i for i in ids if i not in covered]
        fields: dict[int, stored.ArticleFields] = {}
        decided = checked = 0
        for i in ids:
            if i in covered:
                decided += 1
                continue
            if decided and time.monotonic() >= self.deadline:
                break
            if checked % CHUNK == 0:  # this article starts the next chunk of those to check
                fields = {
                    a.id: a for a in stored.article_fields(todo[checked:][:CHUNK], TEXT_CHARS)
                }
            checked += 1
            article = fields.get(i)
            # the first article is checked whatever the budget left, so a page always moves
            deadline = self.deadline if decided else max(self.deadline, _first_deadline())
            if article is not None and (hit := _decide(self.compiled, article, deadline)):
                found[i] = hit
            decided += 1
        if decided < len(ids):  # stored answers past where the budget stopped wait too
            seen = set(ids[:decided])
            found = {i: why for i, why in found.items() if i in seen}
        if found and keep_saved:  # a saved article stays visible
            for i in reader.is_saved(self.user_id, list(found)):
                del found[i]
        return found, decided

    @property
    def fingerprint(self) -> str:
        """A short digest of the rules: cached results keyed by it end when a rule changes."""
        text = "\n".join(f"{r.id}|{r.action}|{r.kind}|{r.field}|{r.pattern}" for r in self.rules)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _first_deadline() -> float:
    return time.monotonic() + FIRST_GRACE


def rule_check(user_id: int | None, budget: float | None = None) -> RuleCheck | None:
    """Return the reader's rules to check within ``budget`` seconds (``BUDGET``), or None when
    there are none (anonymous, or no rules: one query)."""
    if not user_id:
        return None
    rules = tuple(filter_rules(user_id))
    compiled = tuple(_compiled(rules))
    if not compiled:
        return None
    return RuleCheck(
        user_id, rules, compiled, time.monotonic() + (BUDGET if budget is None else budget)
    )


def app_hidden_articles(user_id: int | None, ids: Sequence[int]) -> dict[int, HiddenArticle]:
    """Return why each of these articles is hidden from the reader's apps (saved ones never
    are; those left when the budget runs out are shown); nothing, for one query, without rules."""
    check = rule_check(user_id)
    return check.check(ids)[0] if check and ids else {}


def visible_page(
    check: RuleCheck | None,
    fetch: Callable[[int, C | None], tuple[list[T], C | None]],
    key: Callable[[T], int],
    cursor: Callable[[T], C],
    limit: int,
    after: C | None,
) -> tuple[list[T], C | None]:
    """Return up to ``limit`` visible candidates from ``fetch(n, after) -> (rows, next cursor)``
    and the cursor after the last candidate looked at (None at the stream's end).

    Candidates are read in at most ``SCAN_ROUNDS`` batches; a page stops early when the rules'
    budget runs out, so it may hold fewer than ``limit`` rows but never skips one."""
    rows, following = fetch(limit, after)
    if check is None:
        return rows, following
    kept: list[T] = []
    at = after
    for round_ in range(SCAN_ROUNDS):
        if round_:
            rows, following = fetch(limit - len(kept), at)
        hidden, decided = check.check([key(r) for r in rows])
        for row in rows[:decided]:
            at = cursor(row)
            if key(row) not in hidden:
                kept.append(row)
        if decided < len(rows):
            return kept, at  # out of budget: the rest start the next page
        if following is None:
            return kept, None
        if len(kept) >= limit:
            return kept, following
    return kept, at


def _low(user_id: int) -> int | None:
    """Where the reader's stored matches start to count (None: nothing stored answers yet)."""
    known = rule_matches.coverage(user_id)
    return known.low if known is not None and known.low <= rule_matches.NOTHING else None


def unread_hidden(user_id: int) -> tuple[dict[int, int], dict[int, int]]:
    """How many unread articles the reader's stored matches hide (neither read nor saved,
    since the unread horizon, muted outlets out), per feed and per outlet of feedless ones
    (0 for none); one grouped count."""
    low = _low(user_id)
    if low is None:
        return {}, {}
    since = unread_horizon()
    per_feed: dict[int, int] = {}
    per_outlet: dict[int, int] = {}
    for feed, outlet, n in rule_matches.unread_hidden_counts(
        user_id, low, since, subs.first_unread_id(since)
    ):
        if feed is None:
            per_outlet[outlet or 0] = per_outlet.get(outlet or 0, 0) + n
        else:
            per_feed[feed] = per_feed.get(feed, 0) + n
    return per_feed, per_outlet


def listed_hidden(user_id: int) -> int:
    """How many articles of the reader's reading list their stored matches hide (saved ones
    never are); one count."""
    low = _low(user_id)
    return (
        0 if low is None else rule_matches.listed_hidden_count(user_id, low, followed_ids(user_id))
    )


def hidden_unread_ids(user_id: int) -> set[int]:
    """The ids the reader's stored matches hide, saved ones left out; one query."""
    low = _low(user_id)
    return set() if low is None else rule_matches.hidden_ids(user_id, low)
