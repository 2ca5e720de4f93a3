"""The attribute rules applied by lookup set every token's tag, part of speech, lemma and
morphology exactly as spaCy's attribute ruler does."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import broadsheet.starter
from broadsheet.enrich import MODEL_PACKAGE, load_model

STARTER = Path(broadsheet.starter.__file__).with_name("demo_articles.jsonl")
# the ruler's special cases: "ai n't", "gon na", "let 's", "y' all", a there-is "'s", spaces
TRICKY = "We ai n't gon na stop. Let's go,  y'all!\n\nThere's a way; c'mon, there are two.  "


def _tokens(doc: Any) -> list[tuple[str, str, str, str, str, int]]:
    return [(t.text, t.tag_, t.pos_, t.lemma_, str(t.morph), t.head.i) for t in doc]


def test_lookup_rules_give_the_attribute_rulers_annotations() -> None:
    plain = importlib.import_module(MODEL_PACKAGE).load()
    fast = load_model()
    assert fast.get_pipe("attribute_ruler").match.__module__ == "broadsheet.enrich._attributes"
    rows = [json.loads(line) for line in STARTER.read_text(encoding="utf-8").splitlines()]
    texts = [TRICKY] + [r["text"] for r in rows[::3]]
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        assert _tokens(a) == _tokens(b)
    assert {t.pos_ for t in fast(TRICKY)} >= {"PRON", "VERB", "PUNCT", "SPACE"}
