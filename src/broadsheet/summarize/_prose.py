"""Which body sentences are the article's own prose, fit to stand in a summary.

A summary quotes the reporter, not what sits around the report: an embedded post (the
paragraph ending in a "— Name (@handle) date" attribution line, and the handle/hashtag lines
just before it), a photo caption or credit, a byline or dateline, newsletter and sharing
boilerplate, a lead-in that ends in a colon, a fragment that starts in lower case, a
sentence whose quotation marks do not balance (the piece of a quote split across
sentences), a sentence inside a quotation an earlier sentence of its paragraph opened, and one
that is mostly a direct quote with nobody named. Flags line up with
:func:`broadsheet.summarize.split_sentences` so ``sentence_index`` keeps pointing at the text.
"""

from __future__ import annotations

import re

from broadsheet.summarize._sentences import split_sentences

_ATTRIBUTION = re.compile(r"^\s*[—–-]{1,2}\s*\S.*\(@\w{1,30}\)", re.M)
_SOCIAL = re.compile(r"(?:^|\s)[@#]\w{2,}|pic\.twitter\.com/|\bt\.co/|instagram\.com/p/")
_CAPTION = re.compile(
    r"^\s*(?:image caption|image copyright|photo(?:graph)?|picture|pictured|caption|credit|"
    r"watch|video|listen|graphic|map|file photo|above|top|main image)\s*[:|–—-]",
    re.I,
)
_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:photo|image|picture|credit|file)\b[^()]*|[^()]*/\s*(?:getty|ap|afp|"
    r"reuters|pa|shutterstock|alamy|epa|bloomberg|ap photo)[^()]*)\)\s*$|"
    r"\b(?:getty images|ap photo|afp via getty|shutterstock|pa wire|pa media|reuters/)\b",
    re.I,
)
_BYLINE = re.compile(
    r"^\s*(?:by|written by|reporting by|editing by|additional reporting by|words by|"
    r"updated|published|last (?:updated|modified)|posted|first published)\b[^.!?]{0,80}$",
    re.I,
)
_BOILERPLATE = re.compile(
    r"\b(?:sign up|subscribe|newsletter|click here|read more|follow us|follow (?:him|her) on|"
    r"all rights reserved|copyright \d{4}|©|contributed to this report|this story (?:has been|was) "
    r"updated|this article (?:originally )?appeared|advertisement|listen to this article|"
    r"share this (?:article|story)|download the app|related coverage|related:|recommended:|"
    r"terms of (?:use|service)|privacy policy)",
    re.I,
)
# "BAGHDAD —", "WASHINGTON (AP) —", "LONDON, Jan 5 (Reuters) -": a place and wire before the news.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\- ]{1,40}[A-Z.](?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][a-z]+)*)?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([A-Za-z .&]{1,30}\))?\s*[—–-]{1,2}\s+|"
    r"[A-Z][A-Za-z .]{1,30},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\((?:Reuters|AP|AFP)\)\s*[—–-]{1,2}\s+)"
)
_DOUBLE_OPEN, _DOUBLE_CLOSE = "“", "”"
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(—–\-\[]))['‘](?=[\w…])")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])['’](?=[\s.,;:!?)\]—–-]|$)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?:^|(?<=[\s(—–-]))[‘'][^‘’']+[’'](?=[\s.,;:!?)]|$)")
QUOTED_SHARE = 0.5  # a sentence more than half inside quotation marks is a quote, not the news
_SAYS = re.compile(
    r"\b(?:said|says|told|added|asked|wrote|tweeted|posted|argued|insisted|warned|claimed|"
    r"according to|stated|explained|noted)\b",
    re.I,
)


def strip_dateline(sentence: str) -> str:
    """``sentence`` without a leading dateline ("BAGHDAD — ", "LONDON (Reuters) - ")."""
    stripped = _DATELINE.sub("", sentence, count=1)
    return stripped if stripped and stripped[0].isupper() else sentence


def open_quotes(sentence: str) -> int:
    """Quotation marks ``sentence`` opens minus those it closes (positive: a quote runs on)."""
    doubles = sentence.count(_DOUBLE_OPEN) - sentence.count(_DOUBLE_CLOSE)
    straight = sentence.count('"') % 2
    singles = len(_SINGLE_OPEN.findall(sentence)) - len(_SINGLE_CLOSE.findall(sentence))
    return doubles + straight + max(singles, 0)


def quotes_balanced(sentence: str) -> bool:
    """Whether every quotation mark the sentence opens it also closes, and the reverse."""
    if sentence.count(_DOUBLE_OPEN) != sentence.count(_DOUBLE_CLOSE):
        return False
    if sentence.count('"') % 2:
        return False
    opens = len(_SINGLE_OPEN.findall(sentence))
    closes = len(_SINGLE_CLOSE.findall(sentence))
    # a close with no open is usually a plural possessive ("drivers' union"); an open is not
    return opens <= closes if opens else True


def quoted_share(sentence: str) -> float:
    """The share of the sentence's characters that sit inside quotation marks."""
    inside = sum(len(m.group(0)) for m in _QUOTED.finditer(sentence))
    return inside / max(len(sentence), 1)


def _embed_paragraphs(paragraphs: list[str]) -> set[int]:
    out: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        lines = [line for line in paragraph.strip().splitlines() if line.strip()]
        if not lines or not _ATTRIBUTION.match(lines[-1]):
            continue
        out.add(i)
        j = i - 1
        while j >= 0 and j not in out and _SOCIAL.search(paragraphs[j]):
            out.add(j)  # the post's own lines, which carry its handles and hashtags
            j -= 1
    return out


def _paragraph_ok(paragraph: str) -> bool:
    flat = " ".join(paragraph.split())
    return not (_CAPTION.match(flat) or _BYLINE.match(flat) or _SOCIAL.search(flat))


def sentence_ok(sentence: str) -> bool:
    """Whether one sentence, on its own, reads as the reporter's prose."""
    text = strip_dateline(sentence).strip()
    if not text or not (text[0].isupper() or text[0].isdigit()):
        return False  # a fragment ("and the most we can afford...") or a quote's tail
    if text.endswith((":", ";", ",")) or not quotes_balanced(text):
        return False
    if text[0] in "\"'“‘" or (quoted_share(text) > QUOTED_SHARE and not _SAYS.search(text)):
        return False
    return not (_CREDIT.search(text) or _BYLINE.match(text) or _BOILERPLATE.search(text))


def prose_flags(text: str) -> list[bool]:
    """One flag per ``split_sentences(text)`` sentence: True where it may go in a summary."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    embeds = _embed_paragraphs(paragraphs)
    flags: list[bool] = []
    for i, paragraph in enumerate(paragraphs):
        ok = i not in embeds and _paragraph_ok(paragraph)
        inside = False  # a quotation opened by an earlier sentence of the paragraph runs on
        for sentence in split_sentences(paragraph):
            flags.append(ok and not inside and sentence_ok(sentence))
            balance = open_quotes(sentence)
            if balance > 0:
                inside = True
            elif balance < 0 or (inside and sentence.rstrip().endswith(tuple("”’'\""))):
                inside = False
    return flags
