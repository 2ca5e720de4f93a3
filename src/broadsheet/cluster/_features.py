"""What the story engine knows about one article: weighted terms, named entities, time."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import cast

_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves said says say told tell new one two three
year years week day days time like get got make made people per cent percent first last many much
may might must including according since still back even well way going go us mr mrs ms dr sir
would could also whether however although though yet around among another every without within
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow news report
reported reports reporting say saying statement told asked added went take took see seen
january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
editing writing additional graphics compiled photo photos video updated update
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "president",
        "prime",
        "minister",
        "sen",
        "rep",
        "gov",
        "senator",
        "the",
    }
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# A figure ("850,000", "$3.5", "22.5"): what one event reports and a neighbouring one does not.
_FIGURE = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?")
_CAP = re.compile(
    r"(?:[A-Z][\w’'-]*|[A-Z]\.)(?: +(?:(?:of|de|von|van|al|bin|the|and) +)?[A-Z][\w’'-]*)*"
)
_SENT_START = re.compile(r"(?:^|[.!?\"'“‘:]\s+|\n)$")
TITLE_TERMS = 20
BODY_TERMS = 60
FIGURES = 10  # kept beside the body's words, so figures never crowd a word out
ENTITIES = 30


@dataclass(frozen=True)
class Features:
    """An article reduced to bounded term counts (title, lead+body), entities and a timestamp."""

    title: dict[str, float]
    body: dict[str, float]
    entities: dict[str, float]
    names: dict[str, str]  # entity key -> display form
    published: float  # POSIX seconds


def _stem(word: str) -> str:
    word = word.replace("’", "'").split("'")[0].strip("-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> Counter[str]:
    """Return counts of content words (lower-cased, stop words dropped, plurals folded)."""
    out: Counter[str] = Counter()
    for raw in _WORD.findall(text):
        word = _stem(raw.lower())
        if len(word) > 2 and word not in STOPWORDS:
            out[word] += 1
    return out


def figures(text: str) -> Counter[str]:
    """Return counts of the figures of two or more digits, written without thousands commas
    ("850,000" and "850000" are one key); single digits say too little to tell events apart."""
    out: Counter[str] = Counter()
    for raw in _FIGURE.findall(text):
        figure = raw.replace(",", "")
        if sum(c.isdigit() for c in figure) > 1:
            out[figure] += 1
    return out


def is_figure(key: str) -> bool:
    """Whether a body or title key is a figure rather than a word."""
    return key[:1].isdigit()


def _entity_key(phrase: str) -> tuple[str, str]:
    words = [w.replace("’", "'").split("'")[0] for w in phrase.split()]
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    display = " ".join(w for w in words if w)
    return display.lower(), display


def entities(text: str) -> tuple[dict[str, float], dict[str, str]]:
    """Return capitalised-phrase entities (honorifics dropped, surname also counted) and displays."""
    counts: dict[str, float] = {}
    names: dict[str, str] = {}
    for match in _CAP.finditer(text):
        phrase = match.group(0)
        at_start = bool(_SENT_START.search(text[max(0, match.start() - 3) : match.start()]))
        key, display = _entity_key(phrase)
        if not key or key in STOPWORDS or len(key) < 3 or (at_start and " " not in key):
            continue
        counts[key] = counts.get(key, 0.0) + 1
        names.setdefault(key, display)
        if " " in key:  # "Keir Starmer" also counts for later mentions of "Starmer"
            last = key.rsplit(" ", 1)[1]
            if len(last) > 2 and last not in STOPWORDS:
                counts[last] = counts.get(last, 0.0) + 0.5
                names.setdefault(last, display.rsplit(" ", 1)[1])
    return counts, names


def _top(counts: Counter[str] | dict[str, float], n: int) -> dict[str, float]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def features(title: str, text: str, published: float) -> Features:
    """Return the bounded features of one article (the lead counts double in the body vector;
    its figures come on top of its words)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    lead = " ".join(paragraphs[:2]) if len(paragraphs) > 1 else text[:600]
    body = terms(text)
    body.update(terms(lead))
    body.update(terms(title))
    ents, names = entities(title + ".\n" + text)
    top_ents = _top(ents, ENTITIES)
    numbers = figures(text)
    numbers.update(figures(lead))
    numbers.update(figures(title))
    return Features(
        title=_top(terms(title) + figures(title), TITLE_TERMS),
        body=_top(body, BODY_TERMS) | _top(numbers, FIGURES),
        entities=top_ents,
        names={k: names[k] for k in top_ents},
        published=published,
    )


def to_json(f: Features) -> dict[str, object]:
    """Return the features as a JSON-able dict (stored per article)."""
    return {"t": f.title, "b": f.body, "e": f.entities, "n": f.names, "p": f.published}


def from_json(data: dict[str, object]) -> Features:
    """Return features stored by ``to_json``."""
    return Features(
        title=dict(cast(dict[str, float], data["t"])),
        body=dict(cast(dict[str, float], data["b"])),
        entities=dict(cast(dict[str, float], data["e"])),
        names=dict(cast(dict[str, str], data["n"])),
        published=float(cast(float, data["p"])),
    )
