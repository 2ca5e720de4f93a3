"""Coreference for speakers: the earlier person or organisation that a pronoun, an epithet
("the 34-year-old mother", "the Ohio Republican") or an organisation noun ("the ministry")
points back to."""

from __future__ import annotations

import re
from typing import Any

from ._analysis import Analysis, Mention
from ._entities import COMPANY_HEADS
from ._given_names import given_name_gender

PRONOUN = {"he": "m", "she": "f"}


_PERSON_NOUN = re.compile(r"(?:man|woman|er|or|ist|ian)$")
# person nouns without those endings that news copy uses as epithets ("the Republican nominee")
_PERSON_WORDS = frozenset(
    {
        "nominee",
        "candidate",
        "hopeful",
        "incumbent",
        "challenger",
        "frontrunner",
        "front-runner",
        "official",
        "president",
        "executive",
        "chief",
        "representative",
        "billionaire",
        "millionaire",
        "mogul",
        "tycoon",
        "star",
        "veteran",
        "aide",
        "spokesperson",
        "envoy",
        "diplomat",
        "magnate",
        "native",
        "resident",
    }
)
_NOUN_GENDER = {
    "woman": "f",
    "mother": "f",
    "wife": "f",
    "daughter": "f",
    "sister": "f",
    "man": "m",
    "father": "m",
    "husband": "m",
    "son": "m",
    "brother": "m",
}


def epithet(analysis: Analysis, tok: Any, scope: tuple[int, int]) -> Mention | None:
    """'the New York businessman', 'the 34-year-old mother', "Lee's former adviser": a definite
    description with a specific modifier refers back to the latest person in subject position."""
    kids = {c.dep_: c for c in tok.children}
    owner = kids.get("poss")
    specific = [
        c
        for c in tok.children
        if (c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "NORP", "LOC", "DATE"))
        or (owner is not None and c.i == owner.i and c.ent_type_ == "PERSON")
    ]
    blocked = any(
        c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("ORG", "PERSON")
        for c in tok.children
    )
    definite = owner is not None or ("det" in kids and kids["det"].lower_ == "the")
    if (
        tok.pos_ != "NOUN"
        or not (_PERSON_NOUN.search(tok.lower_) or tok.lower_ in _PERSON_WORDS)
        or blocked
        or not definite
    ):
        return None
    if not specific:
        return None
    want = _NOUN_GENDER.get(next((g for g in _NOUN_GENDER if tok.lower_.endswith(g)), ""))
    return previous_subject(analysis, tok, want, scope, owner)


def previous_subject(
    analysis: Analysis, tok: Any, want: str | None, scope: tuple[int, int], owner: Any | None
) -> Mention | None:
    """The latest main-clause subject person (named, or he/she resolved in turn) of ``want``
    gender in the sentence before ``tok``'s or earlier in its own."""
    sents = list(analysis.doc.sents)
    here = analysis.sentence_index(tok.left_edge.idx)
    first = max(scope[0], sents[max(0, here - 1)].start_char)
    for t in reversed(analysis.doc[: tok.left_edge.i]):
        if t.idx < first:
            return None
        if t.dep_ not in ("nsubj", "nsubjpass") or not is_root(analysis.text, t.head):
            continue
        if t.lower_ in PRONOUN and want in (None, PRONOUN[t.lower_]):
            return antecedent(analysis, t.idx, PRONOUN[t.lower_], scope)
        person = next(
            (m for m in analysis.mentions if m.kind == "person" and m.start <= t.idx < m.end),
            None,
        )
        if (
            person is not None
            and (owner is None or not person.start <= owner.idx < person.end)
            and (want is None or gender_of(analysis, person) in (None, want))
        ):
            return person
    return None


def gender_of(analysis: Analysis, m: Mention) -> str | None:
    """A person's gender from the article (titles, he/she after the name), else from a given
    name that is nearly always one gender, else None."""
    person = analysis.people.get(m.name)
    known = person.gender if person is not None else m.gender
    ident = person.ident if person is not None else m.name.split()
    return known or (given_name_gender(ident[0]) if len(ident) > 1 else None)


def antecedent(
    analysis: Analysis, before: int, gender: str, scope: tuple[int, int]
) -> Mention | None:
    """The latest matching person before ``before`` in scope and outside quote marks (a name
    inside a quote is rarely its speaker), preferring grammatical subjects."""
    people = [
        m
        for m in analysis.mentions
        if m.kind == "person"
        and scope[0] <= m.start < before
        and not any(a <= m.start < b for a, b in analysis.quoted)
    ]

    people = [m for m in people if gender_of(analysis, m) in (None, gender)]
    recent = [m for m in people if before - m.start < 600]
    subjects = [m for m in recent if m.subject]
    main = [m for m in subjects if main_subject(analysis, m)]
    pick = main or subjects or people
    return pick[-1] if pick else None


def main_subject(analysis: Analysis, m: Mention, lead: tuple[int, int] | None = None) -> bool:
    """Whether ``m`` is the subject of its sentence's main verb (or, before a colon, of the
    verb of the ``lead`` clause, which the parser often hangs under the quote)."""
    span = analysis.doc.char_span(m.start, m.end, "expand")
    return span is not None and any(
        (
            t.dep_ in ("nsubj", "nsubjpass")
            and (
                is_root(analysis.text, t.head)
                or (lead is not None and t.head.dep_ == "ccomp" and lead[0] <= t.head.idx < lead[1])
            )
        )
        or (  # "The call was repeated by Ann Lee": the agent of a passive main verb
            t.dep_ == "pobj" and t.head.dep_ == "agent" and is_root(analysis.text, t.head.head)
        )
        for t in span
    )


def is_root(text: str, verb: Any) -> bool:
    """A sentence's main verb; one the parser hung on a word across a line break counts too
    (the small model sometimes runs a sentence on into the next paragraph)."""
    if verb.dep_ == "ROOT":
        return True
    a, b = sorted((verb.idx, verb.head.idx))
    return "\n" in text[a:b]


_ORG_NOUNS = frozenset(
    {
        "ministry",
        "department",
        "agency",
        "council",
        "committee",
        "commission",
        "company",
        "firm",
        "union",
        "party",
        "board",
        "bank",
        "authority",
        "office",
        "administration",
        "airline",
        "university",
        "hospital",
        "foundation",
        "institute",
        "association",
        "federation",
        "league",
        "group",
        "court",
        "network",
        "service",
    }
)
_COMPANY_NOUNS = frozenset({"company", "firm", "group"})


def organisation(analysis: Analysis, tok: Any, scope: tuple[int, int]) -> Mention | None:
    """'the ministry said': the latest organisation named before it whose name holds that
    noun (and its modifiers: 'the health ministry', 'Ministry of Health'), or a company's name
    for 'the company' / 'the firm'."""
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if tok.text not in _ORG_NOUNS or det is None or det.lower_ != "the":
        return None  # lower case only: the model tags "the health ministry" a proper noun
    if any(c.dep_ in ("poss", "nmod") for c in tok.children):
        return None
    wanted = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")} | {tok.lower_}
    for m in reversed(analysis.mentions):
        if m.kind != "org" or not scope[0] <= m.start < tok.idx or _in_quote(analysis, m):
            continue
        words = {w.strip(".,").lower() for w in m.name.split()}
        if wanted <= words or (tok.lower_ in _COMPANY_NOUNS and words & COMPANY_HEADS):
            return m
    return None


def _in_quote(analysis: Analysis, m: Mention) -> bool:
    return any(a <= m.start < b for a, b in analysis.quoted)


# singular nouns for a member of a party or a people, capitalised, that stand for a person
# named before them as other epithets do ("the Ohio Republican said")
_MEMBER_NOUNS = frozenset(
    {"republican", "democrat", "conservative", "tory", "liberal", "socialist", "independent"}
)


def party_member(analysis: Analysis, tok: Any, scope: tuple[int, int]) -> Mention | None:
    """'the Ohio Republican', 'the Democrat': the latest person in subject position before it."""
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    member = tok.lower_ in _MEMBER_NOUNS or (tok.ent_type_ == "NORP" and tok.tag_ == "NNP")
    if det is None or det.lower_ != "the" or not member or not tok.text[:1].isupper():
        return None
    return previous_subject(analysis, tok, None, scope, None)


def unnamed_antecedent(analysis: Analysis, pronoun: Any, scope: tuple[int, int]) -> Any | None:
    """For he/she with no person named before it: the subject of a main verb in its sentence
    or the one before that is a capitalised name the model did not tag ('Okafor runs the
    shelter. "…," she said') or a person noun ('Her deputy disagreed. "…," he said'), unless
    its given name or noun is of the other gender."""
    sents = list(analysis.doc.sents)
    here = analysis.sentence_index(pronoun.idx)
    first = max(scope[0], sents[max(0, here - 1)].start_char)
    for t in reversed(analysis.doc[: pronoun.i]):
        if t.idx < first:
            return None
        if (
            t.dep_ in ("nsubj", "nsubjpass")
            and is_root(analysis.text, t.head)
            and not any(a <= t.idx < b for a, b in analysis.quoted)
            and (_untagged_name(t) or _person_noun(t))
            and _word_gender(t) in (None, PRONOUN[pronoun.lower_])
        ):
            return t
    return None


def _untagged_name(tok: Any) -> bool:
    return bool(tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON", "NORP"))


def _person_noun(tok: Any) -> bool:
    """A common noun for one person ("deputy", "the 34-year-old mother")."""
    singular = tok.tag_ == "NN"
    return bool(
        tok.pos_ == "NOUN"
        and singular
        and (_PERSON_NOUN.search(tok.lower_) or tok.lower_ in _PERSON_WORDS | _ROLE_WORDS)
    )


# one-word roles that name a person but have none of the person-noun endings
_ROLE_WORDS = frozenset({"deputy", "mayor", "chair", "coach", "boss", "wife", "son", "daughter"})


def _word_gender(tok: Any) -> str | None:
    """The gender a subject's given name or noun tells, if any."""
    if tok.pos_ == "PROPN":
        return given_name_gender(tok.left_edge.text)
    return _NOUN_GENDER.get(next((g for g in _NOUN_GENDER if tok.lower_.endswith(g)), ""))
