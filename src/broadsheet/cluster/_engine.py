"""Streaming story clustering (after Miranda et al. 2018) with bounded per-article cost.

Each article is compared only with *candidate* stories found through an inverted index on its
heaviest terms and entities (postings capped, most recent stories kept), among the *active*
stories (updated within ``window_days`` of the newest article seen). Its similarity to a story is
a weighted sum of cosines (body+lead+title TF-IDF, title TF-IDF, entity TF-IDF) damped by the
time between the article and the story. Above ``threshold`` it joins the best story, otherwise
it starts one; if a second story also clears ``merge_threshold`` both stories merge (the larger
keeps its ID). Staff pins override the engine.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

from broadsheet.cluster._features import Features
from broadsheet.cluster._related import RelatedIndex
from broadsheet.cluster._types import Explanation, Placement
from broadsheet.cluster._vectors import Centroid, DocFreq, Vector

DAY = 86400.0


@dataclass(frozen=True)
class Settings:
    """Tuned on the labelled story sets by ``benchmarks/story_eval.py`` (see docs/stories.md)."""

    threshold: float = 0.20
    merge_threshold: float = 0.35
    w_body: float = 0.5
    w_title: float = 0.15
    w_entities: float = 0.35
    time_scale_days: float = 2.0
    time_grace_hours: float = 48.0
    window_days: float = 7.0
    related_days: float = 14.0
    candidate_keys: int = 20
    postings_cap: int = 64
    candidates: int = 20
    related_limit: int = 10


@dataclass
class _Doc:
    id: int
    body: Vector
    title: Vector
    ents: Vector
    names: dict[str, str]
    published: float
    story: int = 0


@dataclass
class _Story:
    id: int
    body: Centroid = field(default_factory=Centroid)
    title: Centroid = field(default_factory=Centroid)
    ents: Centroid = field(default_factory=Centroid)
    first: float = math.inf
    last: float = -math.inf
    members: list[int] = field(default_factory=list)

    def add(self, doc: _Doc) -> None:
        self.body.add(doc.body)
        self.title.add(doc.title)
        self.ents.add(doc.ents)
        self.first, self.last = min(self.first, doc.published), max(self.last, doc.published)
        self.members.append(doc.id)


class StoryEngine:
    """Places articles into stories one at a time; memory and cost bounded by the active window."""

    def __init__(self, settings: Settings | None = None,
                 new_id: Callable[[], int] | None = None) -> None:
        self.settings = settings or Settings()
        self._new_id = new_id or count(1).__next__
        self.terms = DocFreq()
        self.ents = DocFreq()
        self.stories: dict[int, _Story] = {}
        self.docs: dict[int, _Doc] = {}
        self.redirects: dict[int, int] = {}
        self._postings: dict[str, dict[int, None]] = {}
        self._ages: list[tuple[float, int]] = []
        self.now = -math.inf
        self.related = RelatedIndex(self.settings.postings_cap * 3)

    # -- public -------------------------------------------------------------------------------
    def place(self, article_id: int, feats: Features, pin: int | None = None,
              with_related: bool = True) -> Placement:
        """Assign one article to a story (``pin``: the story staff chose) and explain why."""
        doc = self._doc(article_id, feats)
        self.now = max(self.now, doc.published)
        self._expire()
        if pin is not None:
            story, created = self._story_for_pin(pin)
            expl = Explanation(1.0, self.settings.threshold, story.id, method="staff")
            merged: tuple[int, ...] = ()
        else:
            story, created, expl, merged = self._choose(doc)
        self._join(story, doc)
        related = (self.related.find(doc, self.docs, self.settings.related_limit,
                                     lambda a, b: self.resolve(a) == self.resolve(b))
                   if with_related else ())
        self.related.add(doc)
        return Placement(article_id, story.id, created, expl, merged, related, self.headline(story.id))

    def follow(self, article_id: int, feats: Features, story_id: int) -> None:
        """Record an article already placed (e.g. a duplicate) so the state matches storage."""
        self.place(article_id, feats, pin=story_id, with_related=False)

    def story_of(self, article_id: int) -> int | None:
        """Return the active story an article is in, if it is still in the window."""
        doc = self.docs.get(article_id)
        return self.resolve(doc.story) if doc else None

    def resolve(self, story_id: int) -> int:
        """Follow merge redirects to the surviving story ID."""
        while story_id in self.redirects:
            story_id = self.redirects[story_id]
        return story_id

    def headline(self, story_id: int) -> int:
        """Return the member whose title and body are closest to the story's centre."""
        story = self.stories.get(self.resolve(story_id))
        if story is None or not story.members:
            return 0
        docs = [self.docs[m] for m in story.members[-50:] if m in self.docs]
        if not docs:
            return story.members[0]
        return max(docs, key=lambda d: (story.body.cosine(d.body) + story.title.cosine(d.title),
                                        -d.published)).id

    def active_stories(self) -> Iterator[tuple[int, list[int]]]:
        """Yield each active story ID with its member article IDs."""
        for sid, story in self.stories.items():
            yield sid, list(story.members)

    # -- internals ----------------------------------------------------------------------------
    def _doc(self, article_id: int, f: Features) -> _Doc:
        self.terms.add(f.body)
        self.ents.add(f.entities)
        doc = _Doc(article_id, self.terms.weigh(f.body), self.terms.weigh(f.title),
                   self.ents.weigh(f.entities), f.names, f.published)
        self.docs[article_id] = doc
        return doc

    def _keys(self, doc: _Doc) -> list[str]:
        n = self.settings.candidate_keys
        body = sorted(doc.body, key=lambda k: -doc.body[k])[:n]
        ents = sorted(doc.ents, key=lambda k: -doc.ents[k])[: n // 2]
        return [f"t:{k}" for k in body] + [f"e:{k}" for k in ents]

    def _candidates(self, doc: _Doc) -> list[_Story]:
        hits: dict[int, int] = {}
        for key in self._keys(doc):
            for sid in self._postings.get(key, ()):
                hits[sid] = hits.get(sid, 0) + 1
        best = sorted(hits, key=lambda s: -hits[s])[: self.settings.candidates]
        return [self.stories[s] for s in best if s in self.stories]

    def _hours(self, doc: _Doc, story: _Story) -> float:
        if story.first <= doc.published <= story.last:
            return 0.0
        return min(abs(doc.published - story.first), abs(doc.published - story.last)) / 3600

    def _score(self, doc: _Doc, story: _Story) -> tuple[float, dict[str, float]]:
        s = self.settings
        parts = {"body": story.body.cosine(doc.body), "title": story.title.cosine(doc.title),
                 "entities": story.ents.cosine(doc.ents)}
        raw = s.w_body * parts["body"] + s.w_title * parts["title"] + s.w_entities * parts["entities"]
        late = max(0.0, self._hours(doc, story) - s.time_grace_hours)
        decay = math.exp(-late / (24 * s.time_scale_days))
        parts["time_factor"] = decay
        return raw * decay, parts

    def _choose(self, doc: _Doc) -> tuple[_Story, bool, Explanation, tuple[int, ...]]:
        s = self.settings
        scored = sorted(((self._score(doc, st), st) for st in self._candidates(doc)),
                        key=lambda x: -x[0][0])
        if not scored:
            return self._new_story(), True, Explanation(0.0, s.threshold, None), ()
        (score, parts), best = scored[0]
        expl = self._explain(doc, best, score, parts)
        if score < s.threshold:
            return self._new_story(), True, expl, ()
        merged = tuple(st.id for (sc, _), st in scored[1:3] if sc >= s.merge_threshold)
        if merged and score >= s.merge_threshold:
            best = self._merge([best, *(self.stories[m] for m in merged)])
            merged = tuple(m for m in (scored[0][1].id, *merged) if m != best.id)
        else:
            merged = ()
        return best, False, expl, merged

    def _explain(self, doc: _Doc, story: _Story, score: float, parts: dict[str, float]) -> Explanation:
        ents = sorted((k for k in doc.ents if k in story.ents.total),
                      key=lambda k: -doc.ents[k] * story.ents.total[k])[:4]
        terms = sorted((k for k in doc.body if k in story.body.total),
                       key=lambda k: -doc.body[k] * story.body.total[k])[:5]
        return Explanation(round(score, 4), self.settings.threshold, story.id,
                           tuple(doc.names.get(e, e) for e in ents), tuple(terms),
                           round(self._hours(doc, story), 1), {k: round(v, 4) for k, v in parts.items()})

    def _new_story(self, story_id: int | None = None) -> _Story:
        story = _Story(story_id if story_id is not None else self._new_id())
        self.stories[story.id] = story
        return story

    def _story_for_pin(self, pin: int) -> tuple[_Story, bool]:
        sid = self.resolve(pin)
        if sid in self.stories:
            return self.stories[sid], False
        return self._new_story(sid), True

    def _join(self, story: _Story, doc: _Doc) -> None:
        story.add(doc)
        doc.story = story.id
        heapq.heappush(self._ages, (story.last, story.id))
        cap = self.settings.postings_cap
        for key in self._keys(doc):
            posting = self._postings.setdefault(key, {})
            posting.pop(story.id, None)
            posting[story.id] = None
            if len(posting) > cap:
                del posting[next(iter(posting))]

    def _merge(self, group: list[_Story]) -> _Story:
        survivor = max(group, key=lambda st: (len(st.members), -st.id))
        for other in group:
            if other is survivor:
                continue
            survivor.body.absorb(other.body)
            survivor.title.absorb(other.title)
            survivor.ents.absorb(other.ents)
            survivor.first, survivor.last = min(survivor.first, other.first), max(survivor.last, other.last)
            survivor.members.extend(other.members)
            for m in other.members:
                if m in self.docs:
                    self.docs[m].story = survivor.id
            self.redirects[other.id] = survivor.id
            del self.stories[other.id]
        return survivor

    def _expire(self) -> None:
        horizon = self.now - self.settings.window_days * DAY
        while self._ages and self._ages[0][0] < horizon:
            last, sid = heapq.heappop(self._ages)
            story = self.stories.get(sid)
            if story is not None and story.last == last:
                del self.stories[sid]
        self.related.expire(self.now - self.settings.related_days * DAY, self.docs)  # type: ignore[arg-type]

