"""The summarizer's frozen results as plain JSON data and back, for storing and for export."""

from __future__ import annotations

from typing import Any, Literal

from broadsheet.summarize._types import (
    Answer,
    Citation,
    Claim,
    Disagreement,
    OutletAddition,
    StorySummary,
    Summary,
    SummarySentence,
)

Method = Literal["extractive", "llm"]


def to_json(value: Any) -> Any:
    """Plain JSON data (dicts, lists, strings, numbers) for any summarizer result."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: to_json(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    return value


def _method(data: dict[str, Any]) -> Method:
    return "llm" if data.get("method") == "llm" else "extractive"


def _citation(data: dict[str, Any]) -> Citation:
    return Citation(
        int(data["article_id"]),
        int(data["sentence_index"]),
        data["text"],
        str(data.get("outlet") or ""),
    )


def _sentences(data: list[dict[str, Any]]) -> tuple[SummarySentence, ...]:
    return tuple(
        SummarySentence(s["text"], tuple(_citation(c) for c in s["citations"])) for s in data
    )


def summary_from_json(data: dict[str, Any]) -> Summary:
    """A Summary from its ``to_json`` form."""
    return Summary(_sentences(data["sentences"]), _method(data), data.get("note", ""))


def story_from_json(data: dict[str, Any]) -> StorySummary:
    """A StorySummary from its ``to_json`` form."""
    return StorySummary(
        what_happened=_sentences(data["what_happened"]),
        outlet_additions=tuple(
            OutletAddition(a["outlet"], _sentences(a["sentences"]))
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
        method=_method(data),
        note=data.get("note", ""),
    )


def answer_from_json(data: dict[str, Any]) -> Answer:
    """An Answer from its ``to_json`` form."""
    return Answer(
        data["question"],
        _sentences(data["sentences"]),
        bool(data["supported"]),
        _method(data),
        data.get("note", ""),
    )
