"""A reader's filter rules: block rules hide the articles they match, keep rules hide the rest.

A rule is an action (``block`` or ``keep``), a kind (``keyword``: words matched whole in any
case, several alternatives separated by commas; or ``regex``: a regular expression, any case)
and a field (title, text, author, feed, outlet, or ``any`` of them). An article is hidden by the
first block rule that matches it; else, when the reader has keep rules, by matching none of them.

Regular expressions are bounded: at most ``MAX_PATTERN`` characters, refused when they match
the empty string (every article) or take longer than ``REGEX_TIMEOUT`` on a hostile probe text,
each search stops after ``REGEX_TIMEOUT`` (the article then counts as not matching), only the
first ``TEXT_CHARS`` characters of a text are looked at, and one list's checks stop after
``BUDGET`` seconds (the articles left are shown). Lists apply the rules of the signed-in reader;
a hidden article carries the rule that hid it, so pages can say why and show it on request.
A new rule is previewed over the newest ``PREVIEW_SCAN`` articles of the last 30 days, as alerts
are.

The rules are applied when articles arrive and when a rule changes (the pipeline's rules step
and its backfill, as Miniflux applies its block and keep rules while processing entries): a
list reads the stored matches of the articles they answer for (``storage.community.
rule_matches``) and checks only the others here, within the budget (an article that has not
reached the step, one older than the reader's window, or every article while a changed rule's
backfill has not reached it).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import regex
from django.utils import timezone

from broadsheet.errors import FilterRuleError
from broadsheet.reading._cache import remember
from broadsheet.storage.community import rule_matches
from broadsheet.storage.community import rules as stored
from broadsheet.storage.community.rules import ArticleFields
from broadsheet.untrusted import web_url

__all__ = [
    "FilterRule",
    "HiddenArticle",
    "RuleMatch",
    "RulePreview",
    "add_filter_rule",
    "check_filter_rule",
    "decide_matches",
    "delete_filter_rule",
    "edit_filter_rule",
    "filter_rules",
    "filter_rules_of",
    "hidden_articles",
    "hidden_stories",
    "preview_filter_rule",
    "stored_hidden",
]

ACTIONS = ("block", "keep")
KINDS = ("keyword", "regex")
FIELDS = ("any", "title", "text", "author", "feed", "outlet")
MAX_PATTERN = 300
MAX_RULES = 100
TEXT_CHARS = 20_000
REGEX_TIMEOUT = 0.05  # seconds one search may take
BUDGET = 1.0  # seconds one list's checks may take
# The same rules decide the same articles alike: a page's answer is kept this long (an article's
# text changed since shows within it; a changed rule has other ids, so it shows at once).
HIDDEN_SECONDS = 300
PREVIEW_DAYS = 30
PREVIEW_SCAN = 2000
STORY_ARTICLES = 5  # a story is hidden when its first this many articles all are
_PROBES = ("a" * 5000 + "!", "ab" * 2500 + "\n", " " * 3000 + "x", "aaa@" * 1200 + ".")


@dataclass(frozen=True)
class FilterRule:
    """One of a reader's rules, with the sentence pages show for it."""

    id: int
    action: str
    kind: str
    field: str
    pattern: str

    @property
    def label(self) -> str:
        """E.g. ``block title keyword “football”`` or ``keep any regex /tram(way)?s?/``."""
        shown = f"/{self.pattern}/" if self.kind == "regex" else f"“{self.pattern}”"
        where = "anywhere" if self.field == "any" else f"in the {self.field}"
        return f"{self.action} {self.kind} {shown} {where}"


@dataclass(frozen=True)
class HiddenArticle:
    """Why an article is hidden: ``rule`` is the block rule, or None for "kept by no rule"."""

    article_id: int
    rule: FilterRule | None
    reason: str


@dataclass(frozen=True)
class RuleMatch:
    """An article a previewed rule matched."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None


@dataclass(frozen=True)
class RulePreview:
    """What a rule matched among the newest ``scanned`` articles of the last 30 days."""

    matches: tuple[RuleMatch, ...]
    matched: int
    scanned: int
    hides: int
    timed_out: int
    complete: bool


@dataclass(frozen=True)
class _Compiled:
    """A rule ready to check; ``needles`` (keyword rules) must occur for the pattern to match."""

    rule: FilterRule
    pattern: regex.Pattern[str]
    needles: tuple[str, ...] = ()


def _needles(rule: FilterRule) -> tuple[str, ...]:
    """The longest word of each keyword alternative, lower-cased: a cheap test before the regex."""
    if rule.kind != "keyword":
        return ()
    alternatives = (a.split() for a in rule.pattern.split(",") if a.strip())
    return tuple(max(words, key=len).lower() for words in alternatives)


def _keyword_pattern(text: str) -> str:
    words = [" ".join(w.split()) for w in text.split(",") if w.strip()]
    if not words:
        raise FilterRuleError("Write a word or words to match, e.g. “football” or “cup, league”.")
    alternatives = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words)
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


@functools.lru_cache(maxsize=4096)
def _compile(action: str, kind: str, field: str, pattern: str) -> regex.Pattern[str]:
    """Return the rule's compiled pattern, or raise FilterRuleError saying what to change."""
    if action not in ACTIONS:
        raise FilterRuleError("A rule either blocks or keeps: choose “block” or “keep”.")
    if kind not in KINDS:
        raise FilterRuleError("A rule matches a keyword or a regular expression (“regex”).")
    if field not in FIELDS:
        raise FilterRuleError(f"A rule looks at one of: {', '.join(FIELDS)}.")
    pattern = pattern.strip()
    if not pattern:
        raise FilterRuleError("Write what the rule should match.")
    if len(pattern) > MAX_PATTERN:
        raise FilterRuleError(
            f"A rule is at most {MAX_PATTERN} characters; this is {len(pattern)}."
        )
    source = _keyword_pattern(pattern) if kind == "keyword" else pattern
    try:
        compiled = regex.compile(source, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise FilterRuleError(f"This regular expression cannot be read: {exc}.") from None
    if kind == "regex":
        _check_cost(compiled)
    return compiled


def _check_cost(compiled: regex.Pattern[str]) -> None:
    """Refuse a regex that matches everything or is slow on a hostile text."""
    if compiled.search("", timeout=REGEX_TIMEOUT) is not None:
        raise FilterRuleError(
            "This regular expression matches an empty text, so it would match every article: "
            "make it require at least one character (e.g. “a+” rather than “a*”)."
        )
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            raise FilterRuleError(
                f"This regular expression takes over {int(REGEX_TIMEOUT * 1000)} ms on a "
                "5,000-character text: simplify it (nested repeats such as “(a+)+” or “(.*)*” "
                "backtrack without end)."
            ) from None


def check_filter_rule(action: str, kind: str, field: str, pattern: str) -> FilterRule:
    """Return the rule as it would be saved, or raise FilterRuleError saying what is wrong."""
    _compile(action, kind, field, pattern)
    return FilterRule(0, action, kind, field, pattern.strip())


def _rule(row: stored.RuleRow) -> FilterRule:
    return FilterRule(row.id, row.action, row.kind, row.field, row.pattern)


def filter_rules(user_id: int) -> list[FilterRule]:
    """Return the reader's rules in the order they are checked."""
    return [_rule(r) for r in stored.user_rules(user_id)]


def filter_rules_of(user_ids: Sequence[int]) -> dict[int, list[FilterRule]]:
    """Return these readers' rules, each in the order they are checked (one query)."""
    return {u: [_rule(r) for r in rows] for u, rows in stored.rules_of(user_ids).items()}


def add_filter_rule(user_id: int, action: str, kind: str, field: str, pattern: str) -> FilterRule:
    """Save a rule for the reader, or raise FilterRuleError (invalid, or too many rules)."""
    checked = check_filter_rule(action, kind, field, pattern)
    if len(stored.user_rules(user_id)) >= MAX_RULES:
        raise FilterRuleError(f"A reader keeps at most {MAX_RULES} rules: delete one first.")
    return _rule(stored.add_rule(user_id, action, kind, field, checked.pattern))


def edit_filter_rule(
    user_id: int, rule_id: int, action: str, kind: str, field: str, pattern: str
) -> FilterRule | None:
    """Change one of the reader's rules (None when they have no such rule), or raise
    FilterRuleError when the changed rule is invalid."""
    checked = check_filter_rule(action, kind, field, pattern)
    row = stored.edit_rule(user_id, rule_id, action, kind, field, checked.pattern)
    return _rule(row) if row else None


def delete_filter_rule(user_id: int, rule_id: int) -> bool:
    """Delete one of the reader's rules; False when they have no such rule."""
    return stored.delete_rule(user_id, rule_id)


def _texts(article: ArticleFields, field: str) -> tuple[str, ...]:
    by_field = {
        "title": (article.title,),
        "text": (article.text,),
        "author": article.authors,
        "feed": (article.feed,),
        "outlet": (article.outlet,),
    }
    if field == "any":
        return tuple(t for key in FIELDS[1:] for t in by_field[key])
    return by_field[field]


# Every reader's rules look at the same article's texts (the rules step): each lowered once.
_lower = functools.lru_cache(maxsize=1024)(str.lower)


def _matches(compiled: _Compiled, article: ArticleFields, deadline: float) -> bool | None:
    """True/False, or None when the search ran out of time (counted as not matching)."""
    for text in _texts(article, compiled.rule.field):
        if not text or (compiled.needles and not any(n in _lower(text) for n in compiled.needles)):
            continue  # a keyword that does not occur at all cannot match (most articles)
        left = min(REGEX_TIMEOUT, deadline - time.monotonic())
        if left <= 0:
            return None
        try:
            if compiled.pattern.search(text, timeout=left):
                return True
        except TimeoutError:
            return None
    return False


def _compiled(rules: Iterable[FilterRule]) -> list[_Compiled]:
    out = []
    for r in rules:
        try:
            out.append(_Compiled(r, _compile(r.action, r.kind, r.field, r.pattern), _needles(r)))
        except FilterRuleError:
            continue  # saved under older limits: skipped rather than failing every page
    return out


def _why(rule: FilterRule | None, article_id: int) -> HiddenArticle:
    if rule is None:
        return HiddenArticle(article_id, None, "Hidden: none of your keep rules matches it.")
    return HiddenArticle(article_id, rule, f"Hidden by your rule: {rule.label}.")


def _decide(
    compiled: Sequence[_Compiled], article: ArticleFields, deadline: float
) -> HiddenArticle | None:
    """The rule that hides this article, or None when it is shown (pure but for the clock)."""
    keeps = [c for c in compiled if c.rule.action == "keep"]
    for c in compiled:
        if c.rule.action == "block" and _matches(c, article, deadline):
            return _why(c.rule, article.id)
    if keeps and not any(_matches(c, article, deadline) for c in keeps):
        return _why(None, article.id)
    return None


def decide_matches(
    rules: Sequence[FilterRule], articles: Sequence[ArticleFields]
) -> dict[int, int]:
    """The articles these rules hide, with the id of the block rule hiding each (0: none of the
    keep rules matches it); each search bounded by ``REGEX_TIMEOUT`` (pure but for the clock)."""
    compiled = _compiled(rules)
    found = {}
    for article in articles if compiled else ():
        hidden = _decide(compiled, article, time.monotonic() + BUDGET)
        if hidden is not None:
            found[article.id] = hidden.rule.id if hidden.rule else 0
    return found


def stored_hidden(
    user_id: int, rules: Sequence[FilterRule], article_ids: Sequence[int]
) -> tuple[dict[int, HiddenArticle], set[int]]:
    """Why the stored matches hide those of these articles they answer for, and which articles
    they answer for (the rest are to be checked at read time); two to four queries."""
    known = rule_matches.coverage(user_id)
    if known is None or not article_ids:
        return {}, set()
    covered = {i for i in article_ids if known.in_range(i)}
    above = [i for i in article_ids if i > known.high]
    covered |= rule_matches.checked(above) if above else set()
    older = [i for i in article_ids if known.in_listed(i)]  # covered if of their feeds then
    for i, feed in (rule_matches.feeds_of(older) if older else {}).items():
        if feed is None or feed in known.feeds:
            covered.add(i)
    by_id = {r.id: r for r in rules}
    found = {}
    for article_id, rule_id in rule_matches.matches(user_id, sorted(covered)).items():
        if rule_id == 0 or rule_id in by_id:
            found[article_id] = _why(by_id.get(rule_id), article_id)
    return found, covered


def hidden_articles(user_id: int | None, article_ids: Sequence[int]) -> dict[int, HiddenArticle]:
    """Return, for the articles among these that the reader's rules hide, why: the stored
    matches where they answer, the rest checked here (one query for the rules, two or three
    for the stored matches; the read-time answer is kept ``HIDDEN_SECONDS``)."""
    if not user_id or not article_ids:
        return {}
    compiled = _compiled(filter_rules(user_id))
    if not compiled:
        return {}
    found, covered = stored_hidden(user_id, [c.rule for c in compiled], article_ids)
    left = [i for i in article_ids if i not in covered]
    if not left:
        return found
    rules = [
        (c.rule.id, c.rule.action, c.rule.kind, c.rule.field, c.rule.pattern) for c in compiled
    ]
    asked = hashlib.sha256(repr((rules, left)).encode()).hexdigest()
    checked = remember(
        f"reading:hidden:{user_id}:{asked}", HIDDEN_SECONDS, lambda: _hidden(compiled, left)
    )
    return found | checked


def _hidden(compiled: Sequence[_Compiled], article_ids: Sequence[int]) -> dict[int, HiddenArticle]:
    """Why the rules hide each of the articles they hide (one query for their fields)."""
    deadline = time.monotonic() + BUDGET
    found = {}
    for article in stored.article_fields(article_ids, TEXT_CHARS):
        if (hidden := _decide(compiled, article, deadline)) is not None:
            found[article.id] = hidden
    return found


def hidden_stories(
    user_id: int | None, stories: Iterable[tuple[int, Sequence[int]]]
) -> dict[int, HiddenArticle]:
    """Return the stories (``(story id, article ids)``) whose first articles all are hidden."""
    firsts = {sid: list(ids[:STORY_ARTICLES]) for sid, ids in stories if ids}
    if not user_id or not firsts:
        return {}
    hidden = hidden_articles(user_id, [i for ids in firsts.values() for i in ids])
    return {sid: hidden[ids[0]] for sid, ids in firsts.items() if all(i in hidden for i in ids)}


def preview_filter_rule(
    action: str, kind: str, field: str, pattern: str, limit: int = 50
) -> RulePreview:
    """What the rule matches among the last 30 days' newest articles; FilterRuleError if invalid."""
    rule = check_filter_rule(action, kind, field, pattern)
    compiled = _Compiled(rule, _compile(action, kind, field, pattern), _needles(rule))
    ids = stored.recent_ids(timezone.now() - timedelta(days=PREVIEW_DAYS), PREVIEW_SCAN)
    deadline = time.monotonic() + 4 * BUDGET
    matches: list[RuleMatch] = []
    matched = scanned = timed_out = 0
    for start in range(0, len(ids), 500):
        if time.monotonic() >= deadline:
            break
        rows = {a.id: a for a in stored.article_fields(ids[start : start + 500], TEXT_CHARS)}
        for i in ids[start : start + 500]:
            if (article := rows.get(i)) is None:
                continue
            result = _matches(compiled, article, deadline)
            if result is None and time.monotonic() >= deadline:
                break
            scanned += 1
            timed_out += result is None
            if result:
                matched += 1
                if len(matches) < limit:
                    matches.append(
                        RuleMatch(
                            i,
                            article.title,
                            web_url(article.url),
                            article.outlet,
                            article.published_at,
                        )
                    )
    hides = matched if action == "block" else scanned - matched
    return RulePreview(tuple(matches), matched, scanned, hides, timed_out, scanned == len(ids))
