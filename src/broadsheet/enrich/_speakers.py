"""Who is speaking: the subject of a reporting verb, and the person a pronoun, role or
description points back to (the speaker half of quote finding; ``_quotes`` finds the words).
"""

from __future__ import annotations

import re
from typing import Any

from ._analysis import Analysis, Mention
from ._marks import Marked
from ._names import split_title

_PRONOUN = {"he": "m", "she": "f"}


def _outside(tok: Any, marks: list[Marked]) -> bool:
    return not any(m.start <= tok.idx < m.end for m in marks)


def _subject(cue: Any, marks: list[Marked] | None = None) -> Any | None:
    """The subject of a reporting verb, climbing out of coordinations, quoted clauses and
    participle clauses; a passive's "by" agent, and the noun a relative clause modifies."""
    if cue.lower_ == "according":
        return next((c for c in cue.subtree if c.dep_ == "pobj"), None)
    agent = _agent(cue)
    if agent is not None:
        return agent
    inverted = _inverted_subject(cue)
    if inverted is not None:
        return inverted
    reduced = _reduced_relative(cue)
    if reduced is not None:
        return reduced
    head = cue
    for _ in range(6):
        for child in head.children:
            passive_cue = child.dep_ == "nsubjpass" and head is cue
            if (
                child.dep_ in ("nsubj", "nsubjpass")
                and any(c.isalnum() for c in child.text)
                and _outside(child, marks or [])
                and not passive_cue
            ):
                if child.lower_ in ("who", "that") and head.dep_ == "relcl":
                    return _relative_antecedent(child)
                return child
        if head.dep_ == "acl" and head.head.lemma_.lower() in _STATEMENTS:
            head = head.head.head  # "released a statement saying": who released it
            continue
        if head.dep_ not in _CLIMB or head.head is head or head.lower_ == "without":
            return None
        if head.dep_ == "xcomp":  # "forced Lee to admit …": the object is who speaks
            told = next(
                (
                    c
                    for c in head.head.children
                    if c.dep_ in ("dobj", "dative")
                    and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")
                ),
                None,
            )
            if told is not None:
                return told
        head = head.head
    return None


# A reporting verb inside these shares its subject with the clause it hangs from ("…, saying",
# "before asking her").
_CLIMB = ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep")
_STATEMENTS = frozenset(
    {
        "statement",
        "letter",
        "release",
        "email",
        "e-mail",
        "post",
        "tweet",
        "message",
        "note",
        "memo",
    }
)


def _relative_antecedent(who: Any) -> Any:
    """'…, Ann Lee, who said': the person named right before a relative "who", else "who"."""
    before = who.doc[who.i - 1] if who.i else who
    if before.is_punct and before.i:
        before = who.doc[before.i - 1]
    return before if before.ent_type_ == "PERSON" else who


def _agent(cue: Any) -> Any | None:
    """'"…" was written by Tom Hale': the agent of a passive reporting verb."""
    if not any(c.dep_ == "auxpass" for c in cue.children):
        return None
    for child in cue.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _reduced_relative(cue: Any) -> Any | None:
    """'footage of Ann Lee asking, "…"': an -ing verb right after the person it describes."""
    if (
        cue.tag_ != "VBG"
        or cue.i == 0
        or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
    ):
        return None
    prev = cue.doc[cue.i - 1]
    return prev if prev.pos_ == "PROPN" and prev.dep_ == "pobj" else None


def _inverted_subject(cue: Any) -> Any | None:
    """'…,' said Trump: a proper name right after the verb when the parser gave it no subject."""
    if (
        any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
        or cue.i + 1 >= len(cue.doc)
        or cue.tag_ == "VBG"  # "telling CNN": the name after a participle is who was told
        or cue.lemma_ == "tell"  # '…," told Fox News': the one told, never the speaker
    ):
        return None
    run = []
    for tok in cue.doc[cue.i + 1 : cue.i + 5]:
        if tok.pos_ != "PROPN" or tok.ent_type_ in ("DATE", "TIME"):
            break
        run.append(tok)
    if run:
        return run[-1] if run[-1].dep_ not in ("dobj", "dative") else None
    return _inverted_description(cue)


def _inverted_description(cue: Any) -> Any | None:
    """'"…," wrote a man calling himself Lee': a noun phrase right after a reporting verb that
    itself comes straight after a quote (the parser makes it the object) is who spoke."""
    before = cue.doc[cue.i - 1] if cue.i else None
    if before is None or not (before.is_punct or before.is_quote) or cue.dep_ != "ROOT":
        return None
    first = cue.doc[cue.i + 1]
    noun = first.head if first.dep_ in ("det", "nummod", "amod", "compound") else first
    if noun.head is not cue or noun.pos_ != "NOUN" or noun.dep_ not in ("dobj", "attr", "npadvmod"):
        return None
    return noun if noun.i - first.i <= 3 else None


def _resolve(
    analysis: Analysis, tok: Any, scope: tuple[int, int]
) -> tuple[str | None, tuple[int, int], float]:
    """Resolve a subject token to (canonical name or None, mention span, confidence)."""
    start = tok.left_edge.idx if tok.pos_ != "PRON" else tok.idx
    end = tok.idx + len(tok.text)
    for m in analysis.mentions:
        if m.start <= tok.idx < m.end and m.kind in ("person", "org"):
            sure = (
                0.9
                if (m.kind == "person" and m.written.lower() == m.name.lower()) or " " in m.written
                else 0.8
            )
            return (
                m.name,
                (m.start, m.end),
                sure if not m.written.lower().startswith("the ") else 0.75,
            )
    named = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if tok.pos_ == "NOUN" and named is not None:  # "his niece, Ann Lee, said"
        return _resolve(analysis, named, scope)
    if tok.lower_ in _PRONOUN:
        person = _antecedent(analysis, tok.idx, _PRONOUN[tok.lower_], scope)
        return (person.name, (tok.idx, end), 0.75) if person else (None, (tok.idx, end), 0.0)
    if tok.pos_ == "PROPN" and tok.text[:1].isupper():
        return _unlisted_name(analysis, tok)
    person = _epithet(analysis, tok, scope)
    if person is not None:
        return person.name, (start, end), 0.6
    return None, (start, end), 0.0


_PERSON_NOUN = re.compile(r"(?:man|woman|er|or|ist|ian)$")
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


def _epithet(analysis: Analysis, tok: Any, scope: tuple[int, int]) -> Mention | None:
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
    if tok.pos_ != "NOUN" or not _PERSON_NOUN.search(tok.lower_) or blocked or not definite:
        return None
    if not specific:
        return None
    want = _NOUN_GENDER.get(next((g for g in _NOUN_GENDER if tok.lower_.endswith(g)), ""))
    return _previous_subject(analysis, tok, want, scope, owner)


def _previous_subject(
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
        if t.dep_ not in ("nsubj", "nsubjpass") or not _is_root(analysis.text, t.head):
            continue
        if t.lower_ in _PRONOUN and want in (None, _PRONOUN[t.lower_]):
            return _antecedent(analysis, t.idx, _PRONOUN[t.lower_], scope)
        person = next(
            (m for m in analysis.mentions if m.kind == "person" and m.start <= t.idx < m.end),
            None,
        )
        if (
            person is not None
            and (owner is None or not person.start <= owner.idx < person.end)
            and (want is None or _gender_of(analysis, person) in (None, want))
        ):
            return person
    return None


def _gender_of(analysis: Analysis, m: Mention) -> str | None:
    return analysis.people[m.name].gender if m.name in analysis.people else m.gender


def _unlisted_name(analysis: Analysis, tok: Any) -> tuple[str | None, tuple[int, int], float]:
    """A capitalised subject the model did not tag: match it to a known person or name it as written."""
    parts = [
        t
        for t in tok.subtree
        if t.i <= tok.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "flat")
    ] + [tok]
    parts = [t for t in parts if t.i >= tok.i - len(parts) + 1]
    return _as_written(analysis, (parts[0].idx, tok.idx + len(tok.text)))


def _as_written(
    analysis: Analysis, span: tuple[int, int]
) -> tuple[str | None, tuple[int, int], float]:
    """A name at ``span``: the known person with its surname, else the name as written."""
    _titles, ident = split_title(analysis.text[span[0] : span[1]])
    if not ident:
        return None, span, 0.0
    for person in analysis.people.values():
        if person.ident[-1].lower() == ident[-1].lower():
            return person.name, span, 0.7
    return " ".join(ident), span, 0.6


def _antecedent(
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

    def fits(m: Mention) -> bool:
        known = analysis.people[m.name].gender if m.name in analysis.people else m.gender
        return known in (None, gender)

    people = [m for m in people if fits(m)]
    recent = [m for m in people if before - m.start < 600]
    subjects = [m for m in recent if m.subject]
    main = [m for m in subjects if _main_subject(analysis, m)]
    pick = main or subjects or people
    return pick[-1] if pick else None


def _main_subject(analysis: Analysis, m: Mention, lead: tuple[int, int] | None = None) -> bool:
    """Whether ``m`` is the subject of its sentence's main verb (or, before a colon, of the
    verb of the ``lead`` clause, which the parser often hangs under the quote)."""
    span = analysis.doc.char_span(m.start, m.end, "expand")
    return span is not None and any(
        (
            t.dep_ in ("nsubj", "nsubjpass")
            and (
                _is_root(analysis.text, t.head)
                or (lead is not None and t.head.dep_ == "ccomp" and lead[0] <= t.head.idx < lead[1])
            )
        )
        or (  # "The call was repeated by Ann Lee": the agent of a passive main verb
            t.dep_ == "pobj" and t.head.dep_ == "agent" and _is_root(analysis.text, t.head.head)
        )
        for t in span
    )


def _is_root(text: str, verb: Any) -> bool:
    """A sentence's main verb; one the parser hung on a word across a line break counts too
    (the small model sometimes runs a sentence on into the next paragraph)."""
    if verb.dep_ == "ROOT":
        return True
    a, b = sorted((verb.idx, verb.head.idx))
    return "\n" in text[a:b]


def _sentence_start(analysis: Analysis, end: int) -> int:
    """Where the sentence holding the character just before ``end`` starts."""
    tok = analysis.doc.char_span(end - 1, end, "expand")
    return int(tok[0].sent.start_char) if tok is not None and len(tok) else 0
