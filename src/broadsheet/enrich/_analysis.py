"""Parse an article once and find who is named where: people, organisations, places and roles."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ._entities import COMPANY_HEADS, acronyms, context_votes, decide_kinds, not_a_name, trim
from ._marks import find_marked
from ._model import load_model
from ._names import HONORIFICS, ROLE_RE, Person, cluster_people, gender, split_title

_KIND = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_BAD = re.compile(r"[@#\n]|^\W|https?:")
# "Storm Ingrid", "Hurricane Milton": named weather is an event, which the small model often
# takes for a person (and would then give pronouns and quotes to).
_WEATHER = frozenset({"storm", "hurricane", "typhoon", "cyclone", "tropical", "tornado"})
_WEATHER_NAME = re.compile(r"\b(?:Tropical Storm|Storm|Hurricane|Typhoon|Cyclone) [A-Z][a-z]+\b")


@dataclass
class Mention:
    """One place in the text that names an entity (or a role linked to a person)."""

    start: int
    end: int
    written: str
    kind: str
    name: str = ""
    subject: bool = False
    gender: str | None = None


@dataclass
class Analysis:
    """The parsed article: the spaCy docs, mentions with canonical names, and people clusters."""

    text: str
    doc: Any
    title_doc: Any
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    displays: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)

    def sentence_index(self, char: int) -> int:
        """Index of the sentence holding character ``char`` of the text."""
        if not self._ends:
            self._ends = [sent.end_char for sent in self.doc.sents]
        return min(bisect.bisect_right(self._ends, char), max(0, len(self._ends) - 1))


def _strip_possessive(doc: Any, start: int, end: int) -> int:
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return end


def _raw_mentions(doc: Any, offset: int = 0) -> list[Mention]:
    found: list[Mention] = []
    taken: set[int] = set()
    text = doc.text  # spaCy joins every token's text on each access: read it once
    for ent in doc.ents:
        kind = _KIND.get(ent.label_)
        start, end = ent.start, _strip_possessive(doc, ent.start, ent.end)
        while (
            start > 0
            and doc[start - 1].text.lower().rstrip(".") in HONORIFICS
            and doc[start - 1].text[:1].isupper()
        ):
            start, kind = start - 1, "person"
        if kind is None or end <= start:
            continue
        if doc[start].lower_ in _WEATHER:
            kind = "event"
        if (
            end - start > 1
            and doc[start].text.lower().rstrip(".") in HONORIFICS
            and doc[start].text[:1].isupper()
        ):
            kind = "person"
        if kind != "person" and doc[start].text.lower() == "the":
            start += 1
        start, end = trim(doc, start, end, kind)
        end = _strip_possessive(doc, start, end)
        if end <= start or not_a_name(doc, start, end, text):
            continue
        span = doc[start:end]
        if _BAD.search(span.text) or not any(c.isupper() for c in span.text):
            continue
        mention = Mention(span.start_char + offset, span.end_char + offset, span.text, kind)
        _VOTES[id(mention)] = context_votes(doc, start, end, text)
        found.append(mention)
        taken.update(range(start, end))
    found.extend(_honorific_people(doc, taken, offset))
    found.extend(_weather_events(text, found, offset))
    return sorted(found, key=lambda m: m.start)


# context votes of the mentions being analysed (keyed by id; cleared after each analysis)
_VOTES: dict[int, Counter[str]] = {}


def _weather_events(text: str, found: list[Mention], offset: int) -> list[Mention]:
    """Named weather the model missed ("Storm Ingrid drove seawater…"), as events."""
    spans = [(m.start - offset, m.end - offset) for m in found]
    out = []
    for match in _WEATHER_NAME.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in spans):
            out.append(
                Mention(match.start() + offset, match.end() + offset, match.group(0), "event")
            )
    return out


def _people_by_surname(mentions: list[Mention]) -> None:
    """The model often tags a person as a place or organisation: a name whose surname a person
    mention carries (and which is not a known organisation word) is a person too, and so is a
    lone "organisation" word that is the surname of a fully named person ("Trump" beside
    "Donald Trump")."""
    surnames = {
        split_title(m.written)[1][-1]
        for m in mentions
        if m.kind == "person" and split_title(m.written)[1]
    }
    full = {
        split_title(m.written)[1][-1]
        for m in mentions
        if m.kind == "person" and len(split_title(m.written)[1]) > 1
    }
    for m in mentions:
        ident = split_title(m.written)[1]
        if (
            m.kind != "person"
            and 0 < len(ident) <= 3
            and (len(ident) > 1 or (m.kind == "org" and ident[0] in full))
            and ident[-1] in surnames
            and all(w[:1].isupper() for w in ident)
        ):
            m.kind = "person"


def _honorific_people(doc: Any, taken: set[int], offset: int) -> list[Mention]:
    """People the model missed: an honorific followed by capitalised names ("Ms Reeves")."""
    out = []
    for tok in doc:
        if (
            tok.i in taken
            or tok.text.lower().rstrip(".") not in HONORIFICS
            or not tok.text[:1].isupper()
        ):
            continue
        end = tok.i + 1
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and end not in taken
        ):
            end += 1
        if end > tok.i + 1 and tok.text.lower() in {
            "mr",
            "mrs",
            "ms",
            "sir",
            "dr",
            "lord",
            "lady",
            "dame",
            "mr.",
            "mrs.",
            "ms.",
            "dr.",
            "miss",
        }:
            span = doc[tok.i : _strip_possessive(doc, tok.i, end)]
            out.append(
                Mention(span.start_char + offset, span.end_char + offset, span.text, "person")
            )
            taken.update(range(tok.i, end))
    return out


def _is_subject(doc: Any, start: int, end: int) -> bool:
    """A grammatical subject, or the "by" agent of a passive ("was repeated by Ann Lee")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(
        t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "pobj" and t.head.dep_ == "agent")
        for t in span
    )


def analyse(title: str, text: str, parsed: tuple[Any, Any] | None = None) -> Analysis:
    """Parse ``title`` and ``text`` (or take their docs, ``parsed``, from a batched parse) and
    resolve every mention to a canonical name."""
    if parsed is None:
        nlp = load_model()
        parsed = nlp(title or ""), nlp(text)
    title_doc, doc = parsed
    result = Analysis(text=text, doc=doc, title_doc=title_doc)
    title_mentions = [m for m in _raw_mentions(title_doc, offset=-(10**6))]
    body = _raw_mentions(doc)
    _people_by_surname(title_mentions + body)
    _one_kind_per_name(title_mentions + body)
    _people_by_surname(title_mentions + body)
    _VOTES.clear()
    people = [m.written for m in title_mentions + body if m.kind == "person"]
    mapping, result.people = cluster_people(people)
    for m in title_mentions + body:
        m.name = (
            mapping.get(m.written, _plain(m.written)) if m.kind == "person" else _plain(m.written)
        )
        if m.kind == "place" and m.written.isupper() and len(m.written) > 3:
            m.name = m.written.title()  # a dateline's "CARROW" is Carrow
        m.gender = gender(split_title(m.written)[0]) if m.kind == "person" else None
        if m.start >= 0:
            m.subject = _is_subject(doc, m.start, m.end)
    result.mentions = body + _bare_surnames(doc, body, result.people)
    _fold_short_forms(result, title_mentions)
    _genders_from_pronouns(result)
    result.mentions.sort(key=lambda m: m.start)
    _link_roles(result, title_mentions)
    in_body = {m.name for m in result.mentions}
    # Headlines are often in Title Case, which the model reads badly: a headline mention counts
    # only when the body names the same entity.
    for m in [t for t in title_mentions if t.name in in_body] + result.mentions:
        result.counts[(m.name, m.kind)] += 1
        result.displays.setdefault((m.name, m.kind), Counter())[
            m.written if m.kind != "role" else m.name
        ] += 1
    return result


def _bare_surnames(doc: Any, mentions: list[Mention], people: dict[str, Person]) -> list[Mention]:
    """Surnames of known people that the model did not tag on their own ("Grant and Okafor met")."""
    by_surname = {p.ident[-1]: p for p in people.values() if len(p.ident) > 1}
    covered = [(m.start, m.end) for m in mentions]
    out = []
    for tok in doc:
        person = by_surname.get(tok.text)
        if person and tok.pos_ == "PROPN" and not any(a <= tok.idx < b for a, b in covered):
            out.append(
                Mention(
                    tok.idx,
                    tok.idx + len(tok.text),
                    tok.text,
                    "person",
                    name=person.name,
                    subject=tok.dep_ in ("nsubj", "nsubjpass"),
                    gender=person.gender,
                )
            )
            person.count += 1
            person.displays[tok.text] += 1
    return out


def _plain(written: str) -> str:
    return re.sub(r"['’]s?$", "", written.strip()).strip()


def _person_at(result: Analysis, start: int, end: int) -> Mention | None:
    for m in result.mentions:
        if m.kind == "person" and m.start < end and start < m.end:
            return m
    return None


def _sentence_subject(sent: Any, mentions: list[Mention], offset: int = 0) -> str | None:
    """The named person who is the subject of a sentence's main or reporting verb."""
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ in ("ROOT", "ccomp", "conj"):
            for m in mentions:
                if m.kind == "person" and m.start - offset <= tok.idx < m.end - offset:
                    return m.name
            return None
    return None


def _link_roles(result: Analysis, title_mentions: list[Mention]) -> None:
    """Turn role descriptions into person mentions where the article links the role to a name."""
    doc, text = result.doc, result.text
    roles: list[Mention] = []
    quoted = result.quoted = [(q.start, q.end) for q in find_marked(text)]
    for match in ROLE_RE.finditer(text):
        if any(a <= match.start() < b for a, b in quoted):
            continue
        after = text[match.end() : match.end() + 40]
        if re.match(r"(?:['’]s)?\s+[A-Z]", after) and not re.match(
            r"\s+[A-Z][a-z]+\s+(?:said|says|told)", after
        ):
            follow = _person_at(result, match.end() + 1, match.end() + 40)
            if follow and follow.start - match.end() <= 2:
                result.roles.setdefault(match.group(1).lower(), follow.name)
            continue
        if not (match.group(0)[0].isupper() or match.group(0).lower().startswith("the ")):
            continue
        roles.append(
            Mention(match.start(), match.end(), match.group(0), "role", name=match.group(1).lower())
        )
    _appositives(result, roles)
    sents = list(doc.sents)
    previous_subject = _sentence_subject(result.title_doc[:], title_mentions, offset=-(10**6))
    for sent in sents:
        for role in roles:
            opening = not text[sent.start_char : role.start].strip(" \"'“‘")
            if (
                opening
                and previous_subject
                and role.name not in result.roles
                and sent.start_char <= role.start < sent.end_char
                and _is_subject(doc, role.start, role.end)
            ):
                result.roles[role.name] = previous_subject
        previous_subject = _sentence_subject(sent, result.mentions)
    for role in roles:
        person = result.roles.get(role.name)
        if person:
            role.name, role.kind, role.subject = (
                person,
                "person",
                _is_subject(doc, role.start, role.end),
            )
            role.gender = result.people[person].gender if person in result.people else None
            result.mentions.append(role)
    result.mentions.sort(key=lambda m: m.start)


def _appositives(result: Analysis, roles: list[Mention]) -> None:
    text = result.text
    for role in roles:
        before = _person_at(result, max(0, role.start - 40), role.start - 1)
        if before and re.fullmatch(r",\s*", text[before.end : role.start]):
            result.roles.setdefault(role.name, before.name)
            continue
        after = _person_at(result, role.end, role.end + 40)
        if after and re.fullmatch(r",\s*", text[role.end : after.start]):
            result.roles.setdefault(role.name, after.name)


def _one_kind_per_name(mentions: list[Mention]) -> None:
    """One type for each name in the article, and no place prefix on a person
    ("Harwick Bridget Colley" where Harwick is the town)."""
    lone = {m.written for m in mentions if m.kind != "person" and " " not in m.written}
    for m in mentions:
        first, _, rest = m.written.partition(" ")
        if m.kind == "person" and first in lone and len(rest.split()) >= 2:
            m.start += len(first) + 1
            m.written = rest
    parts = {
        w
        for m in mentions
        if m.kind == "person" and len(split_title(m.written)[1]) > 1
        for w in split_title(m.written)[1]
    }
    decide_kinds(mentions, lambda m: _plain(m.written), _VOTES, parts)  # type: ignore[arg-type]


def _fold_short_forms(result: Analysis, title_mentions: list[Mention]) -> None:
    """An acronym the article defines or uses for an organisation ("City Transit Authority
    (CTA)") and a lone word of an organisation's name ("the Board", "Kestrel") are that
    organisation; acronyms the model missed become mentions too."""
    mentions = result.mentions
    orgs = [m for m in mentions if m.kind == "org" and " " in m.name]
    places = {m.name for m in mentions if m.kind == "place"}
    short = acronyms(result.text, [(m.start, m.end, m.name) for m in orgs])
    covered = [(m.start, m.end) for m in mentions]
    for acronym, full in short.items():
        for match in re.finditer(rf"\b{re.escape(acronym)}\b", result.text):
            if not any(a < match.end() and match.start() < b for a, b in covered):
                mentions.append(Mention(match.start(), match.end(), acronym, "org", name=full))
    for m in mentions + title_mentions:
        if m.written in short and m.kind in ("org", "place", "person"):
            m.name, m.kind = short[m.written], "org"
            continue
        if m.kind not in ("org", "person") or " " in m.name or m.name in places:
            continue
        person = result.people.get(m.name)
        if m.kind == "person" and (person is None or person.gender or len(person.ident) > 1):
            continue
        fits = {
            o.name
            for o in orgs
            if m.name == o.name.split()[-1]
            or (m.name == o.name.split()[0] and o.name.split()[-1].lower() in COMPANY_HEADS)
        }
        if len(fits) == 1 and not _is_person_word(result, m.name):
            m.name, m.kind = fits.pop(), "org"


def _is_person_word(result: Analysis, word: str) -> bool:
    return any(word in p.ident for p in result.people.values() if len(p.ident) > 1)


def _genders_from_pronouns(result: Analysis) -> None:
    """'Tracy Brabin urged… She said': a sentence opening with he/she after a sentence whose
    main subject is a person of unknown gender tells that person's gender."""
    previous: Mention | None = None
    for sent in result.doc.sents:
        first = next((t for t in sent if not (t.is_punct or t.is_quote or t.is_space)), None)
        if (
            previous is not None
            and first is not None
            and first.lower_ in ("he", "she")
            and first.dep_ == "nsubj"
            and not any(t.is_quote for t in sent[: first.i - sent.start])  # not a quote's "he"
        ):
            person = result.people.get(previous.name)
            if person is not None and person.gender is None:
                person.gender = "m" if first.lower_ == "he" else "f"
        previous = next(
            (
                m
                for m in result.mentions
                if m.kind == "person"
                and sent.start_char <= m.start < sent.end_char
                and _is_main_subject(result.doc, m)
            ),
            None,
        )


def _is_main_subject(doc: Any, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and any(
        t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" for t in span
    )
