"""Results of the story engine: placements with explanations and related articles."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Explanation:
    """Why an article joined a story (or started one): the score against the threshold and why."""

    score: float
    threshold: float
    candidate: int | None  # best existing story considered (None: no candidate shared a key)
    shared_entities: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()
    hours_apart: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    method: str = "engine"  # engine | staff | duplicate
    linked: bool = True  # False: the best story's centroid matched but not its recent articles

    def text(self) -> str:
        """Return the explanation as one plain sentence."""
        if self.method == "staff":
            return "placed here by staff"
        if self.method == "duplicate":
            return "a copy of an article already in this story"
        why = []
        if self.shared_entities:
            why.append("shared entities: " + ", ".join(self.shared_entities))
        if self.shared_terms:
            why.append("shared terms: " + ", ".join(self.shared_terms))
        if self.candidate is not None:
            why.append(f"{self.hours_apart:.0f} h apart")
        if not self.linked:
            why.append("too far from its recent articles")
        detail = f" ({'; '.join(why)})" if why else ""
        verdict = (
            "joined"
            if self.score >= self.threshold and self.linked
            else "started a new story; best match"
        )
        if self.candidate is None:
            return "started a new story: no active story shares its terms or entities"
        return f"{verdict} story {self.candidate}: score {self.score:.2f} vs threshold {self.threshold:.2f}{detail}"


@dataclass(frozen=True)
class RelatedHit:
    """Another article worth reading next, with a score and a reason a reader understands."""

    article_id: int
    score: float
    reason: str


@dataclass(frozen=True)
class Split:
    """A story the engine cut in two: ``moved`` articles left ``story_id`` for ``new_story_id``."""

    story_id: int  # keeps its ID (the larger part, or the part holding staff-pinned articles)
    new_story_id: int
    moved: tuple[int, ...]
    kept: tuple[int, ...]  # the examined articles that stayed (older members stay too)
    score: float  # average similarity between the two parts
    threshold: float
    kept_about: tuple[str, ...] = ()
    moved_about: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    cohesion: tuple[float, float] = (0.0, 0.0)  # average similarity inside (kept, moved)

    def text(self) -> str:
        """Return the split as one plain sentence."""
        kept = " / ".join(self.kept_about) or "one thing"
        moved = " / ".join(self.moved_about) or "another"
        shared = (
            ("share only " + ", ".join(self.shared)) if self.shared else "share nothing notable"
        )
        return (
            f"split: the articles about {kept} (story {self.story_id}) and those about {moved} "
            f"(story {self.new_story_id}) {shared}, score {self.score:.2f} < threshold "
            f"{self.threshold:.2f}"
        )


@dataclass(frozen=True)
class Placement:
    """Where one article went: its story, whether that story is new, stories merged into it."""

    article_id: int
    story_id: int
    created: bool
    explanation: Explanation
    merged: tuple[int, ...] = ()
    related: tuple[RelatedHit, ...] = ()
    headline_id: int = 0  # the story's most representative article after this placement
    splits: tuple[Split, ...] = ()  # stories cut in two after this article arrived
