"""Enrich one article: entities, quotes (embedded posts attributed inside the post), hashtags."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from broadsheet.extract import find_text_embeds

from ._analysis import Analysis, analyse
from ._hashtags import choose, key_phrases
from ._indirect import find_indirect
from ._marks import Marked, find_marked, paragraphs
from ._merge import tidy_quotes
from ._model import parse_texts
from ._names import display_name
from ._quotes import find_quotes
from ._types import KINDS, EmbedLink, Enrichment, Entity

# one article to enrich: its title, its text and its embedded posts (None: found in the text)
ArticleText = tuple[str, str, Sequence[Mapping[str, Any]] | None]

_QUOTED_LINE = re.compile(r"^\s*[\"'“‘].{2,280}[\"'”’]\s*$", re.DOTALL)


def entities_of(analysis: Analysis) -> tuple[Entity, ...]:
    """The article's entities under canonical names, most mentioned first."""
    out = []
    for (name, kind), count in analysis.counts.items():
        if kind not in KINDS or not name:
            continue
        if kind == "person" and name in analysis.people:
            display = display_name(analysis.people[name])
            aliases = tuple(sorted(analysis.people[name].displays))
        else:
            forms = analysis.displays.get((name, kind)) or {name: 1}
            display, aliases = name, tuple(sorted(forms))
        out.append(Entity(name=name, kind=kind, display=display, count=count, aliases=aliases))
    return tuple(sorted(out, key=lambda e: (-e.count, e.name)))


def embed_scopes(
    text: str, embeds: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int, int | None]]:
    """Character ranges of the article text that belong to each embedded post (by embed index)."""
    paras = paragraphs(text)
    scopes: list[tuple[int, int, int | None]] = []
    for index, embed in enumerate(embeds):
        handle = embed.get("handle")
        if not handle:
            continue
        sig = next((i for i, (s, e) in enumerate(paras) if f"({handle})" in text[s:e]), None)
        if sig is None:
            continue
        lines = [ln for ln in str(embed.get("text") or "").split("\n") if ln.strip()]
        first = max(0, sig - len(lines))
        if first > 0 and _QUOTED_LINE.match(text[paras[first - 1][0] : paras[first - 1][1]]):
            first -= 1
        scopes.append((paras[first][0], paras[sig][1], index))
    return scopes


def _link_embeds(
    embeds: Sequence[Mapping[str, Any]], entities: tuple[Entity, ...]
) -> tuple[EmbedLink, ...]:
    links = []
    for index, embed in enumerate(embeds):
        author = str(embed.get("author") or "")
        match = None
        for entity in entities:
            name = entity.name.lower()
            if author and (
                author.lower() == name
                or author.lower().startswith(name + " ")
                or (len(name.split()) > 1 and name in author.lower())
            ):
                match = entity.name
                break
        links.append(
            EmbedLink(
                index=index,
                handle=embed.get("handle"),
                author=author or None,
                published=embed.get("published"),
                entity=match,
            )
        )
    return tuple(links)


def enrich_article(
    title: str, text: str, embeds: Sequence[Mapping[str, Any]] | None = None
) -> Enrichment:
    """Find the entities, quotes with speakers, hashtags and embedded-post authors of one article."""
    return _enrich(title, text, embeds, analyse(title, text))


def enrich_articles(articles: Sequence[ArticleText]) -> list[Enrichment]:
    """Enrich many articles with one batched parse: the same results as ``enrich_article`` on each."""
    docs = parse_texts([t for title, text, _ in articles for t in (title or "", text)])
    return [
        _enrich(title, text, embeds, analyse(title, text, (docs[2 * i], docs[2 * i + 1])))
        for i, (title, text, embeds) in enumerate(articles)
    ]


def _enrich(
    title: str, text: str, embeds: Sequence[Mapping[str, Any]] | None, analysis: Analysis
) -> Enrichment:
    if embeds is None:
        embeds = [asdict(e) for e in find_text_embeds(text)]
    entities = entities_of(analysis)
    scopes = embed_scopes(text, embeds)
    marks: list[Marked] = find_marked(text)
    quotes = tidy_quotes(
        find_quotes(analysis, scopes) + find_indirect(analysis, marks, scopes),
        text=text,
        people=list(analysis.people),
    )
    quoted = [(m.start, m.end) for m in marks]
    tags = choose(entities, key_phrases([analysis.title_doc, analysis.doc], quoted), title)
    return Enrichment(
        entities=entities,
        quotes=tuple(quotes),
        hashtags=tags,
        embeds=_link_embeds(embeds, entities),
    )


def rename_people(result: Enrichment, names: Mapping[str, str]) -> Enrichment:
    """Return ``result`` with lone-surname people renamed to full names known from other articles."""
    if not names:
        return result
    merged: dict[tuple[str, str], Entity] = {}
    for e in result.entities:
        name = names.get(e.name, e.name) if e.kind == "person" else e.name
        old = merged.get((name, e.kind))
        count = e.count + (old.count if old else 0)
        merged[(name, e.kind)] = replace(
            e, name=name, count=count, display=old.display if old else e.display
        )
    quotes = tuple(
        replace(q, speaker=names.get(q.speaker, q.speaker)) if q.speaker else q
        for q in result.quotes
    )
    embeds = tuple(
        replace(x, entity=names.get(x.entity, x.entity)) if x.entity else x for x in result.embeds
    )
    entities = tuple(sorted(merged.values(), key=lambda e: (-e.count, e.name)))
    return replace(result, entities=entities, quotes=quotes, embeds=embeds)
