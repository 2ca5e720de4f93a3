"""What kind of answer a question asks for, and the named things (spaCy entities) a sentence holds.

"Who ...?" is answered by a person, an organisation or a group; "where" by a place; "when" by a
date or a time; "how many" by a count; "which state" or "what party" by what the head word
names. ``_ask`` prefers a sentence holding such an entity that the question does not already
name: "Mr. Steele did not respond to the call for his resignation" mentions only the man asked
about, "... prompted William Kristol ... to call for his resignation" names someone new.

The entities come from the installed English pipeline that ``broadsheet.enrich`` loads (no
downloads). Without it every answer type is unknown and ``_ask`` ranks on words alone.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from broadsheet.enrich import ModelMissingError, load_model

Entity = tuple[str, str]  # (text, spaCy label)

_PEOPLE = frozenset(["PERSON", "ORG", "NORP", "GPE"])
_PLACES = frozenset(["GPE", "LOC", "FAC", "ORG"])
_TIMES = frozenset(["DATE", "TIME"])
_COUNTS = frozenset(["CARDINAL", "QUANTITY", "PERCENT", "MONEY"])
_AMOUNTS = frozenset(["MONEY", "PERCENT", "QUANTITY", "CARDINAL"])
_ORGS = frozenset(["ORG", "WORK_OF_ART", "PRODUCT"])
_WH = (
    (re.compile(r"^\s*how old\b", re.I), frozenset(["DATE", "CARDINAL"])),
    (re.compile(r"^\s*how (?:long|soon|quickly)\b", re.I), frozenset(["DURATION"])),
    (re.compile(r"^\s*(?:how many|what number)\b", re.I), _COUNTS),
    (re.compile(r"^\s*(?:how much|what (?:percentage|share|amount|sum))\b", re.I), _AMOUNTS),
    (
        re.compile(r"^\s*(?:when|(?:at |on |by |in )?what (?:day|date|time|year|hour))\b", re.I),
        _TIMES,
    ),
    (re.compile(r"^\s*(?:who|whom|whose)\b", re.I), _PEOPLE),
    (re.compile(r"^\s*where\b", re.I), _PLACES),
    (
        re.compile(
            r"^\s*what (?:did|does|do|has|have|had|will|would)\b.*\b(?:say|said|says|call|"
            r"tell|write|wrote|describe|reply|respond|answer)\b",
            re.I,
        ),
        frozenset(["QUOTE"]),
    ),
)
# What the word after "which"/"what" asks for ("which state", "what party").
_HEADS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ["state", "city", "country", "town", "nation", "county", "province", "region"],
        frozenset(["GPE", "LOC"]),
    ),
    **dict.fromkeys(["place", "location", "venue", "building"], _PLACES),
    **dict.fromkeys(["party", "religion", "nationality", "faith"], frozenset(["NORP", "ORG"])),
    **dict.fromkeys(
        [
            "show",
            "programme",
            "program",
            "network",
            "channel",
            "station",
            "newspaper",
            "magazine",
            "paper",
            "publication",
            "website",
            "site",
            "company",
            "firm",
            "group",
            "organization",
            "organisation",
            "agency",
            "union",
            "committee",
            "department",
            "court",
            "team",
            "book",
            "film",
            "debate",
        ],
        _ORGS,
    ),
    **dict.fromkeys(
        [
            "candidate",
            "person",
            "man",
            "woman",
            "official",
            "senator",
            "lawmaker",
            "member",
            "leader",
            "author",
            "reporter",
            "justice",
            "judge",
            "lawyer",
            "president",
            "governor",
            "spokesman",
            "spokeswoman",
        ],
        frozenset(["PERSON"]),
    ),
    **dict.fromkeys(["day", "year", "month", "date", "time"], _TIMES),
    **dict.fromkeys(["law", "bill", "act"], frozenset(["LAW"])),
    **dict.fromkeys(["words", "phrase", "slogan", "message", "headline"], frozenset(["QUOTE"])),
}
# A quotation of three words or more counts as a named thing: what someone said.
_QUOTATION = re.compile(r"[“\"]([^”\"]*?\s[^”\"]*?\s[^”\"]*?)[”\"]")
# A date or time that measures a span ("three weeks", "its ninth year"), not a day.
_DURATION = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I
)
_AFTER_WHICH = re.compile(r"\b(?:which|what)\s+((?:[a-z]+\s+){0,2}[a-z]+)", re.I)

CACHE_SIZE = 8192  # sentences whose entities are kept
_NOT_NEEDED = ["tagger", "parser", "attribute_ruler", "lemmatizer"]  # entities need none of these
_lock = threading.Lock()
_unavailable = False
_cache: dict[str, tuple[Entity, ...]] = {}


def expected_labels(question: str) -> frozenset[str]:
    """The entity labels an answer to ``question`` names; empty when the kind is not a name."""
    for pattern, labels in _WH:
        if pattern.search(question):
            return labels
    head = head_word(question)
    return _HEADS.get(head) or _HEADS.get(head[:-1], frozenset())


def head_word(question: str) -> str:
    """The word after "which"/"what" whose kind the answer names ("party"), or ''."""
    match = _AFTER_WHICH.search(question)
    if match is None or any(p.search(question) for p, _ in _WH):
        return ""
    for word in match.group(1).lower().split():
        if word in _HEADS or (word.endswith("s") and word[:-1] in _HEADS):
            return word
    return ""


def _is_duration(text: str, label: str) -> bool:
    return label in _TIMES and bool(_DURATION.search(text))


def entities(texts: Sequence[str]) -> list[tuple[Entity, ...]]:
    """The named entities and quotations of each sentence, (text, label), in order.

    Without the model every sentence holds none. Sentences seen before come from a bounded
    cache, so asking a second question of an article costs no model run.
    """
    global _unavailable
    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing and not _unavailable:
        try:
            docs = list(load_model().pipe(missing, disable=_NOT_NEEDED))
        except ModelMissingError:
            with _lock:
                _unavailable = True
            docs = []
        with _lock:
            if len(_cache) + len(docs) > CACHE_SIZE:
                _cache.clear()
            for text, doc in zip(missing, docs, strict=False):
                quotes = tuple((m.group(1), "QUOTE") for m in _QUOTATION.finditer(text))
                named = tuple((e.text, e.label_) for e in doc.ents)
                spans = tuple((t, "DURATION") for t, label in named if _is_duration(t, label))
                _cache[text] = named + spans + quotes
    return [_cache.get(t, ()) for t in texts]
