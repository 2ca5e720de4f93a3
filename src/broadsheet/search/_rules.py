"""Alert rules: ``entity = Ana Ruiz and not source = Example News``, or plain keywords.

A rule is clauses joined by "and"; each clause is ``field = value`` (entity, source, hashtag,
language, keyword) or bare words (keywords), optionally preceded by "not". Keywords use the
search box's grammar (``_query.parse``). Pure: storage evaluates the parsed conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.errors import AlertRuleError
from broadsheet.search._query import ParsedQuery, parse

FIELDS = {
    "entity": "entity",
    "source": "source",
    "hashtag": "hashtag",
    "tag": "hashtag",
    "language": "language",
    "keyword": "keyword",
    "keywords": "keyword",
    "text": "keyword",
}
CLAUSE = re.compile(r"^(not\s+)?(?:(\w+)\s*[=:]\s*)?(.+)$", re.I | re.S)


@dataclass(frozen=True)
class Condition:
    """One clause of a rule; ``query`` holds a keyword clause's parsed terms (else None)."""

    field: str
    value: str
    negate: bool = False
    query: ParsedQuery | None = None


def parse_rule(rule: str) -> tuple[Condition, ...]:
    """Parse a rule into conditions, or raise AlertRuleError saying what is wrong."""
    conditions = []
    for clause in re.split(r"\s+and\s+", (rule or "").strip(), flags=re.I):
        m = CLAUSE.match(clause.strip())
        if not m or not clause.strip():
            continue
        negate, field, value = bool(m.group(1)), (m.group(2) or "keyword").lower(), m.group(3)
        if field not in FIELDS:
            raise AlertRuleError(
                f"Unknown field {field!r}: use one of entity, source, hashtag, language or keyword."
            )
        field, value = FIELDS[field], value.strip().strip('"')
        keywords = parse(value) if field == "keyword" else None
        conditions.append(Condition(field, value, negate, keywords))
    if not any(not c.negate for c in conditions):
        raise AlertRuleError(
            "A rule needs at least one condition without 'not', e.g. "
            "'entity = Ana Ruiz' or 'tram strike'."
        )
    return tuple(conditions)
