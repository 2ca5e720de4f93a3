"""JSON round-trip of the summarizer's frozen results, for the cache and for export."""

from __future__ import annotations

from typing import Any

from broadsheet.summarize import (
    Answer,
    Citation,
    Claim,
    Disagreement,
    OutletAddition,
    StorySummary,
    Summary,
    SummarySentence,
)

__all__ = ["answer_from", "dump", "sentences_from", "story_from", "summary_from"]


def dump(value: Any) -> Any:
    """Plain JSON data (dicts, lists) for any summarizer result."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: dump(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (tuple, list)):
        return [dump(v) for v in value]
    return value


def _citation(data: dict[str, Any]) -> Citation:
    return Citation(int(data["article_id"]), int(data["sentence_index"]), data["text"])


def sentences_from(data: list[dict[str, Any]]) -> tuple[SummarySentence, ...]:
    """Summary sentences from their JSON form."""
    return tuple(
        SummarySentence(s["text"], tuple(_citation(c) for c in s["citations"])) for s in data
    )


def summary_from(data: dict[str, Any]) -> Summary:
    """A Summary from its JSON form."""
    return Summary(sentences_from(data["sentences"]), data["method"], data.get("note", ""))


def story_from(data: dict[str, Any]) -> StorySummary:
    """A StorySummary from its JSON form."""
    return StorySummary(
        what_happened=sentences_from(data["what_happened"]),
        outlet_additions=tuple(
            OutletAddition(a["outlet"], sentences_from(a["sentences"]))
            for a in data["outlet_additions"]
        ),
        disagreements=tuple(
            Disagreement(
                d["fact"],
                tuple(
                    Claim(c["outlet"], c["value"], _citation(c["citation"])) for c in d["claims"]
                ),
            )
            for d in data["disagreements"]
        ),
        method=data["method"],
        note=data.get("note", ""),
    )


def answer_from(data: dict[str, Any]) -> Answer:
    """An Answer from its JSON form."""
    return Answer(
        data["question"],
        sentences_from(data["sentences"]),
        bool(data["supported"]),
        data["method"],
        data.get("note", ""),
    )
