"""Readers' filter rules applied when articles arrive and when a rule changes, as Miniflux
applies its block and keep rules while processing entries: reads then only look the stored
matches up (``storage.community.rule_matches``) instead of checking rules on every page.

**The step** (``run``, after ``index``): load every reader's rules and the batch's rule-visible
fields; decide each reader's matches (``reading.decide_matches``, pure but for the regex
clock); apply them in one transaction, marking the articles checked. A reader whose rules
changed while the batch was decided is skipped: their backfill decides those articles.

**The backfill** (``apply_rules``, on every rule change): walks the reader's window down from
the newest id, the instance's newest ``WINDOW`` articles and then, further back to their
newest ``WINDOW`` listed ones, only those of the feeds they follow (or of no feed), ``BATCH``
ids per transaction, each batch moving the reader's coverage down, so a crashed backfill goes on where it stopped (its lease expires; the
scheduler's round resumes it, ``resume``). It runs inline for ``INLINE_SECONDS`` (the rest in
the scheduler's rounds), or as the ``apply_rules`` Celery task with a broker. Until it reaches an
article, pages check that article's rules at read time, so they stay right meanwhile; the rules
page shows its progress.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet import config, reading
from broadsheet.reading import FilterRule, decide_matches, filter_rules, filter_rules_of
from broadsheet.reading._rules import TEXT_CHARS
from broadsheet.storage.community import rule_matches
from broadsheet.storage.community import rules as stored
from broadsheet.storage.reader import fever, streams
from broadsheet.storage.reader import subscriptions as subs
from broadsheet.storage.reader.streams import Stream

__all__ = [
    "RuleProgress",
    "add_filter_rule",
    "apply_rules",
    "backfill",
    "delete_filter_rule",
    "edit_filter_rule",
    "resume",
    "rule_progress",
    "run",
]

log = logging.getLogger(__name__)

WINDOW = 10_000  # a backfill covers at least the reader's newest this many listed articles
BATCH = 500  # article ids per backfill transaction
INLINE_SECONDS = 5.0  # of a rule change's request, without a broker (the rest: scheduler rounds)
ROUND_SECONDS = 30.0  # of one scheduler round, for every unfinished backfill
LEASE_SECONDS = 300.0  # a backfill held longer than this by a dead process is taken again


@dataclass(frozen=True)
class RuleProgress:
    """How far the backfill of a reader's changed rules got: ``done`` of ``total`` articles."""

    done: int
    total: int
    finished: bool


def run(article_ids: Sequence[int]) -> dict[str, int]:
    """Store every reader's rule matches among these articles (idempotent); return how many
    readers' matches were stored and how many of the articles their rules hide."""
    readers = rule_matches.readers_with_rules()  # load
    fields = stored.article_fields(article_ids, TEXT_CHARS) if readers else []
    rules = filter_rules_of(list(readers))
    decided = {  # decide
        user_id: (version, decide_matches(rules[user_id], fields))
        for user_id, version in readers.items()
    }
    stored_for = rule_matches.apply_step(article_ids, decided)  # apply
    hidden = sum(len(found) for _, found in decided.values())
    return {"readers": stored_for, "hidden": hidden}


def add_filter_rule(user_id: int, action: str, kind: str, field: str, pattern: str) -> FilterRule:
    """Save a reader's rule and apply their rules to their window (``apply_rules``); raise
    FilterRuleError when the rule is invalid or they have too many."""
    made = reading.add_filter_rule(user_id, action, kind, field, pattern)
    apply_rules(user_id)
    return made


def edit_filter_rule(
    user_id: int, rule_id: int, action: str, kind: str, field: str, pattern: str
) -> FilterRule | None:
    """Change one of the reader's rules and apply their rules again (None: no such rule)."""
    changed = reading.edit_filter_rule(user_id, rule_id, action, kind, field, pattern)
    if changed is not None:
        apply_rules(user_id)
    return changed


def delete_filter_rule(user_id: int, rule_id: int) -> bool:
    """Delete one of the reader's rules and apply the rest again (False: no such rule)."""
    deleted = reading.delete_filter_rule(user_id, rule_id)
    if deleted:
        apply_rules(user_id)
    return deleted


def apply_rules(user_id: int) -> RuleProgress:
    """Start the backfill of the reader's rules over their window and run it: inline for
    ``INLINE_SECONDS`` without a broker (the scheduler's rounds finish it), else as a task."""
    _start(user_id)
    if config.get().broker_url:
        from broadsheet.pipeline.dispatch import enqueue

        enqueue("apply_rules", user_id)
    else:
        backfill(user_id, INLINE_SECONDS)
    return rule_progress(user_id)


def _start(user_id: int) -> None:
    known = rule_matches.coverage(user_id)
    if known is None:  # rules stored without a backfill (an old database, a bulk load)
        rule_matches.invalidate(user_id)
        known = rule_matches.coverage(user_id)
    assert known is not None
    listed = fever.stream_ids_before(user_id, Stream("all"), None, WINDOW)
    wide, floor = rule_matches.window(listed, WINDOW)
    feeds = [s.feed_id for s in streams.subscriptions(user_id)]
    rule_matches.start(user_id, known.version, subs.newest_article_id(), wide, floor, feeds)


def backfill(user_id: int, budget_seconds: float | None = None) -> bool:
    """Go on with the reader's backfill for up to ``budget_seconds`` (None: to the end), one
    transaction per ``BATCH``; return whether it is finished. A backfill another process holds
    is left to it; one whose rules change meanwhile stops (the change started a new one)."""
    known = rule_matches.coverage(user_id)
    if known is None and not filter_rules(user_id):
        return True  # nothing to apply (a reader deleted meanwhile too)
    if known is None or known.high == rule_matches.NOTHING:  # changed, never started
        _start(user_id)
        known = rule_matches.coverage(user_id)
    if known is None or known.finished:
        return known is not None
    if not rule_matches.lease(user_id, known.version, LEASE_SECONDS):
        return False
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    rules = filter_rules(user_id)
    try:
        while deadline is None or time.monotonic() < deadline:
            if not _batch(user_id, known, rules):
                return False  # the rules changed: the backfill they started goes on
            known = rule_matches.coverage(user_id)
            if known is None or known.finished:
                done = known.done if known else 0
                log.info("filter rules applied", extra={"user_id": user_id, "articles": done})
                return True
    finally:
        rule_matches.release(user_id)
    return False


def _batch(user_id: int, known: rule_matches.Coverage, rules: Sequence[FilterRule]) -> bool:
    """Load, decide and apply the backfill's next ``BATCH`` (False: the rules changed)."""
    top = known.low - 1
    ids = rule_matches.ids_down(top, known.wide, known.floor, sorted(known.feeds), BATCH)
    part_end = known.wide if top >= known.wide else known.floor
    low = ids[-1] if len(ids) == BATCH else part_end
    found = decide_matches(rules, stored.article_fields(ids, TEXT_CHARS))
    return rule_matches.apply_backfill(user_id, known.version, found, top, low, len(ids))


def rule_progress(user_id: int) -> RuleProgress:
    """How far the backfill of the reader's rules got (finished when none is due)."""
    known = rule_matches.coverage(user_id)
    if known is None:
        return RuleProgress(0, 0, True)
    return RuleProgress(min(known.done, known.total), known.total, known.finished)


def resume(budget_seconds: float = 30.0) -> int:
    """Go on with every unfinished backfill no process holds (a crashed one's lease expired;
    readers whose rules never had one are started): inline within ``budget_seconds``, or as
    ``apply_rules`` tasks with a broker. Return how many readers were taken up."""
    users = rule_matches.pending_users()
    deadline = time.monotonic() + budget_seconds
    for user_id in users:
        if config.get().broker_url:
            from broadsheet.pipeline.dispatch import enqueue

            enqueue("apply_rules", user_id)
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            break
        backfill(user_id, left)
    return len(users)
