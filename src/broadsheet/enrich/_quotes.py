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
    ):
        return None
    run = []
    for tok in cue.doc[cue.i + 1 : cue.i + 5]:
        if tok.pos_ != "PROPN" or tok.ent_type_ in ("DATE", "TIME"):
            break
        run.append(tok)
    return run[-1] if run and run[-1].dep_ not in ("dobj", "dative") else None


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
        )
    ]


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
        if cue is None:
            cue = _signed(analysis, mark) or _introduced(
                analysis, mark, para, paras, marks, scope, cues
            )
        elif cue.speaker is None:
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


_SIGNATURE = re.compile(r"[ \t]*(?:[―—–]|--)[ \t]*(?=[A-Z])")


def _signed(analysis: Analysis, mark: Marked) -> _Cue | None:
    """'"…" ― Ann Lee': a dash and a name closing the quote's line sign it."""
    dash = _SIGNATURE.match(analysis.text, mark.end)
    if not mark.closed or dash is None:
        return None
    line = analysis.text[dash.end() :].split("\n", 1)[0]
    name = re.match(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?=\s*(?:[,.(]|$))", line)
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
    if not subjects and index == 0 and len({m.name for m in named if m.kind == "person"}) == 1:
        subjects = [m for m in named if m.kind == "person"]
    if not subjects:
        return None
    pick = subjects[-1]
    return _Cue(None, pick.name, (pick.start, pick.end), 0.6)


def _it_continues(analysis: Analysis, cue: _Cue | None, last: Quote | None) -> _Cue | None:
    """'…,' it added: "it" goes on the organisation that spoke in the quote before."""
    if cue is None or last is None or last.speaker is None:
        return None
    if analysis.text[cue.span[0] : cue.span[1]].lower() != "it":
        return None
    org = any(m.kind == "org" and m.start == last.speaker_start for m in analysis.mentions)
    return _Cue(cue.token, last.speaker, cue.span, 0.6) if org else None


def _main_subject(analysis: Analysis, m: Mention, lead: tuple[int, int] | None = None) -> bool:
    """Whether ``m`` is the subject of its sentence's main verb (or, before a colon, of the
    verb of the ``lead`` clause, which the parser often hangs under the quote)."""
    span = analysis.doc.char_span(m.start, m.end, "expand")
    return span is not None and any(
        t.dep_ in ("nsubj", "nsubjpass")
        and (
            _is_root(analysis.text, t.head)
            or (lead is not None and t.head.dep_ == "ccomp" and lead[0] <= t.head.idx < lead[1])
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
