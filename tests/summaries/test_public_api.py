"""The summarizer's public surface is pinned (add it to tests/test_public_api.py PUBLIC too)."""

from __future__ import annotations

import broadsheet.summarize as summarize

PUBLIC = [
    "Answer",
    "Citation",
    "Claim",
    "Disagreement",
    "Document",
    "LLMConfig",
    "LLMError",
    "OutletAddition",
    "SUPPORT_THRESHOLD",
    "StorySummary",
    "Summary",
    "SummarySentence",
    "Unit",
    "answer_question",
    "best_coverage",
    "find_disagreements",
    "split_sentences",
    "summarize_article",
    "summarize_story",
    "units_of",
]


def test_all_is_pinned_and_documented() -> None:
    assert sorted(summarize.__all__) == sorted(PUBLIC)
    for name in summarize.__all__:
        assert getattr(summarize, name).__doc__, name


def test_core_does_not_import_django() -> None:
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("broadsheet.summarize"):
            source = open(module.__file__, encoding="utf-8").read()  # noqa: SIM115
            assert "django" not in source, name
