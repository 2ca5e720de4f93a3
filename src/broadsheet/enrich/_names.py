"""Canonical names: honorifics stripped for identity, partial names and linked roles merged.

"Sir Keir", "Starmer", "Mr Starmer" and "Keir Starmer" in one article are one person, named by
the fullest form; a role ("the prime minister") names a person only where the article links the
two (an appositive, "Prime Minister Keir Starmer", or a role subject continuing a named subject).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ._given_names import given_name_gender

HONORIFICS = {
    "sir",
    "dame",
    "lord",
    "lady",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "judge",
    "justice",
    "rev",
    "father",
    "king",
    "queen",
    "prince",
    "princess",
    "chancellor",
    "minister",
    "secretary",
    "mayor",
    "gen",
    "general",
    "col",
    "capt",
    "captain",
    "sgt",
    "baroness",
    "baron",
    "archbishop",
    "bishop",
    "pope",
    "sheikh",
    "chairman",
    "commissioner",
    "speaker",
    "premier",
    "leader",
    "st",
    "councillor",
    "cllr",
}
ROLE_NOUNS = (
    "prime minister",
    "deputy prime minister",
    "first minister",
    "chancellor",
    "president",
    "vice president",
    "foreign secretary",
    "home secretary",
    "health secretary",
    "secretary",
    "minister",
    "leader",
    "opposition leader",
    "mayor",
    "governor",
    "senator",
    "speaker",
    "chief executive",
    "chairman",
    "chairwoman",
    "chair",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "attorney general",
    "king",
    "queen",
    "pope",
    "premier",
    "chancellor of the exchequer",
    "defence secretary",
    "defense secretary",
    "secretary of state",
    "first lady",
    "candidate",
    "nominee",
    "coach",
    "manager",
    "director",
    "commissioner",
    "ambassador",
    "prosecutor",
)
FEMALE = {"ms", "mrs", "miss", "dame", "lady", "queen", "princess", "baroness"}
MALE = {"mr", "sir", "lord", "king", "prince", "baron", "father"}
ROLE_RE = re.compile(
    r"\b(?:[Tt]he\s+)?(?:(?:[Ff]ormer|[Nn]ew|[Dd]eputy|[Ss]hadow|[Tt]hen|[Cc]urrent)[- ]\s*)?"
    r"(" + "|".join(sorted((re.escape(r) for r in ROLE_NOUNS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def words(name: str) -> list[str]:
    """Split a name into words, dropping possessive endings and stray punctuation."""
    name = re.sub(r"['’]s?$", "", name.strip())
    return [w.strip(".,;:'’\"“”()") for w in name.split() if w.strip(".,;:'’\"“”()")]


def split_title(name: str) -> tuple[list[str], list[str]]:
    """Return (honorific words, identity words) of a person's name as written."""
    parts = words(name)
    titles: list[str] = []
    while len(parts) > 1 and parts[0].lower().rstrip(".") in HONORIFICS:
        titles.append(parts.pop(0))
    if (
        len(parts) > 1
        and titles
        and titles[-1].lower() == "prime"
        and parts[0].lower() == "minister"
    ):
        titles.append(parts.pop(0))
    return titles, parts


def gender(titles: list[str]) -> str | None:
    """Return 'f', 'm' or None from the honorifics used."""
    lowered = {t.lower().rstrip(".") for t in titles}
    if lowered & FEMALE:
        return "f"
    return "m" if lowered & MALE else None


@dataclass
class Person:
    """One person cluster within an article."""

    ident: list[str]
    displays: Counter[str] = field(default_factory=Counter)
    count: int = 0
    gender: str | None = None

    @property
    def name(self) -> str:
        """The canonical name: identity words without honorifics."""
        return " ".join(self.ident)


def _matches(short: list[str], full: list[str], titles: list[str]) -> bool:
    if len(short) >= len(full):
        return [w.lower() for w in short] == [w.lower() for w in full]
    low = [w.lower() for w in short]
    fl = [w.lower() for w in full]
    if len(low) == 1:
        knight = {t.lower() for t in titles} & {"sir", "dame", "lord", "lady"}
        return low[0] == fl[-1] or (low[0] == fl[0] and bool(knight))
    return low[0] == fl[0] and low[-1] == fl[-1]


def cluster_people(mentions: list[str]) -> tuple[dict[str, str], dict[str, Person]]:
    """Map each written person mention to a canonical name; return the map and the clusters."""
    parsed = [(m, *split_title(m)) for m in mentions]
    people: dict[str, Person] = {}
    for _m, _t, ident in sorted(parsed, key=lambda p: -len(p[2])):
        if len(ident) < 2 or ident[-1][:1].islower():
            continue
        if not any(_matches(ident, p.ident, []) for p in people.values()):
            people[" ".join(ident)] = Person(ident=ident)
    mapping: dict[str, str] = {}
    for mention, titles, ident in parsed:
        candidates = [p for p in people.values() if _matches(ident, p.ident, titles)]
        if not candidates and ident:
            people.setdefault(" ".join(ident), Person(ident=ident))
            candidates = [people[" ".join(ident)]]
        if not candidates:
            continue
        person = max(candidates, key=lambda p: (p.count, len(p.ident)))
        person.count += 1
        person.displays[mention.strip()] += 1
        person.gender = person.gender or gender(titles)
        mapping[mention] = person.name
    for person in people.values():  # no title said it: a given name of one gender does
        if person.gender is None and len(person.ident) > 1:
            person.gender = given_name_gender(person.ident[0])
    return mapping, {p.name: p for p in people.values() if p.count}


def display_name(person: Person) -> str:
    """The fullest written form, keeping honorifics for display ("Sir Keir Starmer")."""
    forms = [re.sub(r"['’]s?$", "", d) for d in person.displays]
    titled = [f for f in forms if person.name in f]
    return max(titled or forms or [person.name], key=lambda f: (len(f.split()), f))


def role_key(text: str) -> str | None:
    """Return the normalised role a description names ("The Prime Minister" → "prime minister")."""
    match = ROLE_RE.fullmatch(text.strip().rstrip(".,"))
    return match.group(1).lower() if match else None
