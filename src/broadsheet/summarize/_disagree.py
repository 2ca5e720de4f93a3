"""Where outlets disagree: align sentences across outlets, then compare numbers, dates and names.

Two sentences from different outlets are *aligned* when their TF-IDF cosine reaches
:data:`ALIGN`. Within an aligned pair we extract typed facts:

- numbers with the word they count ("12 people", "$3 million", "40%", "sixty-seven"): same
  unit word and a different value is a disagreement (ranges such as "18-20" are skipped, and
  a hedged number — "some 2,700", "more than 15 million" — agrees with one within 10 %);
- weekdays, months and years: same slot (weekday vs weekday) and a different value;
- names: a capitalised span following the same context word ("by John Smith" / "by Jane
  Doe") that differs, when neither pair member mentions the other's name at all.

A value is not disputed when the other outlet's article states it anywhere (in any sentence;
for numbers, attached to any word).

Leads are compared more loosely: an article's first :data:`LEAD` sentences carry its headline
figure, told in each outlet's own words ("180,000 homes and businesses were left without
electricity" / "a fire blacked out 210,000 homes"), so two leads from different outlets about
the same story (cosine :data:`LEAD_ALIGN`) are compared on their counted numbers, when the
two values are within :data:`LEAD_RATIO` of each other (two figures for one fact differ by a
margin; "4,901 murders" and "21,570 murders" count different things).
Nothing here knows about any particular story; thresholds are documented in docs/summaries.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from broadsheet.summarize._extractive import Unit
from broadsheet.summarize._text import STOPWORDS, TfIdf, cosine, stem
from broadsheet.summarize._types import Claim, Disagreement

ALIGN = 0.45  # cosine at which two sentences from different outlets tell the same thing
LEAD = 3  # an article's first sentences, where its headline figure sits
LEAD_ALIGN = 0.1  # two leads this similar tell the same story's main fact
LEAD_RATIO = 1.5  # ... and their figures for it are within this factor (strictly)
MAX_DISAGREEMENTS = 5

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_NUMBER = re.compile(
    r"(?<![\w-])(?P<cur>[$£€])?(?P<num>\d[\d,]*(?:\.\d+)?|(?:" + _TENS + r")-(?:" + _UNITS + r")\b"
    r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b)(?!-\d)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?(?P<pct>\s*(?:%|percent\b|per cent\b))?"
    r"(?:[\s-]+(?P<unit>[A-Za-z][a-z]+))?",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:some|about|around|roughly|nearly|almost|approximately|over|more than|less than|"
    r"fewer than|at least|up to|upwards of|close to)\s*$",
    re.IGNORECASE,
)
APPROXIMATE = 0.1  # hedged numbers within 10 % of each other agree
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+)){0,3})")
_UNIT_SKIP = STOPWORDS | {
    "percent",
    "cent",
    "thousand",
    "million",
    "billion",
    "trillion",
    "last",
    "next",
    "previous",
    "additional",
    "another",
    "least",
    "times",
    "per",
}


@dataclass(frozen=True)
class Fact:
    """A typed value found in a sentence: ``slot`` says what it measures, ``value`` its value."""

    slot: str
    value: str
    key: str  # normalised value for comparison
    label: str = ""  # how the slot reads to a person ("number of families")
    approximate: bool = False  # "some 2,700", "more than 15 million"


def _word_number(raw: str) -> int | None:
    if "-" in raw and not raw[0].isdigit():
        tens, units = raw.split("-", 1)
        return _NUMBER_WORDS[tens] + _NUMBER_WORDS[units]
    return _NUMBER_WORDS.get(raw)


def _number_facts(text: str) -> Iterable[Fact]:
    for m in _NUMBER.finditer(text):
        raw = m.group("num").lower()
        if _YEAR.match(raw) and not m.group("cur"):
            continue  # years are dates, handled below
        value = float(_word_number(raw) or raw.replace(",", ""))
        value *= _SCALE.get((m.group("scale") or "").lower(), 1)
        unit = (m.group("unit") or "").lower()
        shown = m.group(0)[: m.start("unit") - m.start()] if m.group("unit") else m.group(0)
        if m.group("pct"):
            slot = label = "percent"
        elif m.group("cur"):
            slot = label = "amount in " + m.group("cur")
        elif unit and unit not in _UNIT_SKIP:
            slot, label, shown = "number:" + stem(unit), "number of " + unit, m.group(0)
        else:
            continue  # a bare number says too little about what it counts
        if m.group("unit") and text[m.end() : m.end() + 1] == "-":
            continue  # "8-year-old", "6-foot-tall": a modifier of someone, not a count
        hedge = bool(_HEDGE.search(text[: m.start()]))
        yield Fact(slot, " ".join(shown.split()).strip(" -"), f"{value:g}", label, hedge)


def _date_facts(text: str) -> Iterable[Fact]:
    for token in re.findall(r"[A-Za-z]+|\d{4}", text):
        low = token.lower()
        if low in _WEEKDAYS:
            yield Fact("day of the week", token, low)
        elif low in _MONTHS and token[0].isupper() and low != "may":
            yield Fact("month", token, low)
        elif _YEAR.match(token):
            yield Fact("year", token, token)


def _name_facts(text: str) -> Iterable[Fact]:
    for m in _NAME.finditer(text):
        before = text[: m.start()].split()
        if not before:
            continue  # sentence-initial capitals are not names by evidence
        context = before[-1].lower().strip(",;:\"'“”‘’")
        if not context.isalpha() or context not in {
            "by",
            "to",
            "minister",
            "secretary",
            "judge",
            "spokesman",
            "spokeswoman",
            "director",
            "governor",
            "senator",
            "named",
            "president",
            "ceo",
            "chief",
            "leader",
            "mayor",
        }:
            continue
        name = m.group(1)
        if name.lower() in _WEEKDAYS or name.lower() in _MONTHS:
            continue
        yield Fact("name after '" + context + "'", name, name.lower())


def _kind(slot: str) -> str:
    """Numbers are compared across slots: "1,626,042 valid signatures" states 1626042 too."""
    if slot.startswith("name"):
        return "name"
    return "date" if slot in {"day of the week", "month", "year"} else "number"


def _close(a: str, b: str) -> bool:
    x, y = float(a), float(b)
    return abs(x - y) <= APPROXIMATE * max(abs(x), abs(y))


def _near(a: str, b: str) -> bool:
    x, y = sorted((abs(float(a)), abs(float(b))))
    return x > 0 and y / x < LEAD_RATIO


def _same_person(a: str, b: str) -> bool:
    """ "President Biden" and "President Joe Biden" share a surname: one person, two forms."""
    return (
        a.split()[-1] == b.split()[-1]
        or set(a.split()) <= set(b.split())
        or set(b.split()) <= set(a.split())
    )


def facts(text: str) -> list[Fact]:
    """All typed facts in one sentence."""
    return [*_number_facts(text), *_date_facts(text), *_name_facts(text)]


def _conflicts(
    a: Unit, b: Unit, stated: dict[tuple[int, str], set[str]], counts_only: bool = False
) -> Iterable[tuple[str, Fact, Fact]]:
    fa, fb = facts(a.text), facts(b.text)
    if counts_only:  # numbers that say what they count ("400 homes"), not dates or names
        fa = [f for f in fa if f.slot.startswith("number:")]
        fb = [f for f in fb if f.slot.startswith("number:")]
    low_a, low_b = a.text.lower(), b.text.lower()
    for slot in {f.slot for f in fa} & {f.slot for f in fb}:
        keys_a = {f.key for f in fa if f.slot == slot}
        keys_b = {f.key for f in fb if f.slot == slot}
        if keys_a & keys_b or len(keys_a) != 1 or len(keys_b) != 1:
            continue  # shared or ambiguous values: no clear conflict
        x = next(f for f in fa if f.slot == slot)
        y = next(f for f in fb if f.slot == slot)
        if slot.startswith("name") and (
            x.key in low_b or y.key in low_a or _same_person(x.key, y.key)
        ):
            continue
        if (x.approximate or y.approximate) and _close(x.key, y.key):
            continue
        if counts_only and not _near(x.key, y.key):
            continue
        kind = _kind(slot)
        if x.key in stated[(b.article_id, kind)] or y.key in stated[(a.article_id, kind)]:
            continue  # each article states the other's value somewhere: not a dispute
        yield slot, x, y


def find_disagreements(units: Sequence[Unit], align: float = ALIGN) -> list[Disagreement]:
    """Facts that aligned sentences from different outlets state with different values."""
    if len({u.outlet or u.article_id for u in units}) < 2:
        return []
    tfidf = TfIdf(u.text for u in units)
    stated: dict[tuple[int, str], set[str]] = defaultdict(set)
    for unit in units:
        for fact in facts(unit.text):
            stated[(unit.article_id, _kind(fact.slot))].add(fact.key)
    found: dict[str, dict[str, Claim]] = {}
    labels: dict[str, str] = {}
    for i, a in enumerate(units):
        for j in range(i + 1, len(units)):
            b = units[j]
            if (a.outlet or a.article_id) == (b.outlet or b.article_id):
                continue
            similarity = cosine(tfidf.vectors[i], tfidf.vectors[j])
            leads = a.sentence_index < LEAD and b.sentence_index < LEAD
            if similarity >= align:
                conflicts = list(_conflicts(a, b, stated))
            elif leads and similarity >= LEAD_ALIGN:
                conflicts = list(_conflicts(a, b, stated, counts_only=True))
            else:
                continue
            for slot, x, y in conflicts:
                labels.setdefault(slot, x.label or slot)
                claims = found.setdefault(slot, {})
                for unit, fact in ((a, x), (b, y)):
                    outlet = unit.outlet or f"article {unit.article_id}"
                    claims.setdefault(outlet, Claim(outlet, fact.value, unit.citation))
    result = [Disagreement(labels[slot], tuple(claims.values())) for slot, claims in found.items()]
    return sorted(result, key=lambda d: (-len(d.claims), d.fact))[:MAX_DISAGREEMENTS]
