"""Stories: streaming clustering of articles into events, with explanations and related articles.

Pure Python over plain data: ``features`` turns an article into bounded term/entity counts,
``StoryEngine.place`` assigns it to a story and finds related articles. Storage lives in
``broadsheet.storage.stories``; the pipeline step is ``broadsheet.pipeline._cluster``.
"""

from broadsheet.cluster._engine import Settings, StoryEngine
from broadsheet.cluster._features import Features, features, from_json, to_json
from broadsheet.cluster._related import reason
from broadsheet.cluster._types import Explanation, Placement, RelatedHit, Split

__all__ = [
    "Explanation",
    "Features",
    "Placement",
    "RelatedHit",
    "Settings",
    "Split",
    "StoryEngine",
    "features",
    "from_json",
    "reason",
    "to_json",
]
