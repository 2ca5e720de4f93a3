"""Direct, partial and indirect quotes with their speakers resolved to canonical entities.

A speaker comes from the subject of a reporting verb next to the quote (before it, after it or
between two parts), an introduction ("X said:") or a signature ("— X"); pronouns, roles and
descriptions resolve to the right earlier person (``_speakers``); a bare continuation paragraph
keeps the previous speaker; anything else is left unknown (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._analysis import Analysis
from ._marks import Marked, find_marked, paragraphs
from ._speakers import _as_written, _main_subject, _outside, _resolve, _sentence_start, _subject
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
# verbs that introduce quoted words but rarely reported speech ("…," she cracked)
_QUOTE_ONLY = {
    "assure",
    "crack",
    "riff",
    "chant",
    "cry",
    "snap",
    "scoff",
    "gush",
    "chime",
    "interject",
    "rave",
    "sneer",
    "taunt",
    "tease",
    "sing",
    "begin",
    "read",
    "repeat",
}
SAY |= _QUOTE_ONLY
INDIRECT_SAY = SAY - {"describe", "continue", "ask", "post", "think", "believe", "agree", "demand"}
INDIRECT_SAY -= _QUOTE_ONLY
# what a statement, suit or post "reads" or "says" is what it quotes
DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "release",
        "letter",
        "email",
        "e-mail",
        "memo",
        "message",
        "post",
        "tweet",
        "suit",
        "lawsuit",
        "ruling",
        "report",
        "article",
        "editorial",
        "sign",
        "ad",
        "advert",
        "headline",
        "caption",
        "complaint",
        "filing",
        "order",
        "note",
        "text",
        "transcript",
        "petition",
        "notice",
    }
)
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Capt|Mt|No|U\.S|[A-Z])\."
)


@dataclass(frozen=True)
class _Cue:
    token: Any
    speaker: str | None
    span: tuple[int, int]
    confidence: float


def _cues(analysis: Analysis, marks: list[Marked]) -> list[Any]:
    """Reporting verbs (and "according to") outside quote marks, in order."""
    return [
        t
        for t in analysis.doc
        if _outside(t, marks)
        and (
            t.lower_ == "according"
            or (t.lemma_.lower() in SAY and t.pos_ in ("VERB", "AUX"))
            or _put_it(t)
            or _phrasal(t)
        )
    ]


_PHRASAL = {
    ("go", "on"),
    ("cut", "in"),
    ("pipe", "up"),
    ("fire", "back"),
    ("shoot", "back"),
    ("hit", "back"),
    ("chime", "in"),
    ("break", "in"),
    ("point", "out"),
}


def _phrasal(tok: Any) -> bool:
    """'…," Trump went on', 'her husband cut in': verb and particle report speech together."""
    return tok.pos_ == "VERB" and any(
        c.dep_ == "prt" and (tok.lemma_.lower(), c.lower_) in _PHRASAL for c in tok.children
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
        subj = _subject(cue, marks)
        if subj is None:
            continue
        if cue in after and not _next_to(analysis.text, mark, subj, cue):
            continue
        if cue.lemma_ in ("read", "begin") and subj.lemma_.lower() not in DOCUMENT_NOUNS:
            continue
        name, span, conf = _resolve(analysis, subj, scope)
        if name is None:
            name, conf = _description(subj), _DESCRIBED
        return _Cue(cue, name, span, conf if name else 0.0)
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


# the confidence of a speaker known only by the words describing it ("the announcer")
_DESCRIBED = 0.4
_NOT_DESCRIPTIONS = frozenset({"it", "this", "that", "who", "which", "they", "we", "i", "you"})


def _description(subj: Any) -> str | None:
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
        if cue is None:
            cue = (
                _signed(analysis, mark)
                or _introduced(analysis, mark, para, paras, marks, scope, cues)
                or _surface_tag(analysis, mark, scope)
            )
        elif cue.speaker is None or cue.confidence == _DESCRIBED:
            cue = _it_continues(analysis, cue, last) or cue
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


# a space inside a line, the no-break and thin spaces of web copy included
_SPACE = r"[^\S\n]"
_SIGNATURE = re.compile(rf"{_SPACE}*(?:[―—–]|--){_SPACE}*(?=[A-Z])")


def _signed(analysis: Analysis, mark: Marked) -> _Cue | None:
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
        return _Cue(None, known[0].name, (known[0].start, known[0].end), 0.75)
    speaker, where, _conf = _as_written(analysis, where)
    return _Cue(None, speaker, where, 0.6) if speaker and not known else None


def _introduced(
    analysis: Analysis,
    mark: Marked,
    para: tuple[int, int],
    paras: list[tuple[int, int]],
    marks: list[Marked],
    scope: tuple[int, int],
    cues: list[Any],
) -> _Cue | None:
    """A quote after a colon with no reporting verb beside it: the paragraph before ends "X
    said:", or the clause before the colon has a named subject (or, in a headline, one person)."""
    text = analysis.text
    lead = text[para[0] : mark.start].rstrip()
    index = paras.index(para) if para in paras else 0
    if not lead and index > 0 and text[: paras[index - 1][1]].rstrip().endswith(":"):
        prev = paras[index - 1]
        if prev[0] < scope[0]:
            return None
        said = [t for t in cues if prev[0] <= t.idx < prev[1]]
        subj = _subject(said[-1], marks) if said else None
        if subj is not None:
            name, span, conf = _resolve(analysis, subj, scope)
            return _Cue(said[-1], name, span, min(conf, 0.75)) if name else None
        lead_span = (max(prev[0], _sentence_start(analysis, prev[1])), prev[1])
    elif lead.endswith(":"):
        lead_span = (max(para[0], _sentence_start(analysis, para[0] + len(lead))), mark.start)
    else:
        return None
    named = [
        m
        for m in analysis.mentions
        if lead_span[0] <= m.start < lead_span[1] and m.kind in ("person", "org")
    ]
    subjects = [m for m in named if _main_subject(analysis, m, lead_span)]
    colon = lead_span[0] + len(text[lead_span[0] : mark.start].rstrip()) - 1
    label = [m for m in named if re.fullmatch(r"['’]?s?\s*", text[m.end : colon])]
    if label and text[colon] == ":":  # "… - Philip Bump: “…”", "surprises pollster Ann Lee:"
        return _Cue(None, label[-1].name, (label[-1].start, label[-1].end), 0.6)
    dashed = _DASH_LABEL.search(text, lead_span[0], colon + 1)
    if dashed and not named:  # a name the model missed, set off by a dash: "… - Ann Lee:"
        speaker, where, _conf = _as_written(analysis, dashed.span(1))
        if speaker:
            return _Cue(None, speaker, where, 0.55)
    if not subjects:  # "She then addressed the crowd: “…”"
        for tok in analysis.doc.char_span(lead_span[0], colon, "expand") or []:
            if tok.lower_ in ("he", "she") and tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
                name, span, conf = _resolve(analysis, tok, scope)
                return _Cue(None, name, span, min(conf, 0.6)) if name else None
    if not subjects and index == 0 and len({m.name for m in named if m.kind == "person"}) == 1:
        subjects = [m for m in named if m.kind == "person"]
    if not subjects:
        return None
    pick = subjects[-1]
    return _Cue(None, pick.name, (pick.start, pick.end), 0.6)


_DASH_LABEL = re.compile(
    rf"(?:^|\s[-–—]\s)([A-Z][\w.'’-]+(?:{_SPACE}[A-Z][\w.'’-]+){{1,3}})\s*:$", re.M
)
_TAG = re.compile(
    r"[^\S\n]*(?P<who>(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Hh]e|[Ss]he|[A-Z][\w.'’-]*)"
    r"(?:(?:[^\S\n]|-)[\w.'’-]+){0,6}?)[^\S\n]+(?P<verb>said|says|added|adds|wrote|writes|read|"
    r"reads|stated|states|asked|asks|explained|insisted|continued|replied|responded|warned|noted)"
    r"(?=[^\S\n]*[.,;:!?]|[^\S\n]+(?:in|on|at|to|of|after|before|during|last|this|on)\b)"
)


def _surface_tag(analysis: Analysis, mark: Marked, scope: tuple[int, int]) -> _Cue | None:
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
        return _Cue(None, known[0].name, (known[0].start, known[0].end), 0.6)
    words = " ".join(tag.group("who").split())
    if words.split()[0] in ("But", "And", "Or", "So", "Yet", "Then", "Now", "When", "As", "If"):
        return None
    if words.lower() in ("he", "she"):
        tok = analysis.doc.char_span(who[0], who[1], "expand")
        if tok is None:
            return None
        name, span, conf = _resolve(analysis, tok[0], scope)
        return _Cue(None, name, span, min(conf, 0.6)) if name else None
    if words.split()[0].lower() in ("the", "a", "an", "his", "her", "their", "its"):
        head, _, rest = words.partition(" ")
        return _Cue(None, f"{head.lower()} {rest}".strip(), who, _DESCRIBED)
    speaker, where, _conf = _as_written(analysis, who)
    return _Cue(None, speaker, where, 0.55) if speaker else None


def _it_continues(analysis: Analysis, cue: _Cue | None, last: Quote | None) -> _Cue | None:
    """'…,' it added: "it" goes on the organisation (or the described speaker) that spoke in
    the quote before; '…,' the statement continued: a statement, letter or post goes on the
    speaker of the quote before it (within two paragraphs)."""
    if cue is None or last is None or last.speaker is None:
        return None
    said = analysis.text[cue.span[0] : cue.span[1]].lower()
    gap = analysis.text[last.end : cue.span[0]]
    if said == "it":
        org = any(m.kind == "org" and m.start == last.speaker_start for m in analysis.mentions)
        described = last.confidence == _DESCRIBED or (
            last.speaker not in analysis.people
            and not any(m.name == last.speaker for m in analysis.mentions)
        )
        if (org or described) and gap.count("\n\n") <= 1:
            return _Cue(cue.token, last.speaker, cue.span, min(0.6, last.confidence))
        return None
    words = said.split() or [""]
    if (
        words[-1] in _DOCUMENTS
        and words[0] in ("the", "that", "this", "his", "her", "their")
        and gap.count("\n\n") <= 2
        and last.confidence > _DESCRIBED
    ):
        return _Cue(cue.token, last.speaker, cue.span, 0.6)
    return None


_DOCUMENTS = frozenset(
    {"statement", "release", "letter", "email", "e-mail", "memo", "message", "post", "tweet"}
)
