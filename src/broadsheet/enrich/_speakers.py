"""Who is speaking: the subject of a reporting verb, and the person a pronoun, role or
description points back to (the speaker half of quote finding; ``_quotes`` finds the words).
"""

from __future__ import annotations

from typing import Any

from ._analysis import Analysis
from ._coref import (
    PRONOUN,
    antecedent,
    epithet,
    organisation,
    party_member,
    unnamed_antecedent,
)
from ._marks import Marked
from ._names import split_title


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
    """'footage of Ann Lee asking, "…"': an -ing verb right after the person it describes;
    'the crowd, chanting "…"': an -ing verb that modifies a noun."""
    if (
        cue.tag_ != "VBG"
        or cue.i == 0
        or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
    ):
        return None
    prev = cue.doc[cue.i - 1]
    if prev.pos_ == "PROPN" and prev.dep_ == "pobj":
        return prev
    noun = cue.head
    if cue.dep_ != "acl" or noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_ in _STATEMENTS:
        return None  # "released a statement saying": who released it, found by climbing
    return noun


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
    if tok.lower_ in PRONOUN:
        return _pronoun(analysis, tok, scope)
    person = party_member(analysis, tok, scope) or epithet(analysis, tok, scope)
    if person is not None:
        return person.name, (start, end), 0.6
    if tok.pos_ == "PROPN" and tok.text[:1].isupper():
        return _unlisted_name(analysis, tok)
    org = organisation(analysis, tok, scope)
    if org is not None:
        return org.name, (start, end), 0.6
    return None, (start, end), 0.0


def _pronoun(
    analysis: Analysis, tok: Any, scope: tuple[int, int]
) -> tuple[str | None, tuple[int, int], float]:
    """He/she: the person named before it, else a name the model missed or a person noun
    ("her deputy") that is a main subject just before it."""
    span = (tok.idx, tok.idx + len(tok.text))
    person = antecedent(analysis, tok.idx, PRONOUN[tok.lower_], scope)
    if person is not None:
        return person.name, span, 0.75
    unnamed = unnamed_antecedent(analysis, tok, scope)
    if unnamed is None:
        return None, span, 0.0
    if unnamed.pos_ == "PROPN":
        return _unlisted_name(analysis, unnamed)[0], span, 0.5
    said = description(unnamed)
    return (said, span, DESCRIBED) if said else (None, span, 0.0)


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


def _sentence_start(analysis: Analysis, end: int) -> int:
    """Where the sentence holding the character just before ``end`` starts."""
    tok = analysis.doc.char_span(end - 1, end, "expand")
    return int(tok[0].sent.start_char) if tok is not None and len(tok) else 0


# the confidence of a speaker known only by the words describing it ("the announcer")
DESCRIBED = 0.4
_NOT_DESCRIPTIONS = frozenset({"it", "this", "that", "who", "which", "they", "we", "i", "you"})


def description(subj: Any) -> str | None:
    """The words of an unnamed speaker ("the announcer", "a narrator in the ad") as a short
    description, or None for pronouns and one-word generics."""
    if subj.pos_ not in ("NOUN", "PROPN") or subj.lower_ in _NOT_DESCRIPTIONS:
        return None
    words = [t for t in subj.subtree if t.i <= subj.i or t.dep_ in ("prep", "pobj", "det")]
    words = [t for t in words if not t.is_punct and t.dep_ not in ("relcl", "appos")]
    if not words or len(words) > 7 or words[-1].i - words[0].i + 1 != len(words):
        words = [t for t in subj.subtree if t.i <= subj.i and not t.is_punct]
    text = " ".join(
        str(subj.doc[words[0].i : words[-1].i + 1].text if words else subj.text).split()
    )
    if len(text.split()) > 7 or not any(c.isalpha() for c in text):
        return None
    head, _, rest = text.partition(" ")
    if head in ("The", "A", "An"):
        text = f"{head.lower()} {rest}" if rest else head.lower()
    return text
