"""One parse per page: the passes after the embeds are cut share one tree and none changes it."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from broadsheet.errors import ExtractionError
from broadsheet.extract import _extract, _metadata, _tree, extract_article
from broadsheet.extract._embeds import _CANDIDATES, _candidates
from tests.support.shared import FIXTURES, require

WCXB = FIXTURES / "pages" / "wcxb"
PROSE = " ".join(f"Line {i} of the council's budget report sets out the figures." for i in range(6))
SHORT_PAGE = f"""<html lang="en"><head><title>Budget</title>
<meta name="author" content="Ann Lee"></head><body><article><h1>Budget</h1><p>{PROSE}</p>
<div class="fb-post" data-href="https://www.facebook.com/council/posts/1"><p>Post.</p></div>
</article></body></html>"""


def _pages(count: int) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in require(WCXB / "groundtruth.jsonl").open()][:count]
    pages = []
    for row in rows:
        with gzip.open(WCXB / row["file"], "rt", encoding="utf-8") as handle:
            pages.append((handle.read(), row["url"]))
    return pages


def _markup(tree: HtmlElement) -> bytes:
    return bytes(etree.tostring(tree))


def test_every_pass_after_the_embeds_sees_the_tree_as_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Metadata, the first extraction and the recall retry read one tree: a pass that changed it
    would hand the passes after it another page than a fresh parse gives."""
    seen: list[tuple[str, bytes]] = []

    def watch(name: str, function: Any) -> Any:
        def watched(tree: HtmlElement, *args: Any, **kwargs: Any) -> Any:
            seen.append((f"{name} in", _markup(tree)))
            result = function(tree, *args, **kwargs)
            seen.append((f"{name} out", _markup(tree)))
            return result

        return watched

    monkeypatch.setattr(_extract, "page_metadata", watch("metadata", _extract.page_metadata))
    monkeypatch.setattr(_extract, "_run", watch("trafilatura", _extract._run))
    for page, url in [(SHORT_PAGE, "https://council.example/budget"), *_pages(4)]:
        seen.clear()
        extract_article(page, url)
        fresh = _tree.parse_page(page, url)
        _extract._take_embeds(fresh, url)
        assert {name for name, _ in seen} >= {"metadata out", "trafilatura out"}
        changed = [name for name, markup in seen if markup != _markup(fresh)]
        assert changed == [], f"{url}: the tree differs from a fresh parse at {changed}"


def test_a_page_is_parsed_once_even_when_the_recall_retry_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def counted(name: str, function: Any) -> Any:
        def call(*args: Any) -> Any:
            calls.append(name)
            return function(*args)

        return call

    monkeypatch.setattr(_tree, "_load", counted("parse", _tree._load))
    monkeypatch.setattr(_extract, "_recall_retry", counted("retry", _extract._recall_retry))
    extract_article(SHORT_PAGE, "https://council.example/budget")
    assert sorted(calls) == ["parse", "retry"]


def test_the_page_tree_is_trafilaturas_tree() -> None:
    """parse_page builds the tree load_html builds, only with its element classes picked in C."""
    samples: list[str | bytes] = [
        SHORT_PAGE,
        SHORT_PAGE.encode("utf-8"),
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared.</p></body></html>',
        "<html/>\n<body><p>Self-closed root.</p></body>",
    ]
    for page in samples + [page for page, _ in _pages(3)]:
        ours, theirs = _tree.parse_page(page, None), load_html(page)
        assert theirs is not None
        assert _markup(ours) == _markup(theirs)
        assert all(isinstance(e, HtmlElement) for e in ours.iter() if isinstance(e.tag, str))


@pytest.mark.parametrize("page", ["", "<p>one block</p>", "&nbsp;<?", b"\x00\x01"])
def test_what_is_not_a_page_is_refused(page: str | bytes) -> None:
    with pytest.raises(ExtractionError, match="not readable HTML"):
        _tree.parse_page(page, "https://council.example/x")


def test_metadata_is_trafilaturas_for_every_field_kept() -> None:
    """The step-for-step copy of extract_metadata gives its values for the fields Broadsheet keeps."""
    fields = ("title", "author", "url", "image", "sitename", "description", "date")
    for page, url in _pages(12):
        tree = _tree.parse_page(page, url)
        ours = _metadata._trafilatura_metadata(tree, url, author=True, date=True)
        config = {"extensive_search": False, "original_date": True}
        theirs = extract_metadata(tree, url, date_config=config)
        assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields], url


def test_fields_declared_in_json_ld_are_not_searched_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget",'
        ' "author": {"name": "Bo Chan"}, "datePublished": "2025-03-04T08:00:00Z"}</script>'
    )
    page = SHORT_PAGE.replace("</head>", ld + "</head>").replace('content="Ann Lee"', 'content=""')
    tree = _tree.parse_page(page, None)
    articles = _metadata.json_ld_articles(tree)

    class SearchedAgain(Exception):
        """Not one of the errors page_metadata reads as "no metadata", so the test sees it."""

    def not_needed(*args: object, **kwargs: object) -> None:
        raise SearchedAgain("searched for a field JSON-LD declares")

    with monkeypatch.context() as patch:
        patch.setattr(_metadata, "extract_author", not_needed)
        patch.setattr(_metadata, "find_date", not_needed)
        meta = _metadata.page_metadata(tree, None, articles)
    assert (meta.authors, meta.published) == (("Bo Chan",), "2025-03-04T08:00:00+00:00")
    monkeypatch.setattr(_metadata, "extract_author", lambda tree: "Cy Ode")
    assert _metadata.page_metadata(tree, None, []).authors == ("Cy Ode",)


def test_embed_candidates_are_the_full_query_whether_or_not_a_page_uses_embed_classes() -> None:
    with_class = _tree.parse_page(SHORT_PAGE, None)
    without = _tree.parse_page(SHORT_PAGE.replace("fb-post", "fbpost"), None)
    assert [e.get("class") for e in _candidates(with_class)] == ["fb-post"]
    for page, _ in _pages(6):
        tree = _tree.parse_page(page, None)
        assert _candidates(tree) == _CANDIDATES(tree)
    assert _candidates(without) == _CANDIDATES(without) == []
