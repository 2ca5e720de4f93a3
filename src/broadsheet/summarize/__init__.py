"""Summaries and answers with citations: extractive offline, abstractive with a verified LLM."""

from broadsheet.summarize._ask import ANSWERER_VERSION, SUPPORT_THRESHOLD, best_coverage
from broadsheet.summarize._disagree import find_disagreements
from broadsheet.summarize._extractive import Unit, units_of
from broadsheet.summarize._json import (
    answer_from_json,
    story_from_json,
    summary_from_json,
    to_json,
)
from broadsheet.summarize._llm import LLMConfig, LLMError
from broadsheet.summarize._sentences import split_sentences
from broadsheet.summarize._service import answer_question, summarize_article, summarize_story
from broadsheet.summarize._types import (
    Answer,
    Citation,
    Claim,
    Disagreement,
    Document,
    OutletAddition,
    StorySummary,
    Summary,
    SummarySentence,
)

__all__ = [
    "ANSWERER_VERSION",
    "SUPPORT_THRESHOLD",
    "Answer",
    "Citation",
    "Claim",
    "Disagreement",
    "Document",
    "LLMConfig",
    "LLMError",
    "OutletAddition",
    "StorySummary",
    "Summary",
    "SummarySentence",
    "Unit",
    "answer_from_json",
    "answer_question",
    "best_coverage",
    "find_disagreements",
    "split_sentences",
    "story_from_json",
    "summarize_article",
    "summarize_story",
    "summary_from_json",
    "to_json",
    "units_of",
]
