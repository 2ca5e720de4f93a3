"""Entity mentions made right by the article's own evidence: common nouns and title words
dropped, names trimmed, one type per name (head words and prepositions tell places from
organisations), short forms and defined acronyms folded into the full name.

The small NER model tags each occurrence on its own, so one article can call "Harwick" a
person, a place and an organisation; the rules here decide once per article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any, Protocol

# The last word of a name says what it names ("Harwick City Council", "University of Carrow").
ORG_HEADS = frozenset(
    {
        "authority",
        "council",
        "union",
        "party",
        "bank",
        "securities",
        "capital",
        "office",
        "board",
        "agency",
        "federation",
        "association",
        "institute",
        "university",
        "college",
        "school",
        "hospital",
        "motors",
        "systems",
        "research",
        "service",
        "services",
        "department",
        "ministry",
        "treasury",
        "assembly",
        "commission",
        "regulator",
        "court",
        "police",
        "club",
        "library",
        "museum",
        "observatory",
        "mutual",
        "group",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "plc",
        "llc",
        "foundation",
        "trust",
        "committee",
        "chamber",
        "news",
        "radio",
        "network",
        "airlines",
        "airways",
        "industries",
        "holdings",
        "partners",
        "coalition",
        "alliance",
        "movement",
        "campaign",
        "senate",
        "congress",
        "parliament",
        "government",
        "administration",
        "army",
        "navy",
        "press",
        "wire",
        "times",
        "post",
        "journal",
        "exchange",
        "fund",
        "institution",
        "lab",
        "labs",
        "laboratory",
        "grid",
        "energy",
        "power",
        "water",
        "rail",
        "health",
        "media",
        "rovers",
        "united",
        "wanderers",
        "athletic",
        "albion",
        "rangers",
        "fc",
    }
)
# an organisation whose first word alone also names it ("Kestrel" for "Kestrel Motors"),
# unlike civic bodies that start with a place ("Harwick City Council")
COMPANY_HEADS = frozenset(
    {
        "motors",
        "systems",
        "securities",
        "capital",
        "group",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "plc",
        "llc",
        "holdings",
        "industries",
        "grid",
        "energy",
        "power",
        "health",
        "media",
        "airlines",
        "airways",
        "labs",
        "research",
        "partners",
        "mutual",
        "bank",
    }
)
PLACE_HEADS = frozenset(
    {
        "street",
        "road",
        "lane",
        "avenue",
        "square",
        "bridge",
        "park",
        "stadium",
        "hall",
        "mount",
        "river",
        "valley",
        "airport",
        "harbour",
        "harbor",
        "bay",
        "beach",
        "island",
        "islands",
        "way",
        "close",
        "crescent",
        "terrace",
        "quay",
        "estate",
        "county",
        "district",
        "province",
        "state",
        "village",
        "coast",
        "sea",
        "ocean",
        "lake",
        "hill",
        "hills",
        "mountains",
        "forest",
        "drive",
        "place",
        "gardens",
        "green",
        "cross",
        "centre",
        "center",
    }
)
# words that name a place when they lead the name ("Mount Kellan")
_PLACE_LEADS = frozenset({"mount", "lake", "port", "fort", "cape", "saint", "st"})
# a place-context preposition right before a name: "from Eastfield", "between Saltmere and"
_PLACE_PREPS = frozenset(
    {
        "in",
        "at",
        "from",
        "to",
        "near",
        "across",
        "around",
        "outside",
        "into",
        "through",
        "between",
        "towards",
        "toward",
        "via",
        "inside",
        "throughout",
        "off",
        "beyond",
        "along",
    }
)
_PLACE_NOUNS = frozenset(
    {
        "area",
        "areas",
        "district",
        "districts",
        "town",
        "village",
        "villages",
        "city",
        "depot",
        "depots",
        "region",
        "suburb",
        "suburbs",
        "estate",
        "neighbourhood",
        "neighborhood",
    }
)
_ORG_VERBS = frozenset(
    {"announce", "confirm", "apologise", "apologize", "hire", "employ", "invest", "sue", "fire"}
)
_LINKS = frozenset({"of", "the", "and", "for", "de", "la", "van", "von", "du", "del", "&"})
_STOPWORDS = frozenset({"to", "in", "on", "at", "by", "with", "from", "past", "as", "after"})


class _MentionLike(Protocol):
    start: int
    end: int
    written: str
    kind: str


# words for a person that a name before them only describes ("Finance Minister")
_TITLE_WORDS = frozenset(
    {
        "minister",
        "secretary",
        "leader",
        "passenger",
        "spokesman",
        "spokeswoman",
        "chief",
        "correspondent",
        "editor",
        "member",
        "councillor",
        "official",
        "officials",
        "driver",
        "drivers",
        "resident",
        "residents",
        "worker",
        "workers",
        "fan",
        "fans",
        "manager",
        "director",
        "chair",
        "chairman",
        "governor",
        "mayor",
        "commissioner",
        "president",
        "boss",
    }
)


def _head_kind(words: list[str]) -> str | None:
    """The kind a name's own words give it: an organisation or place head word, or None."""
    low = [w.lower().strip(".,'’") for w in words]
    if "of" in low[1:]:  # "University of Carrow", "Chamber of Commerce"
        low = low[: low.index("of", 1)]
    if len(low) < 2:
        return None
    if low[-1] in ORG_HEADS:
        return "org"
    if low[-1] in PLACE_HEADS or low[0] in _PLACE_LEADS:
        return "place"
    return None


def trim(doc: Any, start: int, end: int, kind: str | None = None) -> tuple[int, int]:
    """Token range of a mention without stray words: leading lower-case or common-noun words
    ("Cabbie Terry Nolan", "past City") and everything from a lower-case word or an inner
    possessive on ("Carrow Rovers to", "Rovers' academy", "Grid's Brackley")."""
    while end - start > 1 and (
        doc[start].text[:1].islower()
        or (
            kind == "person"
            and end - start > 2
            and doc[start].pos_ == "NOUN"
            and all(t.pos_ == "PROPN" for t in doc[start + 1 : end])
        )
    ):
        start += 1
    for i in range(start + 1, end):
        tok = doc[i]
        if tok.text in ("'s", "’s") and i < end - 1 and doc[i + 1].lower_ not in ORG_HEADS:
            return start, i  # "Veridian Grid's Brackley", not "St Bride's Hospital"
        if tok.text[:1].islower() and tok.lower_ not in _LINKS:
            return start, i
        if tok.lower_ in _STOPWORDS:
            return start, i
    return start, end


def not_a_name(doc: Any, start: int, end: int, text: str) -> bool:
    """Whether tokens [start, end) are not a name at all: common nouns only ("Schools",
    "Strikes"), a word modifying a title ("Finance Minister", "Council leader"), a label
    before a colon ("Verdict:"), or a word shouted in capitals ("MILLIONS of drivers")."""
    span = doc[start:end]
    capitals = [
        t
        for t in span
        if t.text[:1].isupper()
        and not t.is_sent_start
        and t.i > 0
        and not doc[t.i - 1].is_quote
        and not doc[t.i - 1].is_punct
    ]
    if (
        not any(t.pos_ == "PROPN" for t in span)
        and not any(t.text.isupper() for t in span)
        and not capitals
    ):
        return True
    if end - start == 1:
        tok = doc[start]
        head = tok.head
        if start > 0 and doc[start - 1].lower_ in ("a", "an"):
            return True  # "see a GP": a common noun in capitals
        if _term_acronym(doc, tok):
            return True
        if (
            tok.dep_ == "compound"
            and end <= head.i <= end + 2
            and head.ent_type_ not in ("ORG", "GPE", "FAC", "LOC")
            and head.lower_ in _TITLE_WORDS
        ):
            return True
        if (
            tok.dep_ == "compound"
            and tok.ent_type_ in ("ORG", "PERSON", "NORP", "")
            and head.i > tok.i
            and head.pos_ == "NOUN"
            and head.text.islower()
            and not any(t.text == tok.text and t.dep_ != "compound" for t in doc)
        ):
            return True  # "Tram union boss", "GP surgeries": a word describing a noun
        after = text[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 2]
        line_start = tok.idx == 0 or text[tok.idx - 1] == "\n"
        if line_start and after.startswith(":"):
            return True
        if tok.text.isupper() and len(tok.text) >= 3 and re.match(r"-[A-Z]", after):
            return True  # "FED-UP commuters"
        if tok.text.isupper() and len(tok.text) > 3 and line_start:
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and nxt.text[:1].islower():
                return True  # "MILLIONS of drivers"
    return False


def _term_acronym(doc: Any, tok: Any) -> bool:
    """'Lithium iron phosphate (LFP)': an acronym the article defines by lower-case words is
    a term, not a name (wherever it is used afterwards)."""
    if not tok.text.isupper() or len(tok.text) < 2:
        return False
    for t in doc:
        if t.text == tok.text and t.i > 1 and doc[t.i - 1].text == "(":
            words = [w for w in doc[max(0, t.i - 1 - len(tok.text)) : t.i - 1] if w.is_alpha]
            return bool(sum(w.text.islower() for w in words) * 2 > len(words))
    return False


_BORN = re.compile(r"-(?:born|based)\b")


def context_votes(doc: Any, start: int, end: int, text: str) -> Counter[str]:
    """Votes the words around one mention give: place after "in/from/between…" or before
    "area", organisation as the subject of "announced" or before "'s spokesman"."""
    votes: Counter[str] = Counter()
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ == "and" and start > 2:
        # "between Saltmere and Carrow", "Harbour Street and Quayside areas"
        before = doc[start - 3] if doc[start - 2].pos_ == "PROPN" else before
    if before is not None and before.lower_ in _PLACE_PREPS:
        if before.lower_ not in ("at", "to", "from", "via", "off"):
            votes["place"] += 2
        elif (
            before.lower_ == "from"
            and before.i > 1
            and doc[before.i - 1].text == ","
            and doc[before.i - 2].like_num
        ):
            votes["place"] += 2  # "Frank Lee, 67, from Eastfield"
    if (
        start > 1
        and doc[start - 1].lower_ in ("and", "or")
        and doc[start - 2].ent_type_ in ("GPE", "LOC", "FAC")
    ):
        votes["place"] += 2  # "the Holloway Road and Eastfield depots"
    if _BORN.match(text, doc[end - 1].idx + len(doc[end - 1].text)):
        votes["place"] += 4  # "Harwick-born novelist"
    if before is not None and before.lower_ == "the" and end - start == 1:
        votes["org"] += 1  # "told the Herald": people do not take "the"
        votes["person"] -= 5
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ in _PLACE_NOUNS:
        votes["place"] += 4
    if (
        nxt is not None
        and nxt.lower_ == "and"
        and end + 2 < len(doc)
        and doc[end + 2].lower_ in _PLACE_NOUNS
    ):
        votes["place"] += 4
    head = doc[end - 1]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in _ORG_VERBS:
        votes["org"] += 2
    if _person_context(doc, start, end):
        votes["person"] += 3
    return votes


_PERSON_SUFFIX = re.compile(r"(?:er|or|ist|ian|man|woman|person|ee)$")


def _person_context(doc: Any, start: int, end: int) -> bool:
    """'striker Mateo Vidal', 'Ann Lee, 45,', 'Asante, who signed': words only a person has."""
    after = doc[end : end + 4]
    if len(after) >= 2 and after[0].text == "," and after[1].lower_ == "who":
        return True
    if end - start < 2:
        return False
    before = doc[start - 1] if start > 0 else None
    if (
        before is not None
        and before.pos_ == "NOUN"
        and before.text.islower()
        and (before.lower_ in _TITLE_WORDS or _PERSON_SUFFIX.search(before.lower_))
    ):
        return True
    return len(after) >= 3 and after[0].text == "," and after[1].like_num and after[2].text == ","


def decide_kinds(
    mentions: list[_MentionLike],
    key: Callable[[_MentionLike], str],
    votes: dict[int, Counter[str]],
    people: set[str],
) -> None:
    """Give every mention of one name one kind: the name's head word, else the model's tags
    plus context votes (a lone word tagged a person somewhere but a place or organisation
    elsewhere is not a person unless it is part of a named person)."""
    by_name: dict[str, list[_MentionLike]] = {}
    for m in mentions:
        if m.kind in ("person", "org", "place"):
            by_name.setdefault(key(m), []).append(m)
    for name, group in by_name.items():
        words = name.split()
        tally: Counter[str] = Counter()
        for m in group:
            tally[m.kind] += 2
            context = votes.get(id(m), Counter())
            if len(words) == 1:  # a lone word: its surroundings say more than the model
                tally.update(context)
            elif context["person"] > 0:
                tally["person"] += context["person"]
        fixed = _head_kind(words)
        lone = fixed is None and len(words) == 1 and name not in people
        if lone and tally["person"] and (tally["place"] or tally["org"]):
            tally["person"] = 0
        kind = fixed or max(("person", "place", "org"), key=lambda k: (tally[k], k == "place"))
        if fixed is None and len(words) > 1 and any(m.kind == "person" for m in group):
            kind = "person" if tally["person"] * 2 >= sum(tally.values()) else kind
        for m in group:
            m.kind = kind


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")


def initials(name: str) -> str:
    """The capital initials of a name's main words ("Tram and Rail Workers' Union" → "TRWU")."""
    return "".join(
        w[0].upper() for w in re.findall(r"[A-Za-z][\w’'-]*", name) if w.lower() not in _LINKS
    )


def acronyms(text: str, full_names: list[tuple[int, int, str]]) -> dict[str, str]:
    """Acronyms the article defines or uses for a full name: "City Transit Authority (CTA)",
    or "CTA" anywhere when its letters are the initials of a named organisation."""
    found: dict[str, str] = {}
    for _start, end, name in full_names:
        match = _ACRONYM_AFTER.match(text, end)
        if match and _fits(match.group(1), name):
            found[match.group(1)] = name
    for _start, _end, name in full_names:
        short = initials(name)
        if len(short) >= 3 and short not in found and re.search(rf"\b{short}\b", text):
            found[short] = name
    return found


def _fits(short: str, name: str) -> bool:
    letters = [c for c in short if c.isupper()]
    return (
        len(letters) >= 2
        and "".join(letters) == initials(name)[: len(letters)]
        and len(letters) == len(initials(name))
    )
