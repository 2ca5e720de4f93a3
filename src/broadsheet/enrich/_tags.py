"""Attributions that are not the subject of a reporting verb the parser found: a signature
("— Ann Lee"), an introduction before a colon or a dash ("Lee had one message:"), and words of
attribution the parser made no verb of ("…," the editorial read)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._analysis import Analysis
from ._coref import antecedent, main_subject
from ._cue_words import NAMING
from ._marks import Marked
from ._speakers import DESCRIBED, _as_written, _resolve, _sentence_start, _subject


@dataclass(frozen=True)
class Cue:
    """Who a quote's attribution names: the cue token (if any), speaker, span, confidence."""

    token: Any
    speaker: str | None
    span: tuple[int, int]
    confidence: float


# a space inside a line, the no-break and thin spaces of web copy included
_SPACE = r"[^\S\n]"
_SIGNATURE = re.compile(rf"{_SPACE}*(?:[―—–]|--){_SPACE}*(?=[A-Z])")


def signed(analysis: Analysis, mark: Marked) -> Cue | None:
    """'"…" ― Ann Lee': a dash and a name closing the quote's line sign it."""
    dash = _SIGNATURE.match(analysis.text, mark.end)
    if not mark.closed or dash is None:
        return None
    line = analysis.text[dash.end() :].split("\n", 1)[0]
    name = re.match(rf"[A-Z][\w.'’-]*(?:{_SPACE}[A-Z][\w.'’-]*){{0,3}}(?=\s*(?:[,.(]|$))", line)
    if name is None or name.group(0).endswith(("'s", "’s")):
        return None
    where = (dash.end(), dash.end() + len(name.group(0).rstrip(".")))
    known = [m for m in analysis.mentions if m.start < where[1] and where[0] < m.end]
    if known and known[0].kind in ("person", "org"):
        return Cue(None, known[0].name, (known[0].start, known[0].end), 0.75)
    speaker, where, _conf = _as_written(analysis, where)
    return Cue(None, speaker, where, 0.6) if speaker and not known else None


# what may stand between a speaker's clause and the quote it introduces: a colon, or a dash
# used as one ("Lee had one message for voters -- “Get out and vote.”")
_INTRODUCERS = (":", "--", "—", "―", " –")


def introduced(
    analysis: Analysis,
    mark: Marked,
    para: tuple[int, int],
    paras: list[tuple[int, int]],
    marks: list[Marked],
    scope: tuple[int, int],
    cues: list[Any],
) -> Cue | None:
    """A quote after a colon (or a dash used as one) with no reporting verb beside it: the
    paragraph before ends "X said:", or the clause before it has a named subject (or, in a
    headline, one person)."""
    text = analysis.text
    lead = text[para[0] : mark.start].rstrip()
    index = paras.index(para) if para in paras else 0
    if not lead and index > 0 and text[: paras[index - 1][1]].rstrip().endswith(":"):
        prev = paras[index - 1]
        if prev[0] < scope[0]:
            return None
        said = [t for t in cues if prev[0] <= t.idx < prev[1] and t.lemma_.lower() not in NAMING]
        subj = _subject(said[-1], marks) if said else None
        if subj is not None:
            name, span, conf = _resolve(analysis, subj, scope)
            return Cue(said[-1], name, span, min(conf, 0.75)) if name else None
        lead_span = (max(prev[0], _sentence_start(analysis, prev[1])), prev[1])
    elif lead.endswith(_INTRODUCERS):
        lead_span = (max(para[0], _sentence_start(analysis, para[0] + len(lead))), mark.start)
    else:
        return None
    named = [
        m
        for m in analysis.mentions
        if lead_span[0] <= m.start < lead_span[1] and m.kind in ("person", "org")
    ]
    subjects = [m for m in named if main_subject(analysis, m, lead_span)]
    colon = lead_span[0] + len(text[lead_span[0] : mark.start].rstrip()) - 1
    label = [m for m in named if re.fullmatch(r"['’]?s?\s*", text[m.end : colon])]
    if label and text[colon] == ":":  # "… - Philip Bump: “…”", "surprises pollster Ann Lee:"
        return Cue(None, label[-1].name, (label[-1].start, label[-1].end), 0.6)
    dashed = _DASH_LABEL.search(text, lead_span[0], colon + 1)
    if dashed and not named:  # a name the model missed, set off by a dash: "… - Ann Lee:"
        speaker, where, _conf = _as_written(analysis, dashed.span(1))
        if speaker:
            return Cue(None, speaker, where, 0.55)
    if not subjects:  # "She then addressed the crowd: “…”"
        for tok in analysis.doc.char_span(lead_span[0], colon, "expand") or []:
            if tok.lower_ in ("he", "she") and tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
                name, span, conf = _resolve(analysis, tok, scope)
                return Cue(None, name, span, min(conf, 0.6)) if name else None
    if not subjects and index == 0 and len({m.name for m in named if m.kind == "person"}) == 1:
        subjects = [m for m in named if m.kind == "person"]
    if not subjects:
        return None
    pick = subjects[-1]
    return Cue(None, pick.name, (pick.start, pick.end), 0.6)


_DASH_LABEL = re.compile(
    rf"(?:^|\s[-–—]\s)([A-Z][\w.'’-]+(?:{_SPACE}[A-Z][\w.'’-]+){{1,3}})\s*:$", re.M
)
_TAG = re.compile(
    r"[^\S\n]*(?P<who>(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Hh]e|[Ss]he|[A-Z][\w.'’-]*)"
    r"(?:(?:[^\S\n]|-)[\w.'’-]+){0,6}?)[^\S\n]+(?P<verb>said|says|added|adds|wrote|writes|read|"
    r"reads|stated|states|asked|asks|explained|insisted|continued|replied|responded|warned|noted)"
    r"(?=[^\S\n]*[.,;:!?]|[^\S\n]+(?:in|on|at|to|of|after|before|during|last|this|on)\b)"
)


def surface_tag(analysis: Analysis, mark: Marked, scope: tuple[int, int]) -> Cue | None:
    """'…," the editorial read.': the words of an attribution right after a quote's closing
    mark, for when the parser makes no verb of it (a name, he/she, or a description)."""
    text = analysis.text
    if not mark.closed or not (
        mark.inner.rstrip()[-1:] in ",?!" or text[mark.end : mark.end + 1] == ","
    ):
        return None
    tag = _TAG.match(text, mark.end + (text[mark.end : mark.end + 1] == ","))
    if tag is None or any(c in tag.group("who") for c in '"“”‘’'):
        return None
    who = tag.span("who")
    known = [m for m in analysis.mentions if m.start < who[1] and who[0] < m.end]
    if known and known[0].kind in ("person", "org"):
        return Cue(None, known[0].name, (known[0].start, known[0].end), 0.6)
    words = " ".join(tag.group("who").split())
    if words.split()[0] in ("But", "And", "Or", "So", "Yet", "Then", "Now", "When", "As", "If"):
        return None
    if words.lower() in ("he", "she"):
        tok = analysis.doc.char_span(who[0], who[1], "expand")
        if tok is None:
            return None
        name, span, conf = _resolve(analysis, tok[0], scope)
        return Cue(None, name, span, min(conf, 0.6)) if name else None
    if words.split()[0].lower() in ("the", "a", "an", "his", "her", "their", "its"):
        head, _, rest = words.partition(" ")
        return Cue(None, f"{head.lower()} {rest}".strip(), who, DESCRIBED)
    speaker, where, _conf = _as_written(analysis, who)
    return Cue(None, speaker, where, 0.55) if speaker else None


# nouns for what someone said, which their owner speaks ("Lee's answer:", "in her words,")
_SPEECH_NOUNS = frozenset(
    {
        "response",
        "reply",
        "answer",
        "retort",
        "message",
        "verdict",
        "warning",
        "advice",
        "explanation",
        "comment",
        "words",
        "word",
        "argument",
        "plea",
        "pitch",
        "promise",
        "assessment",
        "conclusion",
        "prediction",
        "take",
    }
)
_POSSESSIVE_PRONOUN = {"his": "m", "her": "f"}


def owned_words(
    analysis: Analysis, mark: Marked, para: tuple[int, int], scope: tuple[int, int]
) -> Cue | None:
    """'Lee's answer: “…”', 'His reply — “…”', 'In Lee's words, “…”', 'in the words of Ann
    Lee, “…”': a speech noun right before the quote is spoken by its owner."""
    noun = _speech_noun(analysis, mark, para)
    owner = _owner(noun) if noun is not None else None
    if owner is None:
        return None
    if owner.lower_ in _POSSESSIVE_PRONOUN:
        person = antecedent(analysis, owner.idx, _POSSESSIVE_PRONOUN[owner.lower_], scope)
        where = (owner.idx, owner.idx + len(owner.text))
        return Cue(None, person.name, where, 0.6) if person is not None else None
    name, span, conf = _resolve(analysis, owner, scope)
    return Cue(None, name, span, min(conf, 0.6)) if name and conf > DESCRIBED else None


def _speech_noun(analysis: Analysis, mark: Marked, para: tuple[int, int]) -> Any | None:
    """The speech noun that ends the words before the quote: before a colon or dash ("Her
    answer:"), or as "in … words," before a comma."""
    lead = analysis.text[para[0] : mark.start].rstrip()
    comma = lead.endswith(",")
    if not (comma or lead.endswith(_INTRODUCERS)):
        return None
    cut = lead.rstrip(":,-–—― ")
    tokens = analysis.doc.char_span(para[0], para[0] + len(cut), "expand")
    if tokens is None or not len(tokens):
        return None
    last = tokens[-1]
    if last.lower_ in _SPEECH_NOUNS and not comma:
        return last
    while last.dep_ in ("compound", "flat") and last.head.i > last.i:
        last = last.head
    noun = last if last.lemma_ == "word" else last.head.head  # "in the words of X"
    if last.dep_ == "pobj" and last.head.lower_ == "of" and noun.lemma_ == "word":
        return noun
    return noun if noun.lemma_ == "word" and noun.head.lower_ == "in" else None


def _owner(noun: Any) -> Any | None:
    """Who owns a speech noun: its possessive ("Lee's", "her") or "of" object ("words of X")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def sentence_before(
    analysis: Analysis, mark: Marked, para: tuple[int, int], scope: tuple[int, int]
) -> Cue | None:
    """'Asked about it, Tom Hale smiled. “Never say never.”': a full-sentence quote with no
    attribution goes to the named main subject of the sentence just before it in its paragraph."""
    lead = analysis.text[para[0] : mark.start].rstrip()
    if not lead.endswith((".", "!", "?")) or not _full_sentence(mark):
        return None
    start = max(para[0], _sentence_start(analysis, para[0] + len(lead)))
    return _main_subject_cue(analysis, (start, para[0] + len(lead)), scope)


def sentence_after(
    analysis: Analysis, mark: Marked, para: tuple[int, int], scope: tuple[int, int]
) -> Cue | None:
    """'“It was terrifying.” Ann Lee, 34, was asleep when the water came in.': a paragraph that
    opens with a full-sentence quote names its speaker as the main subject of the next sentence."""
    text = analysis.text
    if text[para[0] : mark.start].strip() or not _full_sentence(mark):
        return None
    rest = text[mark.end : para[1]]
    if not re.match(r"[^\S\n]+[A-Z]", rest) or any(c in rest[:1] for c in "\"“‘'"):
        return None
    start = mark.end + len(rest) - len(rest.lstrip())
    tokens = analysis.doc.char_span(start, max(start + 1, para[1]), "expand")
    first = tokens[0] if tokens is not None and len(tokens) else None
    if first is None or first.is_quote:
        return None
    return _main_subject_cue(analysis, (first.idx, first.sent.end_char), scope)


def _full_sentence(mark: Marked) -> bool:
    return mark.closed and mark.inner[:1].isupper() and mark.inner.rstrip()[-1:] in ".!?"


def _main_subject_cue(
    analysis: Analysis, sentence: tuple[int, int], scope: tuple[int, int]
) -> Cue | None:
    """The named person (or he/she) that is the main subject of the sentence at ``sentence``,
    when it holds no quote of its own."""
    text = analysis.text[sentence[0] : sentence[1]]
    if any(c in text for c in '"“”«»') or not sentence[0] >= scope[0]:
        return None
    tokens = analysis.doc.char_span(sentence[0], sentence[1], "expand") or []
    subject = next(
        (t for t in tokens if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None
    )
    if subject is None or not (subject.pos_ == "PROPN" or subject.lower_ in ("he", "she")):
        return None
    name, span, conf = _resolve(analysis, subject, scope)
    person = any(m.kind == "person" and m.name == name for m in analysis.mentions)
    return Cue(None, name, span, min(conf, 0.5)) if name and person else None


def paragraph_before(
    analysis: Analysis,
    mark: Marked,
    para: tuple[int, int],
    paras: list[tuple[int, int]],
    scope: tuple[int, int],
) -> Cue | None:
    """'Ann Lee defended the plan on Monday. / “We have waited long enough.”': a paragraph that
    opens with a full-sentence quote and names no one goes to the named main subject of the last
    sentence of the paragraph before (confidence 0.5)."""
    text = analysis.text
    index = paras.index(para) if para in paras else 0
    if index == 0 or text[para[0] : mark.start].strip() or not _full_sentence(mark):
        return None
    prev = paras[index - 1]
    end = prev[0] + len(text[prev[0] : prev[1]].rstrip())
    if prev[0] < scope[0] or not text[:end].endswith((".", "!", "?")):
        return None
    start = max(prev[0], _sentence_start(analysis, end))
    return _main_subject_cue(analysis, (start, end), scope)
