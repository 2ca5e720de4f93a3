"""Streaming story clustering (after Miranda et al. 2018) with bounded per-article cost.

Each article is compared only with *candidate* stories found through an inverted index on its
heaviest terms and entities (postings capped, most recent stories kept; a story's hits are the
article's weights of the keys it shares, so rare words count most), among the *active*
stories (updated within ``window_days`` of the newest article seen). Its similarity to a story is
a weighted sum of cosines (body+lead+title TF-IDF, title TF-IDF, entity TF-IDF) damped by the
time between the article and the story. Above ``threshold`` it joins the best story (above
``clear_threshold`` when no other story comes close), otherwise it starts one; if a second
story also clears ``merge_threshold`` both stories merge (the larger keeps its ID). Staff pins
override the engine.

After an article joins a story of at least ``split_min_size`` articles, the story's
``split_window`` most recent articles are bisected (2-means on the article-to-article version of
the same score, average linkage); if the two parts' average cross similarity is below
``split_threshold`` while each part is internally coherent (average similarity inside each part
>= ``split_cohesion``), the story is split: the larger part keeps its ID, the smaller gets a new
story. Staff-pinned articles never leave their story: the part holding them stays, and if both
parts hold pinned articles nothing is split.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import count

from broadsheet.cluster._features import BODY_TERMS, Features, is_figure
from broadsheet.cluster._related import RelatedIndex
from broadsheet.cluster._types import Explanation, Placement, Split
from broadsheet.cluster._vectors import Centroid, DocFreq, Vector, dot

DAY = 86400.0


@dataclass(frozen=True)
class Settings:
    """Tuned on the labelled story sets by ``benchmarks/story_eval.py`` (see docs/stories.md)."""

    threshold: float = 0.20
    merge_threshold: float = 0.45
    # Entities weigh least: unrelated stories of one busy week share people and places, while
    # the same event shares its wording and its headline's words (dense B-cubed, docs/stories.md).
    w_body: float = 0.55
    w_title: float = 0.30
    w_entities: float = 0.15
    time_scale_days: float = 0.5
    time_grace_hours: float = 48.0
    window_days: float = 7.0
    related_days: float = 14.0
    candidate_keys: int = 20
    postings_cap: int = 64
    candidates: int = 14  # ranked by the weights of the shared keys (20 scored no better)
    related_limit: int = 10
    split_threshold: float = 0.20  # 0 disables automatic splitting
    split_cohesion: float = 0.20
    split_min_size: int = 4
    split_min_part: int = 2
    split_window: int = 24
    # Also required: the average join score to the story's ``link_members`` most recent members
    # (0: the centroid alone decides). A big story's centroid matches a whole topic.
    link_threshold: float = 0.12
    link_members: int = 16
    # A short article (under ``clear_terms`` body words, e.g. a feed excerpt) joins a clear
    # winner at ``clear_threshold``: the runner-up story scores under ``clear_ratio`` of the
    # best (0 threshold: always ``threshold``). A full article's weak match is weak evidence.
    clear_threshold: float = 0.14
    clear_ratio: float = 0.5
    clear_terms: int = BODY_TERMS  # a full article fills its body vector with words


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
    sims: dict[tuple[int, int], float] = field(default_factory=dict)  # pair cache for splits

    def add(self, doc: _Doc) -> None:
        self.body.add(doc.body)
        self.title.add(doc.title)
        self.ents.add(doc.ents)
        self.first, self.last = min(self.first, doc.published), max(self.last, doc.published)
        self.members.append(doc.id)


class StoryEngine:
    """Places articles into stories one at a time; memory and cost bounded by the active window."""

    def __init__(
        self, settings: Settings | None = None, new_id: Callable[[], int] | None = None
    ) -> None:
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
        self.fixed: set[int] = set()  # articles staff pinned: never split away from their story
        self._fixed_cap = 256

    # -- public -------------------------------------------------------------------------------
    def place(
        self,
        article_id: int,
        feats: Features,
        pin: int | None = None,
        with_related: bool = True,
        fixed: bool = False,
    ) -> Placement:
        """Assign one article to a story (``pin``: the story staff chose) and explain why.

        ``fixed``: the pin is a staff decision, so no automatic split may move the article.
        Only articles the engine places itself (no ``pin``) can trigger a split of their story.
        """
        doc = self._doc(article_id, feats)
        if fixed:
            self.fixed.add(article_id)
        self.now = max(self.now, doc.published)
        self._expire()
        if pin is not None:
            story, created = self._story_for_pin(pin)
            expl = Explanation(1.0, self.settings.threshold, story.id, method="staff")
            merged: tuple[int, ...] = ()
        else:
            story, created, expl, merged = self._choose(doc)
        self._join(story, doc)
        splits: tuple[Split, ...] = ()
        if pin is None:
            cut = self._maybe_split(story)
            splits = (cut,) if cut else ()
        story = self.stories[doc.story]
        related = (
            self.related.find(
                doc,
                self.docs,
                self.settings.related_limit,
                lambda a, b: self.resolve(a) == self.resolve(b),
            )
            if with_related
            else ()
        )
        self.related.add(doc)
        return Placement(
            article_id, story.id, created, expl, merged, related, self.headline(story.id), splits
        )

    def follow(self, article_id: int, feats: Features, story_id: int, fixed: bool = False) -> None:
        """Record an article already placed (e.g. a duplicate) so the state matches storage."""
        self.place(article_id, feats, pin=story_id, with_related=False, fixed=fixed)

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
        return max(
            docs,
            key=lambda d: (story.body.cosine(d.body) + story.title.cosine(d.title), -d.published),
        ).id

    def active_stories(self) -> Iterator[tuple[int, list[int]]]:
        """Yield each active story ID with its member article IDs."""
        for sid, story in self.stories.items():
            yield sid, list(story.members)

    # -- internals ----------------------------------------------------------------------------
    def _doc(self, article_id: int, f: Features) -> _Doc:
        self.terms.add(f.body)
        self.ents.add(f.entities)
        doc = _Doc(
            article_id,
            self.terms.weigh(f.body),
            self.terms.weigh(f.title),
            self.ents.weigh(f.entities),
            f.names,
            f.published,
        )
        self.docs[article_id] = doc
        return doc

    def _keys(self, doc: _Doc) -> list[str]:
        n = self.settings.candidate_keys
        body = sorted(doc.body, key=lambda k: -doc.body[k])[:n]
        ents = sorted(doc.ents, key=lambda k: -doc.ents[k])[: n // 2]
        return [f"t:{k}" for k in body] + [f"e:{k}" for k in ents]

    def _candidates(self, doc: _Doc) -> list[_Story]:
        """The active stories sharing the most of the article's keys, each key counted by its
        weight in the article (a rare word outweighs a name every story of the week holds)."""
        hits: dict[int, float] = {}
        for key in self._keys(doc):
            weight = doc.body[key[2:]] if key[0] == "t" else doc.ents[key[2:]]
            for sid in self._postings.get(key, ()):
                if sid in self.stories:  # postings keep stories that aged out or merged
                    hits[sid] = hits.get(sid, 0.0) + weight
        best = heapq.nlargest(self.settings.candidates, hits, key=lambda sid: hits[sid])
        return [self.stories[s] for s in best]

    def _hours(self, doc: _Doc, story: _Story) -> float:
        if story.first <= doc.published <= story.last:
            return 0.0
        return min(abs(doc.published - story.first), abs(doc.published - story.last)) / 3600

    def _score(self, doc: _Doc, story: _Story) -> tuple[float, dict[str, float]]:
        s = self.settings
        parts = {
            "body": story.body.cosine(doc.body),
            "title": story.title.cosine(doc.title),
            "entities": story.ents.cosine(doc.ents),
        }
        raw = (
            s.w_body * parts["body"] + s.w_title * parts["title"] + s.w_entities * parts["entities"]
        )
        late = max(0.0, self._hours(doc, story) - s.time_grace_hours)
        decay = math.exp(-late / (24 * s.time_scale_days))
        parts["time_factor"] = decay
        return raw * decay, parts

    def _choose(self, doc: _Doc) -> tuple[_Story, bool, Explanation, tuple[int, ...]]:
        s = self.settings
        scored = sorted(
            ((self._score(doc, st), st) for st in self._candidates(doc)), key=lambda x: -x[0][0]
        )
        if not scored:
            return self._new_story(), True, Explanation(0.0, s.threshold, None), ()
        (score, parts), best = scored[0]
        bar = self._bar(doc, [sc for (sc, _), _ in scored[:2]])
        expl = self._explain(doc, best, score, parts, bar)
        if score < bar:
            return self._new_story(), True, expl, ()
        if s.link_threshold > 0:  # the centroid is broad: the recent members must agree too
            linked = next(
                (i for i, x in enumerate(scored) if x[0][0] >= bar and self._linked(doc, x[1])),
                None,
            )
            if linked is None:
                parts = expl.parts | {"link": round(self._link(doc, best)[0], 4)}
                return self._new_story(), True, replace(expl, parts=parts, linked=False), ()
            (score, parts), best = scored[linked]
            expl = self._explain(doc, best, score, parts, bar)
            after = scored[linked + 1 :]
            rest = [x for x in after if x[0][0] >= s.merge_threshold and self._linked(doc, x[1])]
            scored = [scored[linked], *rest[:2]]
        merged = tuple(st.id for (sc, _), st in scored[1:3] if sc >= s.merge_threshold)
        if merged and score >= s.merge_threshold:
            best = self._merge([best, *(self.stories[m] for m in merged)])
            merged = tuple(m for m in (scored[0][1].id, *merged) if m != best.id)
        else:
            merged = ()
        return best, False, expl, merged

    def _bar(self, doc: _Doc, top: list[float]) -> float:
        """The score the best candidate needs: lower for a short article (fewer body terms than
        ``clear_terms``: an excerpt shares fewer words with its event) that comes close to no
        other story (the runner-up scores under ``clear_ratio`` of the best), since an article
        that only shares a busy week's people and places is close to several."""
        s = self.settings
        runner = top[1] if len(top) > 1 else 0.0
        if s.clear_threshold <= 0 or runner >= s.clear_ratio * top[0]:
            return s.threshold
        if sum(1 for k in doc.body if not is_figure(k)) >= s.clear_terms:
            return s.threshold
        return min(s.threshold, s.clear_threshold)

    def _explain(
        self, doc: _Doc, story: _Story, score: float, parts: dict[str, float], bar: float
    ) -> Explanation:
        ents = sorted(
            (k for k in doc.ents if k in story.ents.total),
            key=lambda k: -doc.ents[k] * story.ents.total[k],
        )[:4]
        terms = sorted(
            (k for k in doc.body if k in story.body.total),
            key=lambda k: -doc.body[k] * story.body.total[k],
        )[:5]
        return Explanation(
            round(score, 4),
            bar,
            story.id,
            tuple(doc.names.get(e, e) for e in ents),
            tuple(terms),
            round(self._hours(doc, story), 1),
            {k: round(v, 4) for k, v in parts.items()},
        )

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
        self._index(story, doc)

    def _index(self, story: _Story, doc: _Doc) -> None:
        cap = self.settings.postings_cap
        for key in self._keys(doc):
            posting = self._postings.setdefault(key, {})
            posting.pop(story.id, None)
            posting[story.id] = None
            if len(posting) > cap:
                del posting[next(iter(posting))]

    def _link(self, doc: _Doc, story: _Story) -> tuple[float, dict[tuple[int, int], float]]:
        """Average join score between the article and the story's most recent members, with
        the pairs scored (the split check after a join needs the same pairs)."""
        recent = story.members[-self.settings.link_members :]
        pairs: dict[tuple[int, int], float] = {}
        for m in recent:
            if m in self.docs:
                known = story.sims.get((m, doc.id))
                pairs[(m, doc.id)] = known if known is not None else self._pair(doc, self.docs[m])
        return (sum(pairs.values()) / len(pairs) if pairs else 1.0), pairs

    def _linked(self, doc: _Doc, story: _Story) -> bool:
        """Whether the article is close enough to the story's recent members on average; the
        pairs of a story it may join are kept for that story's split check."""
        score, pairs = self._link(doc, story)
        if score < self.settings.link_threshold:
            return False
        story.sims.update(pairs)
        return True

    # -- automatic splits -----------------------------------------------------------------------
    def _pair(self, a: _Doc, b: _Doc) -> float:
        """The join score between two articles (the same weights and time damping as article-story)."""
        s = self.settings
        raw = (
            s.w_body * dot(a.body, b.body)
            + s.w_title * dot(a.title, b.title)
            + s.w_entities * dot(a.ents, b.ents)
        )
        late = max(0.0, abs(a.published - b.published) / 3600 - s.time_grace_hours)
        return raw * math.exp(-late / (24 * s.time_scale_days))

    def _maybe_split(self, story: _Story) -> Split | None:
        """Bisect the story's most recent articles; split it when the two parts barely meet."""
        s = self.settings
        if s.split_threshold <= 0 or len(story.members) < s.split_min_size:
            return None
        docs = [self.docs[m] for m in story.members[-s.split_window :] if m in self.docs]
        n = len(docs)
        if n < s.split_min_size:
            return None
        cache: dict[tuple[int, int], float] = {}
        sim = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                key = (docs[i].id, docs[j].id)
                value = story.sims.get(key)
                if value is None:
                    value = self._pair(docs[i], docs[j])
                cache[key] = sim[i][j] = sim[j][i] = value
        story.sims = cache  # only pairs of the examined window are kept
        groups = _bisect(sim)
        if groups is None:
            return None
        a, b = groups
        if min(len(a), len(b)) < s.split_min_part:
            return None
        cross = sum(sim[i][j] for i in a for j in b) / (len(a) * len(b))
        coh_a, coh_b = _inside(sim, a), _inside(sim, b)
        if cross >= s.split_threshold or min(coh_a, coh_b) < s.split_cohesion:
            return None
        # the smaller part moves (ties: the part whose first article is later); pins never move
        move, keep = (b, a) if (len(b), -b[0]) < (len(a), -a[0]) else (a, b)
        if any(docs[i].id in self.fixed for i in move):
            if any(docs[i].id in self.fixed for i in keep):
                return None
            move, keep = keep, move
        kept_docs, moved_docs = [docs[i] for i in keep], [docs[i] for i in move]
        new = self._new_story()
        for doc in moved_docs:
            story.body.remove(doc.body)
            story.title.remove(doc.title)
            story.ents.remove(doc.ents)
            story.members.remove(doc.id)
            new.add(doc)
            doc.story = new.id
            self._index(new, doc)
        left = [self.docs[m].published for m in story.members if m in self.docs]
        if left:
            story.first, story.last = min(left), max(left)
        story.sims = {
            k: v for k, v in story.sims.items() if k[0] in story.members and k[1] in story.members
        }
        for st in (story, new):
            heapq.heappush(self._ages, (st.last, st.id))
        kept_about, moved_about, shared = _describe(kept_docs, moved_docs)
        return Split(
            story.id,
            new.id,
            tuple(d.id for d in moved_docs),
            tuple(d.id for d in kept_docs),
            round(cross, 4),
            s.split_threshold,
            kept_about,
            moved_about,
            shared,
            (round(_inside(sim, keep), 4), round(_inside(sim, move), 4)),
        )

    def _merge(self, group: list[_Story]) -> _Story:
        survivor = max(group, key=lambda st: (len(st.members), -st.id))
        for other in group:
            if other is survivor:
                continue
            survivor.body.absorb(other.body)
            survivor.title.absorb(other.title)
            survivor.ents.absorb(other.ents)
            survivor.first, survivor.last = (
                min(survivor.first, other.first),
                max(survivor.last, other.last),
            )
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
        if len(self.fixed) > self._fixed_cap:  # forget pins of articles no longer in memory
            self.fixed &= self.docs.keys()
            self._fixed_cap = max(256, 2 * len(self.fixed))


def _inside(sim: list[list[float]], group: list[int]) -> float:
    """Average similarity of the pairs inside a group (1.0 for a single article)."""
    pairs = [(i, j) for x, i in enumerate(group) for j in group[x + 1 :]]
    return sum(sim[i][j] for i, j in pairs) / len(pairs) if pairs else 1.0


def _bisect(sim: list[list[float]]) -> tuple[list[int], list[int]] | None:
    """Two groups by 2-means under average linkage, seeded by the least similar pair (deterministic)."""
    n = len(sim)
    seed_a, seed_b = min(
        ((i, j) for i in range(n) for j in range(i + 1, n)), key=lambda p: sim[p[0]][p[1]]
    )
    side = [0 if sim[k][seed_a] >= sim[k][seed_b] else 1 for k in range(n)]
    side[seed_a], side[seed_b] = 0, 1
    for _ in range(8):
        changed = False
        for k in range(n):
            totals, sizes = [0.0, 0.0], [0, 0]
            for m in range(n):
                if m != k:
                    totals[side[m]] += sim[k][m]
                    sizes[side[m]] += 1
            if sizes[side[k]] == 0:  # the last member of its group stays
                continue
            means = [totals[g] / sizes[g] if sizes[g] else -1.0 for g in (0, 1)]
            want = 0 if means[0] >= means[1] else 1
            if want != side[k]:
                side[k], changed = want, True
        if not changed:
            break
    a = [k for k in range(n) if side[k] == 0]
    b = [k for k in range(n) if side[k] == 1]
    return (a, b) if a and b else None


def _describe(
    kept: list[_Doc], moved: list[_Doc]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Words for a split: what each part is about (entities, else terms) and what they share."""

    def total(docs: list[_Doc], attr: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for d in docs:
            for k, v in getattr(d, attr).items():
                out[k] = out.get(k, 0.0) + v / len(docs)
        return out

    names: dict[str, str] = {}
    for d in (*kept, *moved):
        for k, v in d.names.items():
            names.setdefault(k, v)

    def about(
        mine: dict[str, float],
        other: dict[str, float],
        words: dict[str, float],
        other_words: dict[str, float],
    ) -> tuple[str, ...]:
        picked: list[str] = []
        for pool, rest in ((mine, other), (words, other_words)):
            for k in sorted(pool, key=lambda k: (-(pool[k] - rest.get(k, 0.0)), k)):
                if len(picked) == 2 or pool[k] <= rest.get(k, 0.0):
                    break
                name = names.get(k, k)
                if not any(name.lower() in p.lower() or p.lower() in name.lower() for p in picked):
                    picked.append(name)
        return tuple(picked[:2])

    ke, me, kb, mb = (
        total(kept, "ents"),
        total(moved, "ents"),
        total(kept, "body"),
        total(moved, "body"),
    )
    shared_keys = sorted((k for k in ke if k in me), key=lambda k: (-min(ke[k], me[k]), k))[:2]
    shared_keys += sorted((k for k in kb if k in mb), key=lambda k: (-min(kb[k], mb[k]), k))[
        : 3 - len(shared_keys)
    ]
    return about(ke, me, kb, mb), about(me, ke, mb, kb), tuple(names.get(k, k) for k in shared_keys)
