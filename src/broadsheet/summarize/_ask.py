""" "Ask about this": answer a question with the best-supported source sentences (BM25).

Question and sentences are compared on *ask terms*: stemmed content words, irregular past
forms taken to their verb ("wrote" meets "write"), hyphenated words split ("seven-term" holds
"term"), and acronyms met by the names they abbreviate ("N.A.A.C.P." meets "National
Association for the Advancement of Colored People"). A question term also meets a sentence
word it begins or that begins it when both run to six letters ("represents" and
"representative"). A sentence that opens on a pronoun ("She called on...") also holds the names
of the sentence before it.

A sentence supports the question when it contains at least two of the question's terms (one,
for a one-term question), its *coverage*—the IDF-weighted share of the question's terms that it
contains—reaches :data:`SUPPORT_THRESHOLD`, and, when the question asks for a number, an age, a
duration or a date ("how many", "how old", "how long", "when"), it holds one. BM25 ranks, with
a bonus for a sentence holding the kind of answer asked for and a penalty for one that does not;
coverage and the answer's kind decide whether anything answers at all.

When the answer is a name, a place, a date, a count or a quotation (``_answer_type``: "who",
"where", "which state", "what party", "what did she say"), a sentence naming such a thing that
the question does not name ranks higher, one naming nothing new lower and with less coverage;
naming it also meets the head word ("what party does Etheridge belong to?" is answered by
"Etheridge, a Democrat, ...") and lets one other shared term suffice. Thresholds are chosen on
the tune part of ``benchmarks/qa_eval.py`` (``benchmarks/ask_threshold.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.summarize._answer_type import Entity, entities, expected_labels, head_word
from broadsheet.summarize._extractive import Unit, units_of
from broadsheet.summarize._irregular import IRREGULAR
from broadsheet.summarize._text import STOPWORDS, stem, words
from broadsheet.summarize._types import Answer, Document, SummarySentence

# Bumped whenever the offline answerer's ranking or threshold changes: stored answers made by an
# older one are then made again when next asked, instead of being read back until articles change.
ANSWERER_VERSION = "2026-12-04"
SUPPORT_THRESHOLD = 0.42  # most answered with >= 0.8 declined, tune part (ask_threshold.py)
MIN_MATCHED = 2  # distinct question terms a supporting sentence must contain
MAX_ANSWER_SENTENCES = 3
K1, B = 1.2, 0.75
CONTEXT = 0.0  # credit for a question term found only just before the sentence
PREFIX = 6  # a question term meets a longer word it begins (both at least this long)
NOTHING = "Nothing in these articles answers that question."

_QUESTION_WORDS = frozenset(
    ["how", "what", "which", "who", "whom", "whose", "when", "where", "why", "many", "much"]
)
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}(?:s\b)?")
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|and|on|de)\s+)*[A-Z][\w'’-]*)+")
_CONNECTORS = frozenset(["of", "for", "the", "and", "on", "de"])
_PRONOUN_OPENING = re.compile(
    r"^\W*(?:\w+\W+){0,5}?(?:he|she|they|it|his|her|their|its|him|them)\b", re.I
)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w'’-]*")


def _term(word: str) -> str:
    word = IRREGULAR.get(word, word)
    base = stem(word)
    if base != word and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
        return base[:-1]  # "running" and "run", "planned" and "plan"
    return base[:-1] if len(base) >= 4 and base.endswith("e") else base


def ask_terms(text: str) -> list[str]:
    """The terms ``ask`` compares: stemmed content words, hyphen parts and acronyms."""
    text = _ACRONYM.sub(lambda m: " " + m.group(0).replace(".", "") + " ", text)
    out = []
    for word in words(text):
        parts = [word, *word.split("-")] if "-" in word else [word]
        for part in parts:
            if part and part not in STOPWORDS and part not in _QUESTION_WORDS and len(part) > 1:
                out.append(_term(part))
    return out


def _initials(text: str) -> list[str]:
    """Acronyms of the capitalised name runs in ``text`` ("Republican National Committee")."""
    out = []
    for run in _NAME_RUN.finditer(text):
        letters = "".join(w[0] for w in run.group(0).split() if w not in _CONNECTORS).lower()
        if len(letters) >= 2:
            out.append(letters)
    return out


def _names(text: str) -> list[str]:
    return [_term(w.lower()) for w in _CAPITALISED.findall(text) if w.lower() not in STOPWORDS]


@dataclass(frozen=True)
class _Kind:
    asks: re.Pattern[str]
    holds: re.Pattern[str]
    required: bool  # a sentence without it cannot be the answer


_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"dozens?|hundreds?|thousands?|millions?|billions?|trillions?"
)
_DATE_WORDS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|aug|sept?|oct|nov|dec|morning|afternoon|evening|night|noon|midnight|"
    r"week|month|year|spring|summer|autumn|fall|winter|earlier|later|ago|last|next|since|"
    r"(?:19|20)\d\d|\d{1,2}(?::\d\d)?\s*[ap]\.?m\b"
)
# Someone named: "Mr. Steele", "Terry O'Neill", "Jon M. Huntsman" (not "The Senate").
_PERSON = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+[A-Z]|"
    r"\b(?!(?:The|A|An|In|On|At|But|And|For|Of|To|This|That|It|He|She|They|We|If|As|When|"
    r"While|After|Before|By|With|From)\b)[A-Z][a-z]+(?:\s+[A-Z]\.)*\s+[A-Z][a-z'’]+"
)
_KINDS = (
    _Kind(
        re.compile(r"^\s*how old\b", re.I),
        re.compile(r"\b\d{1,3}\b|\b(?:" + _NUMBER_WORDS + r")[- ]years?[- ]old\b", re.I),
        True,
    ),
    _Kind(
        re.compile(r"^\s*how (?:long|soon|quickly|fast)\b", re.I),
        re.compile(
            r"(?:\d|\b(?:" + _NUMBER_WORDS + r"|a|an)\b)[\w,.-]*\s*[- ]?\s*(?:seconds?|minutes?|"
            r"hours?|days?|weeks?|months?|years?|decades?)\b|\bwithin\b|\bby\b",
            re.I,
        ),
        True,
    ),
    _Kind(
        re.compile(r"^\s*(?:how (?:many|much)|what (?:number|percentage|share|amount))\b", re.I),
        re.compile(r"\d|[$£€]|\b(?:" + _NUMBER_WORDS + r"|several|few)\b", re.I),
        True,
    ),
    _Kind(
        re.compile(r"^\s*(?:when|(?:at |on |by )?what (?:day|date|time|year|hour))\b", re.I),
        re.compile(r"\b(?:" + _DATE_WORDS + r")\b", re.I),
        True,
    ),
    _Kind(
        re.compile(r"^\s*(?:who|whom|whose)\b", re.I),
        _PERSON,
        False,
    ),
    _Kind(
        re.compile(r"^\s*(?:where|in which (?:state|city|country|town|district))\b", re.I),
        re.compile(r"\b(?:in|at|to|from|near|outside)\s+(?:the\s+)?[A-Z][a-z]+"),
        False,
    ),
)
EARLY = 0.2  # BM25 bonus of the lead sentence, falling with position (1 + EARLY / (1 + index))
TYPE_BONUS = 1.5  # BM25 multiplier for a sentence holding the kind of answer asked for
TYPE_PENALTY = 0.6  # ... and for one without the number or date asked for
NEW_ENTITY_BONUS = 1.5  # BM25 multiplier for a sentence naming a new thing of the kind asked for
NO_ENTITY_PENALTY = 0.7  # ... and for one naming nothing new of that kind
NO_ENTITY_COVERAGE = 0.85  # coverage kept by a sentence naming nothing new of the kind asked for


_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
    ]
)
# Verbs that say little about the answer ("what office does she hold?").
_LIGHT = frozenset(  # and verbs of speech, which reporters vary ("urged", "called on")
    _term(w)
    for w in [
        "hold",
        "belong",
        "get",
        "make",
        "do",
        "have",
        "take",
        "give",
        "go",
        "come",
        "think",
        "want",
        "try",
        "let",
        "put",
        "become",
        "seem",
        "appear",
        "happen",
        "mean",
        "ask",
        "speak",
        "talk",
        "call",
        "claim",
        "describe",
        "urge",
    ]
)
HEAD_WEIGHT = 0.25  # "which magazine", "what office": the answer names one; the word is rare
LIGHT_WEIGHT = 0.5
COUNTED_MISSING = 0.5  # coverage kept when "how many X" finds a number not counting X
_COUNT = re.compile(r"^\s*how many\s+(?:more\s+)?([a-z][\w-]*)", re.I)
_NUMBER_TOKEN = re.compile(r"\d[\d,.]*|\b(?:" + _NUMBER_WORDS + r")\b", re.I)


def _head_terms(question: str) -> set[str]:
    """Terms naming the kind of thing asked for: the words between "which"/"what" and the verb."""
    tokens = question.split()
    lowered = [t.lower().strip("?,.\"'") for t in tokens]
    for i, word in enumerate(lowered):
        if word in ("which", "what", "whose"):
            head = []
            for w in lowered[i + 1 : i + 4]:
                if w in _AUXILIARIES or not w.isalpha():
                    break
                head.append(w)
            if (
                head
                and i + 1 + len(head) < len(lowered)
                and lowered[i + 1 + len(head)] in _AUXILIARIES
            ):
                return {_term(w) for w in head if w not in STOPWORDS}
            return set()
    return set()


_NEGATION = re.compile(r"\b(?:no|not|never|none|nobody|nothing|n't)\b|n't\b", re.I)
NEGATED = 0.5  # BM25 kept by a sentence denying what a positive question asks about


def _denies(text: str, query: Sequence[str]) -> bool:
    """Whether a question term in ``text`` comes within three words after a negation."""
    tokens = text.split()
    for i, token in enumerate(tokens):
        if _NEGATION.search(token):
            window = ask_terms(" ".join(tokens[i + 1 : i + 4]))
            if any(t in query for t in window):
                return True
    return False


_FULL_NAME = re.compile(r"\b([A-Z][a-z]{2,})\s+(?:[A-Z]\.\s+)?([A-Z][a-z]{2,})\b")
_HONORIFICS = frozenset(
    [
        "sir",
        "dame",
        "lord",
        "lady",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "president",
        "prime",
        "minister",
        "senator",
        "governor",
        "mayor",
        "king",
        "queen",
        "prince",
        "princess",
        "judge",
        "general",
        "secretary",
        "chancellor",
    ]
)


def _aliases(texts: Sequence[str]) -> dict[str, set[str]]:
    """Each part of a full name in ``texts`` with the other part ("keir" <-> "starmer")."""
    out: dict[str, set[str]] = {}
    for text in texts:
        for first, last in _FULL_NAME.findall(text):
            a, b = first.lower(), last.lower()
            if a in _HONORIFICS or b in _HONORIFICS or a in STOPWORDS or b in STOPWORDS:
                continue
            ta, tb = _term(a), _term(b)
            out.setdefault(ta, set()).add(tb)
            out.setdefault(tb, set()).add(ta)
    return out


def _named(question: str) -> set[str]:
    """Terms of the names a question mentions (capitalised words after its first)."""
    return {_term(w.lower()) for w in _CAPITALISED.findall(question) if w.lower() not in STOPWORDS}


def _counts_it(question: str, text: str) -> bool:
    """For "how many X": whether a number in ``text`` counts X ("30,000 more troops")."""
    m = _COUNT.search(question)
    if not m:
        return True
    noun = _term(m.group(1).lower())
    for number in _NUMBER_TOKEN.finditer(text):
        if text[max(number.start() - 1, 0) : number.start()] in "$£€" and number.start():
            continue  # "$447 billion job-creation plan" counts money, not jobs
        after = ask_terms(text[number.end() : number.end() + 40])[:3]
        if any(t == noun or (t.startswith(noun[:PREFIX]) and len(noun) >= PREFIX) for t in after):
            return True
    return False


def _kind(question: str) -> _Kind | None:
    return next((k for k in _KINDS if k.asks.search(question)), None)


def _idf(docs: Sequence[set[str]]) -> dict[str, float]:
    n = len(docs)
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(terms)
    return {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}


def _sentence_terms(units: Sequence[Unit]) -> list[list[str]]:
    """Each unit's terms, with its acronyms and, after a pronoun, the names just before it."""
    out = []
    for i, unit in enumerate(units):
        terms = ask_terms(unit.text) + _initials(unit.text)
        previous = units[i - 1] if i else None
        if (
            previous is not None
            and previous.article_id == unit.article_id
            and _PRONOUN_OPENING.search(unit.text)
        ):
            terms += [t for t in _names(previous.text) if t not in terms]
        out.append(terms)
    return out


def _match(query: str, tf: Counter[str]) -> int:
    if tf[query]:
        return tf[query]
    if len(query) < PREFIX:
        return 0
    return sum(
        c
        for t, c in tf.items()
        if len(t) >= PREFIX and (t.startswith(query) or query.startswith(t))
    )


# "how long", "how old": the adjective asks for the answer's kind; no sentence need repeat it.
_WH_ADJECTIVE = re.compile(r"\bhow\s+(?:long|old|far|often|soon|big|large|quickly|fast)\b", re.I)


def rank(
    question: str, units: Sequence[Unit], titles: dict[int, str] | None = None
) -> list[tuple[Unit, float, float]]:
    """Units with their BM25 score and coverage of the question, best first.

    A question term found only in the sentence before (or the article's title) counts for
    :data:`CONTEXT` of its weight: "The congressman ... his wife, Huma Abedin" answers "Who is
    Weiner's wife?" because the sentence before names Mr. Weiner.
    """
    query = list(dict.fromkeys(ask_terms(_WH_ADJECTIVE.sub(" ", question))))
    docs = _sentence_terms(units)
    title_terms = {i: Counter(ask_terms(t) + _initials(t)) for i, t in (titles or {}).items()}
    if not query or not docs:
        return []
    idf = _idf([set(d) for d in docs])
    unseen = math.log(1 + (len(docs) + 0.5) / 0.5)
    weight = {t: idf.get(t, unseen) for t in query}
    heads = _head_terms(question)
    share = {
        t: weight[t] * (HEAD_WEIGHT if t in heads else LIGHT_WEIGHT if t in _LIGHT else 1.0)
        for t in query
    }
    avg = sum(len(d) for d in docs) / len(docs) or 1.0
    kind = _kind(question)
    every: Counter[str] = Counter(t for d in docs for t in d)
    if any(not _match(t, every) for t in _named(question) & set(query)):
        return []  # the question names someone or something these articles never mention
    negated = not _NEGATION.search(question)
    aliases = _aliases([u.text for u in units] + list((titles or {}).values()))
    labels = expected_labels(question)
    head = {_term(head_word(question))} & set(query) if head_word(question) else set()
    named = entities([u.text for u in units]) if labels else [() for _ in units]
    ranked = []
    for i, (unit, terms) in enumerate(zip(units, docs, strict=True)):
        tf = Counter(terms)
        before: Counter[str] = Counter()
        if i and units[i - 1].article_id == unit.article_id:
            before.update(docs[i - 1])
        before.update(title_terms.get(unit.article_id, Counter()))
        counts = {
            t: _match(t, tf) or sum(tf[a] for a in aliases.get(t, ()) if a not in query)
            for t in query
        }
        near = {t: CONTEXT for t, c in counts.items() if not c and _match(t, before)}
        bm25 = sum(
            weight[t] * c * (K1 + 1) / (c + K1 * (1 - B + B * len(terms) / avg))
            for t, c in counts.items()
            if c
        ) + sum(weight[t] * n for t, n in near.items())
        bm25 *= 1 + EARLY / (1 + unit.sentence_index)
        if negated and _denies(unit.text, query):
            bm25 *= NEGATED  # "No trams are running" does not say which are
        fills = bool(labels) and _names_new(set(query), named[i], labels)
        holds = kind is None or bool(kind.holds.search(unit.text))
        if kind is not None and holds:
            bm25 *= TYPE_BONUS
        elif kind is not None and kind.required:
            bm25 *= TYPE_PENALTY  # names are too varied to penalise a sentence without one
        if labels:
            bm25 *= NEW_ENTITY_BONUS if fills else NO_ENTITY_PENALTY
        matched = [t for t, c in counts.items() if c]
        if fills:  # "what party": a sentence naming a party meets the word "party"
            matched += [t for t in head if t not in matched]
        coverage = (
            sum(share[t] for t in matched) + sum(share[t] * n for t, n in near.items())
        ) / sum(share.values())
        matched += list(near) if matched else []
        if not _counts_it(question, unit.text):
            coverage *= COUNTED_MISSING
        if len(matched) < min(1 if fills else MIN_MATCHED, len(query)):
            coverage = 0.0  # one shared word ("bank" in "river banks") is not an answer
        if kind is not None and kind.required and not holds:
            coverage = 0.0  # "how many" answered by a sentence without a number: no answer
        if labels and not fills:
            coverage *= NO_ENTITY_COVERAGE
        ranked.append((unit, bm25, coverage))
    ranked.sort(key=lambda r: (-r[1], r[0].article_id, r[0].sentence_index))
    return ranked


def _names_new(question_terms: set[str], found: Sequence[Entity], labels: frozenset[str]) -> bool:
    """Whether ``found`` (a sentence's entities) holds one of ``labels`` the question does not name."""
    for name, label in found:
        if label in labels and (label == "QUOTE" or not set(ask_terms(name)) & question_terms):
            return True
    return False


def extractive_answer(
    question: str, docs: Sequence[Document], threshold: float = SUPPORT_THRESHOLD
) -> Answer:
    """The best-supported sentences for ``question``, or ``supported=False`` with a plain note."""
    titles = {d.article_id: d.title for d in docs if d.title}
    ranked = [r for r in rank(question, units_of(docs), titles) if r[1] > 0]
    supported = [r for r in ranked if r[2] >= threshold][:MAX_ANSWER_SENTENCES]
    if not supported:
        return Answer(question, (), False, "extractive", NOTHING)
    sentences = tuple(SummarySentence(u.text, (u.citation,)) for u, _, _ in supported)
    return Answer(question, sentences, True, "extractive")


def best_coverage(question: str, docs: Sequence[Document]) -> float:
    """The highest coverage any sentence reaches (for choosing the threshold on data)."""
    titles = {d.article_id: d.title for d in docs if d.title}
    return max((r[2] for r in rank(question, units_of(docs), titles)), default=0.0)
