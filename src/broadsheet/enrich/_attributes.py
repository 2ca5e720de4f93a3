"""The model's attribute rules (tag → part of speech, lemma exceptions) applied by table lookup.

spaCy's ``attribute_ruler`` runs its 179 patterns through the general token Matcher, about a
tenth of all the time parsing takes; almost every pattern tests one token's tag, lower-case
form, dependency or whitespace for equality. ``speed_up`` keeps the ruler and its rules and
only changes how matches are found: one-token patterns by dictionary lookup, the few
multi-token ones by a Matcher holding only them. Matches are applied in the ruler's own order
(a later rule wins), so every token gets the attributes the ruler would give it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens._retokenize import set_token_attrs

_TOKEN_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}


class UnexpectedRuleError(ValueError):
    """An attribute rule uses a feature the lookup does not handle (the ruler is kept as is)."""


def _test(key: str, value: Any) -> tuple[str, str, Any]:
    """One token test as (token attribute, how to compare, what to compare with)."""
    if key not in _TOKEN_KEYS:
        raise UnexpectedRuleError(f"attribute rule tests {key}")
    attr = _TOKEN_KEYS[key]
    if isinstance(value, bool):
        return attr, "is", value
    if isinstance(value, str):
        return attr, "in", frozenset([value])
    if isinstance(value, dict) and len(value) == 1:
        ((how, what),) = value.items()
        if how in ("IN", "NOT_IN"):
            return attr, how.lower(), frozenset(what)
        if how == "REGEX":
            return attr, "regex", re.compile(what)
    raise UnexpectedRuleError(f"attribute rule tests {key} with {value!r}")


def _passes(token: Any, tests: list[tuple[str, str, Any]]) -> bool:
    for attr, how, what in tests:
        got = getattr(token, attr)
        if how == "in":
            if got not in what:
                return False
        elif how == "not_in":
            if got in what:
                return False
        elif how == "is":
            if got is not what:
                return False
        elif what.search(got) is None:
            return False
    return True


class LookupMatcher:
    """Finds the attribute ruler's matches as (rule number, token index), in the ruler's order."""

    def __init__(self, ruler: Any) -> None:
        self.by_tag: dict[str, list[tuple[int, list[tuple[str, str, Any]]]]] = defaultdict(list)
        self.by_lower: dict[str, list[tuple[int, list[tuple[str, str, Any]]]]] = defaultdict(list)
        self.other: list[tuple[int, list[tuple[str, str, Any]]]] = []
        self.spans = Matcher(ruler.vocab)
        for number, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                if len(pattern) > 1:
                    self.spans.add(str(number), [pattern])
                    continue
                tests = [_test(k, v) for k, v in pattern[0].items()]
                self._index(number, pattern[0], tests)
        self.indices = list(ruler.indices)

    def _index(
        self, number: int, pattern: dict[str, Any], tests: list[tuple[str, str, Any]]
    ) -> None:
        for key, table in (("LOWER", self.by_lower), ("TAG", self.by_tag)):
            value = pattern.get(key)
            if isinstance(value, str) or (isinstance(value, dict) and set(value) == {"IN"}):
                for one in [value] if isinstance(value, str) else value["IN"]:
                    table[one].append((number, tests))
                return
        self.other.append((number, tests))

    def __call__(self, doc: Any) -> list[tuple[int, int]]:
        """Every (rule number, index of the token it sets) in the order the ruler applies them."""
        found = []
        for token in doc:
            for candidates in (self.by_lower.get(token.lower_), self.by_tag.get(token.tag_)):
                for number, tests in candidates or ():
                    if _passes(token, tests):
                        found.append((number, token.i))
            for number, tests in self.other:
                if _passes(token, tests):
                    found.append((number, token.i))
        for key, start, end in self.spans(doc, allow_missing=True):
            number = int(doc.vocab.strings[key])
            found.append((number, doc[start:end][self.indices[number]].i))
        found.sort()
        return found


def speed_up(nlp: Any) -> None:
    """Make the pipeline's attribute ruler find its matches by lookup (same attributes set)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        find = LookupMatcher(ruler)
    except UnexpectedRuleError:
        return  # a model with other kinds of rules: spaCy's own matching stays

    def match(doc: Any) -> list[tuple[int, int]]:
        return find(doc)

    def set_annotations(doc: Any, matches: list[tuple[int, int]]) -> None:
        for number, i in matches:
            set_token_attrs(doc[i], ruler.attrs[number])

    ruler.match = match
    ruler.set_annotations = set_annotations
