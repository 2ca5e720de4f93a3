"""Direct, partial and indirect quotes with their speakers resolved to canonical entities.

A speaker comes from the subject of a reporting verb next to the quote (before it, after it or
between two parts); pronouns and linked roles resolve to the right earlier person; a bare
continuation paragraph keeps the previous speaker; anything else is left unknown (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._analysis import Analysis, Mention
from ._marks import Marked, find_marked, paragraphs
from ._names import split_title
from ._types import Quote

SAY = {
    "say",
    "tell",
    "add",
    "insist",
    "claim",
    "warn",
    "explain",
    "note",
    "argue",
    "stress",
    "reveal",
    "admit",
    "declare",
    "state",
    "announce",
    "write",
    "tweet",
    "post",
    "reply",
    "respond",
    "ask",
    "suggest",
    "acknowledge",
    "confirm",
    "deny",
    "concede",
    "maintain",
    "assert",
    "urge",
    "recall",
    "continue",
    "complain",
    "observe",
    "remark",
    "predict",
    "vow",
    "promise",
    "joke",
    "describe",
    "contend",
    "allege",
    "report",
    "testify",
    "agree",
    "believe",
    "think",
    "caution",
    "demand",
    "conclude",
    "shout",
    "boast",
    "counter",
    "quip",
    "exclaim",
    "yell",
    "scream",
    "whisper",
    "plead",
    "muse",
    "wonder",
    "retort",
    "lament",
    "proclaim",
    "pledge",
    "recount",
    "emphasise",
    "emphasize",
}
INDIRECT_SAY = SAY - {"describe", "continue", "ask", "post", "think", "believe", "agree", "demand"}
_PRONOUN = {"he": "m", "she": "f"}
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Capt|Mt|No|U\.S|[A-Z])\."
)


@dataclass(frozen=True)
class _Cue:
    token: Any
    speaker: str | None
    span: tuple[int, int]
    confidence: float


def _outside(tok: Any, marks: list[Marked]) -> bool:
    return not any(m.start <= tok.idx < m.end for m in marks)


def _subject(cue: Any, marks: list[Marked] | None = None) -> Any | None:
    """The subject of a reporting verb, climbing out of coordinations and quoted clauses."""
    if cue.lower_ == "according":
        return next((c for c in cue.subtree if c.dep_ == "pobj"), None)
    inverted = _inverted_subject(cue)
    if inverted is not None:
        return inverted
    head = cue
    for _ in range(4):
        for child in head.children:
            passive_cue = child.dep_ == "nsubjpass" and head is cue
            if (
                child.dep_ in ("nsubj", "nsubjpass")
                and _outside(child, marks or [])
                and not passive_cue
            ):
                return child
        if head.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or head.head is head:
            return None
        head = head.head
    return None


def _inverted_subject(cue: Any) -> Any | None:
    """'…,' said Trump: a proper name right after the verb when the parser gave it no subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) or cue.i + 1 >= len(cue.doc):
        return None
    run = []
    for tok in cue.doc[cue.i + 1 : cue.i + 5]:
        if tok.pos_ != "PROPN":
            break
        run.append(tok)
    return run[-1] if run else None


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
    if tok.lower_ in _PRONOUN:
        person = _antecedent(analysis, tok.idx, _PRONOUN[tok.lower_], scope)
        return (person.name, (tok.idx, end), 0.75) if person else (None, (tok.idx, end), 0.0)
    if tok.pos_ == "PROPN" and tok.text[:1].isupper():
        return _unlisted_name(analysis, tok)
    return None, (start, end), 0.0


def _unlisted_name(analysis: Analysis, tok: Any) -> tuple[str | None, tuple[int, int], float]:
    """A capitalised subject the model did not tag: match it to a known person or name it as written."""
    parts = [
        t
        for t in tok.subtree
        if t.i <= tok.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "flat")
    ] + [tok]
    parts = [t for t in parts if t.i >= tok.i - len(parts) + 1]
    span = (parts[0].idx, tok.idx + len(tok.text))
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
    """The latest matching person before ``before`` in scope, preferring grammatical subjects."""
    people = [m for m in analysis.mentions if m.kind == "person" and scope[0] <= m.start < before]

    def fits(m: Mention) -> bool:
        known = analysis.people[m.name].gender if m.name in analysis.people else m.gender
        return known in (None, gender)

    people = [m for m in people if fits(m)]
    recent = [m for m in people if before - m.start < 600]
    subjects = [m for m in recent if m.subject]
    pick = subjects[-1] if subjects else (people[-1] if people else None)
    return pick


def _cues(analysis: Analysis, marks: list[Marked]) -> list[Any]:
    """Reporting verbs (and "according to") outside quote marks, in order."""
    return [
        t
        for t in analysis.doc
        if _outside(t, marks)
        and (t.lower_ == "according" or (t.lemma_.lower() in SAY and t.pos_ in ("VERB", "AUX")))
    ]


def _cue_for(
    analysis: Analysis,
    mark: Marked,
    marks: list[Marked],
    para: tuple[int, int],
    scope: tuple[int, int],
    cues: list[Any],
) -> _Cue | None:
    prev_end = max([m.end for m in marks if m.end <= mark.start and m.end > para[0]] + [para[0]])
    next_start = min([m.start for m in marks if m.start >= mark.end] + [para[1]])
    cues = [t for t in cues if para[0] <= t.idx < para[1] + 300]
    after = [
        t
        for t in cues
        if mark.end <= t.idx < min(next_start, mark.end + 300)
        and not _sentence_break(analysis.text, mark.end, t.idx, marks)
    ]
    before = [t for t in cues if prev_end <= t.idx < mark.start]
    lead = analysis.text[prev_end : mark.start].rstrip()
    between = prev_end > para[0] and len(lead.split()) <= 8
    first = lead.endswith((":", ",")) or between
    order = (before[::-1] + after) if first and before else (after + before[::-1])
    for cue in order:
        if (
            cue in before
            and not (lead.endswith(":") or between)
            and _sentence_break(analysis.text, cue.idx, mark.start, marks)
        ):
            continue
        subj = _subject(cue, marks)
        if subj is None:
            continue
        name, span, conf = _resolve(analysis, subj, scope)
        return _Cue(cue, name, span, conf)
    return None


def _sentence_break(text: str, start: int, end: int, marks: list[Marked]) -> bool:
    gap = list(text[start:end])
    for m in marks:
        for i in range(max(m.start, start), min(m.end, end)):
            gap[i - start] = "x"
    joined = _ABBREV.sub(lambda m: m.group(0).replace(".", "_"), "".join(gap))
    return bool(re.search(r"[.!?]\s|\n", joined))


def _kind(text: str, mark: Marked, para_start: int) -> str:
    lead = text[para_start : mark.start].rstrip()
    prev = lead[-1:] if lead else ""
    inner = mark.inner
    if prev.isalnum() and (
        inner[:1].islower() or not inner.rstrip().endswith((".", ",", "!", "?", "…"))
    ):
        return "partial"
    return "direct"


def find_quotes(
    analysis: Analysis, scopes: list[tuple[int, int, int | None]] | None = None
) -> list[Quote]:
    """Return the article's quotes in reading order; ``scopes`` are (start, end, embed index)."""
    text = analysis.text
    paras = paragraphs(text)
    marks = find_marked(text)
    scopes = scopes or []
    out: list[Quote] = []
    last: Quote | None = None
    cues = _cues(analysis, marks)
    for mark in marks:
        para = next((p for p in paras if p[0] <= mark.start < p[1] + 1), (0, len(text)))
        embed, scope = _scope_of(mark.start, scopes, len(text))
        kind = _kind(text, mark, para[0])
        cue = _cue_for(analysis, mark, marks, para, scope, cues)
        quote = _make(analysis, mark, kind, cue, embed)
        if cue is None:
            quote = _inherit(quote, last, text, para, scope, analysis, marks, cues)
        if quote.kind == "partial" and quote.speaker is None and len(mark.inner.split()) < 4:
            continue
        out.append(quote)
        last = quote
    return sorted(out, key=lambda q: (q.start, q.kind))


def _scope_of(
    char: int, scopes: list[tuple[int, int, int | None]], size: int
) -> tuple[int | None, tuple[int, int]]:
    for start, end, embed in scopes:
        if start <= char < end:
            return embed, (start, end)
    edges = [0] + [e for s, e, _ in scopes if e <= char]
    return None, (max(edges), size)


def _make(
    analysis: Analysis, mark: Marked, kind: str, cue: _Cue | None, embed: int | None
) -> Quote:
    return Quote(
        text=mark.inner,
        speaker=cue.speaker if cue else None,
        kind=kind,
        confidence=cue.confidence if cue and cue.speaker else 0.0,
        sentence_index=analysis.sentence_index(mark.start),
        start=mark.start,
        end=mark.end,
        speaker_start=cue.span[0] if cue else -1,
        speaker_end=cue.span[1] if cue else -1,
        in_embed=embed,
    )


def _inherit(
    quote: Quote,
    last: Quote | None,
    text: str,
    para: tuple[int, int],
    scope: tuple[int, int],
    analysis: Analysis,
    marks: list[Marked],
    cues: list[Any],
) -> Quote:
    """A quote with no reporting verb keeps the previous speaker when it continues the speech."""
    from dataclasses import replace

    bare_start = not text[para[0] : quote.start].strip()
    if (
        last is not None
        and last.speaker
        and last.end >= scope[0]
        and last.in_embed == quote.in_embed
    ):
        gap = text[last.end : quote.start]
        if gap.count("\n\n") <= 1 and (bare_start or "\n" not in gap):
            return replace(
                quote,
                speaker=last.speaker,
                confidence=0.6,
                speaker_start=last.speaker_start,
                speaker_end=last.speaker_end,
            )
    if quote.in_embed is not None and bare_start:
        for later in [m for m in marks if m.start > quote.end and m.start < scope[1]]:
            cue = _cue_for(analysis, later, marks, (quote.end, scope[1]), scope, cues)
            if cue and cue.speaker:
                return replace(
                    quote,
                    speaker=cue.speaker,
                    confidence=0.55,
                    speaker_start=cue.span[0],
                    speaker_end=cue.span[1],
                )
    return quote
