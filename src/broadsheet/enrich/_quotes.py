"""Direct, partial and indirect quotes with their speakers resolved to canonical entities.

A speaker comes from the subject of a reporting verb next to the quote (before it, after it or
between two parts), an introduction ("X said:") or a signature ("— X"); pronouns, roles and
descriptions resolve to the right earlier person (``_speakers``); a bare continuation paragraph
keeps the previous speaker; anything else is left unknown (None).
"""

from __future__ import annotations

import re
from typing import Any

from ._analysis import Analysis
from ._cue_words import DOCUMENT_NOUNS, NAMING, PHRASAL, SAY
from ._marks import Marked, find_marked, paragraphs
from ._speakers import DESCRIBED, _outside, _resolve, _subject, description
from ._tags import (
    Cue,
    introduced,
    owned_words,
    paragraph_before,
    sentence_after,
    sentence_before,
    signed,
    surface_tag,
)
from ._types import Quote

_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Capt|Mt|No|U\.S|[A-Z])\."
)


def _cues(analysis: Analysis, marks: list[Marked]) -> list[Any]:
    """Reporting verbs (and "according to") outside quote marks, in order."""
    return [
        t
        for t in analysis.doc
        if (
            t.lower_ == "according"
            or (t.lemma_.lower() in SAY and t.pos_ in ("VERB", "AUX"))
            or _put_it(t)
            or _phrasal(t)
            or (t.lemma_.lower() in NAMING and t.pos_ == "VERB")
        )
        and _outside(t, marks)
    ]


def _in_phrase(analysis: Analysis, cue: Any, mark: Marked) -> bool:
    """Whether the quote is the naming verb's object or complement ("called it “…”", "called
    the plan “…”") or lies in its "of"/"as" phrase ("accused them of spreading “…”")."""
    span = analysis.doc.char_span(mark.start, mark.end, "expand")
    words = [t for t in span or [] if not (t.is_quote or t.is_punct)]
    tops = [t for t in words if t.head not in words or t.head == t]
    if not tops or len({t.head.i for t in tops}) != 1:
        return False
    path = [tops[0]] if len(tops) == 1 else [tops[0].head]
    while path[-1].head != cue and path[-1].head != path[-1] and len(path) < 8:
        path.append(path[-1].head)
    if path[-1].head != cue:
        return False
    if any(t.dep_ == "prep" and t.lower_ in ("of", "as") for t in path[-2:]):
        return True
    direct = tops[0].head if tops[0].dep_ in ("appos", "conj") else tops[0]
    return path[-1] == direct and direct.dep_ in ("dobj", "oprd", "xcomp", "ccomp", "attr")


def _phrasal(tok: Any) -> bool:
    """'…," Trump went on', 'her husband cut in': verb and particle report speech together."""
    return tok.pos_ == "VERB" and any(
        c.dep_ == "prt" and (tok.lemma_.lower(), c.lower_) in PHRASAL for c in tok.children
    )


def _put_it(tok: Any) -> bool:
    """'As X put it, "…"': the idiom reports speech like "said"."""
    return tok.lemma_ == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)


def _cue_for(
    analysis: Analysis,
    mark: Marked,
    marks: list[Marked],
    para: tuple[int, int],
    scope: tuple[int, int],
    cues: list[Any],
) -> Cue | None:
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
    lead_end = prev_end + len(lead.rstrip(".!?…:,;"))
    first = lead.endswith((":", ",")) or between
    before, after = _verbs_first(before[::-1]), _verbs_first(after)
    if first and before and not _tagged(analysis, mark, after, marks):
        order = before + after
    else:
        order = after + before
    for cue in order:
        if (
            cue in before
            and not (lead.endswith(":") or between)
            and _sentence_break(analysis.text, cue.idx, mark.start, marks)
        ):
            continue
        if cue in before and between and _sentence_break(analysis.text, cue.idx, lead_end, marks):
            continue  # '“…,” Lee said. Hale shook his head. “…”': another sentence between
        if cue.lemma_.lower() in NAMING and not _in_phrase(analysis, cue, mark):
            continue
        subj = _subject(cue, marks)
        if subj is None:
            continue
        if cue in after and not _next_to(analysis.text, mark, subj, cue):
            continue
        if cue.lemma_ in ("read", "begin") and subj.lemma_.lower() not in DOCUMENT_NOUNS:
            continue
        name, span, conf = _resolve(analysis, subj, scope)
        if name is None:
            name, conf = description(subj), DESCRIBED
        return Cue(cue, name, span, conf if name else 0.0)
    return None


def _verbs_first(cues: list[Any]) -> list[Any]:
    """Reporting verbs before "according to": "said X …, according to CNN" names X."""
    return [t for t in cues if t.lower_ != "according"] + [
        t for t in cues if t.lower_ == "according"
    ]


def _next_to(text: str, mark: Marked, subj: Any, cue: Any) -> bool:
    """A cue after a quote attributes it only when its subject or verb comes straight after
    the closing mark ('…," the union wrote', '…," said Lee'), not a clause later."""
    first = min(subj.left_edge.idx, cue.idx)
    return first < mark.end or len(re.findall(r"\w+", text[mark.end : first])) <= 3


def _tagged(analysis: Analysis, mark: Marked, after: list[Any], marks: list[Marked]) -> bool:
    """'X noted: "…," the union wrote': a quote closed by a comma and straight away tagged
    with "<subject> <verb>" belongs to that tag, whatever the clause before the colon says."""
    if not mark.inner.rstrip().endswith(",") and analysis.text[mark.end : mark.end + 1] != ",":
        return False
    for cue in after[:1]:
        subj = _subject(cue, marks)
        if subj is not None and _next_to(analysis.text, mark, subj, cue):
            return True
    return False


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


_TITLE_LEAD = re.compile(
    r"(?:['’]s|\b(?:on|in|of|the|titled|entitled|show|film|book|song))\s*$", re.I
)


def _is_title(text: str, mark: Marked) -> bool:
    """'on CNN's “State of the Union.”', 'the film “The Long Night”': a short Title Case
    phrase after a possessive or a preposition names a work or show; it is not speech."""
    words = re.findall(r"[\w'’-]+", mark.inner)
    if not words or len(words) > 6 or mark.inner.rstrip(" .,!?").endswith(("!", "?")):
        return False
    capitalised = all(w[:1].isupper() or len(w) < 4 for w in words) and words[0][:1].isupper()
    return capitalised and bool(_TITLE_LEAD.search(text[max(0, mark.start - 12) : mark.start]))


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
        if _is_title(text, mark):
            continue
        kind = _kind(text, mark, para[0])
        cue = _cue_for(analysis, mark, marks, para, scope, cues)
        if cue is None:
            cue = (
                signed(analysis, mark)
                or introduced(analysis, mark, para, paras, marks, scope, cues)
                or surface_tag(analysis, mark, scope)
                or owned_words(analysis, mark, para, scope)
                or sentence_before(analysis, mark, para, scope)
            )
        elif cue.speaker is None or cue.confidence == DESCRIBED:
            cue = _it_continues(analysis, cue, last) or cue
        quote = _make(analysis, mark, kind, cue, embed)
        if cue is None:
            quote = _inherit(quote, last, text, para, scope, analysis, marks, cues)
        if quote.speaker is None:
            cue = sentence_after(analysis, mark, para, scope) or paragraph_before(
                analysis, mark, para, paras, scope
            )
            quote = _make(analysis, mark, kind, cue, embed)
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


def _make(analysis: Analysis, mark: Marked, kind: str, cue: Cue | None, embed: int | None) -> Quote:
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


def _it_continues(analysis: Analysis, cue: Cue | None, last: Quote | None) -> Cue | None:
    """'…,' it added: "it" goes on the organisation (or the described speaker) that spoke in
    the quote before; '…,' the statement continued: a statement, letter or post goes on the
    speaker of the quote before it (within two paragraphs)."""
    if cue is None or last is None or last.speaker is None:
        return None
    said = analysis.text[cue.span[0] : cue.span[1]].lower()
    gap = analysis.text[last.end : cue.span[0]]
    if said == "it":
        org = any(m.kind == "org" and m.start == last.speaker_start for m in analysis.mentions)
        described = last.confidence == DESCRIBED or (
            last.speaker not in analysis.people
            and not any(m.name == last.speaker for m in analysis.mentions)
        )
        if (org or described) and gap.count("\n\n") <= 1:
            return Cue(cue.token, last.speaker, cue.span, min(0.6, last.confidence))
        return None
    words = said.split() or [""]
    if (
        words[-1] in _DOCUMENTS
        and words[0] in ("the", "that", "this", "his", "her", "their")
        and gap.count("\n\n") <= 2
        and last.confidence > DESCRIBED
    ):
        return Cue(cue.token, last.speaker, cue.span, 0.6)
    return None


_DOCUMENTS = frozenset(
    {"statement", "release", "letter", "email", "e-mail", "memo", "message", "post", "tweet"}
)
