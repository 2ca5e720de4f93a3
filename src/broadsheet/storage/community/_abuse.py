"""Insults and threats aimed at people, found by word lists and a few sentence shapes (pure).

An insult is a person-word ("idiot", "liar", "scumbag", …) said of someone: "you idiot",
"X is an idiot and a liar", "the author is a moron", "he's such a pathetic loser". A threat is
harm promised or wished to someone: "I will find you", "someone should shoot him", "I hope you
die", "kill yourself", "I know where you live". What is said of things ("the plan is stupid",
"a lie"), violence reported ("the man was killed") and idioms ("I could kill for a coffee")
do not match. docs/web.md gives the measured false-positive rate on the labelled sample in
tests/community/abuse_sample.jsonl.
"""

from __future__ import annotations

import re

PERSON_INSULTS = (
    "idiot|idiots|moron|morons|imbecile|imbeciles|cretin|cretins|liar|liars|scumbag|scumbags|"
    "loser|losers|fool|fools|jerk|jerks|asshole|assholes|arsehole|arseholes|bastard|bastards|"
    "prick|pricks|twat|twats|dickhead|dickheads|halfwit|halfwits|nitwit|nitwits|dimwit|"
    "dimwits|retard|retards|scum|pig|pigs|piece of shit|piece of garbage|waste of space|"
    "clown|clowns|buffoon|buffoons|dumbass|dumbasses|creep|creeps|parasite|parasites|"
    "degenerate|degenerates|lowlife|lowlifes|hypocrite|hypocrites|sociopath|psychopath"
)
# Adjectives insult only when said of a pronoun ("you are pathetic"), not of a name or a thing.
PERSON_ADJECTIVES = "stupid|pathetic|worthless|disgusting|brainless|useless|dumb|retarded|vile"
PRONOUNS = r"you|u|ya|he|she|they|him|her|them"
PEOPLE = (
    r"(?:the\s+)?(?:author|writer|journalist|reporter|editor|mayor|minister|president|senator|"
    r"councillor|councilor|guy|man|woman|poster|commenter|op)"
)
NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
BE = r"(?:is|are|was|were|'s|’s|'re|’re|re|r|being|has\s+been|have\s+been)"
INTENSIFIERS = r"(?:(?:all|such|a|an|total|complete|utter|absolute|fucking|bloody|real|proper|big|"
INTENSIFIERS += (
    r"lying|pathetic|stupid|little|disgusting|dishonest|corrupt|and|just|nothing\s+but)\s+)*"
)

_FLAGS = re.IGNORECASE
END = r"\b(?!['’]s\b|-)"  # "a fool's errand", "idiot-proof" are not insults
_INSULT_OF = re.compile(
    rf"\b(?:{PRONOUNS}|{PEOPLE})\s*{BE}\s+{INTENSIFIERS}(?:{PERSON_INSULTS}){END}", _FLAGS
)
_INSULT_OF_NAME = re.compile(
    rf"(?<![\w.])(?-i:{NAME})\s*(?i:{BE})\s+(?i:{INTENSIFIERS})(?i:{PERSON_INSULTS}){END}"
)
_ADJECTIVE_OF = re.compile(
    rf"\b(?:you|u|he|she|they)\s*{BE}\s+(?:so\s+|such\s+|really\s+|truly\s+|just\s+)*"
    rf"(?:{PERSON_ADJECTIVES})\b(?!\s+(?:idea|plan|policy|law|decision|article|thing))",
    _FLAGS,
)
_VOCATIVE = re.compile(
    rf"\b(?:you|ya)\s+{INTENSIFIERS}(?:{PERSON_INSULTS}|(?:{PERSON_ADJECTIVES})\s+\w+){END}",
    _FLAGS,
)
_THREATS = tuple(
    re.compile(p, _FLAGS)
    for p in (
        r"\b(?:i|we)\s*(?:'ll|’ll|will|am\s+going\s+to|'m\s+going\s+to|’m\s+going\s+to|"
        r"'m\s+gonna|’m\s+gonna|am\s+gonna|are\s+going\s+to|are\s+gonna|gonna|shall)\s+"
        r"(?:\w+\s+)?(?:kill|murder|hurt|beat|shoot|stab|strangle|punch|hunt\s+down|find|"
        r"break|destroy|end|smash|burn)\s+(?:you|u|him|her|them|your|his|their)\b",
        rf"\b(?:you|u|he|she|they|{PEOPLE})\s+(?:should|deserves?\s+to|ought\s+to|needs?\s+to|"
        r"must)\s+(?:be\s+)?(?:die|dead|killed|shot|hanged|hung|stabbed|beaten|raped|executed|"
        r"burn|burned|lynched)\b",
        r"\b(?:someone|somebody|people|we)\s+(?:should|needs?\s+to|ought\s+to|must)\s+"
        r"(?:kill|shoot|hang|stab|hurt|beat\s+up|punch|lynch|execute)\s+(?:you|him|her|them)\b",
        r"\b(?:hope|wish|pray)\s+(?:that\s+)?(?:you|he|she|they|your\s+\w+)\s+"
        r"(?:die|dies|gets?\s+(?:killed|shot|hurt|cancer|raped)|burns?|rots?)\b",
        r"\bkill\s+yourself\b|\bkys\b|\bgo\s+die\b|\bdrop\s+dead\b",
        r"\bi\s+know\s+where\s+(?:you|he|she|they)\s+(?:live|lives|work|works|sleep)\b",
        r"\b(?:you|u)(?:'re|’re|\s+are)\s+(?:so\s+)?dead\b(?!\s+(?:wrong|right|on))",
        r"\bwatch\s+your\s+back\b",
    )
)


def _quote(match: re.Match[str]) -> str:
    return " ".join(match.group(0).split())[:60]


def insult(text: str) -> str | None:
    """Return the words that insult a person, or None (pure)."""
    for pattern in (_VOCATIVE, _INSULT_OF, _INSULT_OF_NAME, _ADJECTIVE_OF):
        if found := pattern.search(text):
            return _quote(found)
    return None


def threat(text: str) -> str | None:
    """Return the words that threaten or wish harm to someone, or None (pure)."""
    for pattern in _THREATS:
        if found := pattern.search(text):
            return _quote(found)
    return None
