"""The article flow: one dead or hung host delays only its own articles; work is leased and resumed.

Feeds are served from 127.0.0.1. Their items link to pages of three kinds: served by the same
local server, on a host that accepts connections and never answers, and on a host whose name
does not resolve. ``broadsheet refresh --once`` must come back with every article shown, the
local pages extracted from the page, the others from their feed text with the reason, every
article in a story and searchable, and the failed pages waiting for a later retry.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.cli import main
from broadsheet.pipeline import _run
from broadsheet.pipeline.flow import STEPS
from broadsheet.search import search
from broadsheet.storage import work
from broadsheet.storage.models import Article, Work
from broadsheet.storage.stories.models import Membership
from tests.support.hung import HungHost
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

WORDS = ("council", "harbour", "bridge", "festival", "railway", "library", "stadium", "market")


def _page(n: int) -> bytes:
    body = " ".join(
        f"The {WORDS[n % 8]} plan number {n} was discussed at length by residents "
        f"who wanted more detail about costs and timing."
        for _ in range(12)
    )
    return (
        f"<html><head><title>Local {n}</title></head><body><article><h1>Local {n}</h1>"
        f"<p>{body}</p><p>{body}</p></article></body></html>"
    ).encode()


def _rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>{text}</description></item>"
        for title, link, text in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>'
        f"<link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def world(settings_env: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    settings_env.setenv("BROADSHEET_PAGE_DEADLINE", "6")
    settings_env.setenv("BROADSHEET_FETCH_TIMEOUT", "4")
    settings_env.setenv("BROADSHEET_FETCH_HOST_DELAY", "0")
    hung = HungHost()
    kinds: dict[str, list[str]] = {"local": [], "hung": [], "dead": []}
    with LocalServer() as server:
        for feed in range(6):
            items = []
            for i in range(6):
                n = feed * 6 + i
                kind = ("local", "hung", "dead")[n % 3]
                link = {
                    "local": server.url(f"/pages/{n}.html"),
                    "hung": f"http://127.0.0.1:{hung.port}/story/{n}",
                    "dead": f"http://story-{n}.broadsheet-test.invalid/{n}",
                }[kind]
                if kind == "local":
                    server.route(
                        f"/pages/{n}.html",
                        body=_page(n),
                        headers={"Content-Type": "text/html; charset=utf-8"},
                    )
                kinds[kind].append(link)
                items.append(
                    (
                        f"Item {n} about the {WORDS[n % 8]}",
                        link,
                        f"Feed text of item {n}: the {WORDS[n % 8]} plan was discussed.",
                    )
                )
            server.route(
                f"/feed/{feed}.xml",
                body=_rss(items),
                headers={"Content-Type": "application/rss+xml"},
            )
            assert main(["add", server.url(f"/feed/{feed}.xml"), "--no-refresh"]) == 0
        yield kinds
    hung.close()


def test_dead_and_hung_hosts_delay_only_their_own_articles(world: dict[str, list[str]]) -> None:
    started = time.monotonic()
    assert main(["refresh", "--once"]) == 0
    elapsed = time.monotonic() - started
    assert elapsed < 120  # liveness, not speed: the old flow waited on every page at once
    assert Article.objects.count() == 36
    assert not Article.objects.filter(extraction_status="pending").exists()
    due = list(
        Work.objects.filter(not_before__lte=timezone.now()).values_list(
            "step", "last_error", "page_error"
        )
    )
    assert due == []  # nothing due now; failed pages wait for their retry
    local = Article.objects.filter(url__in=world["local"])
    assert {a.content_source for a in local} == {"page"}
    for kind, words in (("hung", "timeout"), ("dead", "connection")):
        shown = Article.objects.filter(url__in=world[kind])
        assert {a.content_source for a in shown} == {"feed"}, kind
        assert all(words in a.extraction_error and a.text for a in shown), kind
        retries = Work.objects.filter(article__url__in=world[kind], step="page")
        assert retries.count() == 12 and all(w.not_before > timezone.now() for w in retries)
    assert Membership.objects.count() == 36  # every article in a story
    assert search("discussed").total == 36  # and searchable


def test_a_page_that_comes_back_is_extracted_on_retry(world: dict[str, list[str]]) -> None:
    assert main(["refresh", "--once"]) == 0
    dead = Article.objects.filter(url__in=world["dead"]).first()
    assert dead is not None and dead.content_source == "feed"
    row = Work.objects.get(article=dead)
    assert row.page_attempts == 1 and "connection" in row.page_error
    # the host is still down on the retry: the article keeps its feed text, next retry later
    _run.run_step("page", [dead.id])
    row.refresh_from_db()
    assert row.step == "page" and row.page_attempts == 2 and row.not_before > timezone.now()


def test_a_crashed_batch_is_leased_again_when_its_lease_expires(db: None) -> None:
    article = Article.objects.create(
        origin="import", key_hash="k", item_key="k", url="https://news.example/a", text="Some text."
    )
    work.enter([article.id], "extract")
    now = timezone.now()
    lease = timedelta(minutes=10)
    assert work.claim("extract", 10, lease, now=now) == [article.id]
    # the process holding the lease dies here; nobody else may take it before it expires
    assert work.claim("extract", 10, lease, now=now + timedelta(minutes=9)) == []
    assert work.claim("extract", 10, lease, now=now + timedelta(minutes=11)) == [article.id]
    assert work.release_all_leases() == 1


def test_a_failing_article_does_not_hold_back_its_batch_and_is_given_up_in_the_end(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [
        Article.objects.create(
            origin="import",
            key_hash=f"k{i}",
            item_key=f"k{i}",
            url=f"https://news.example/{i}",
            text="Text.",
        ).id
        for i in range(3)
    ]
    work.enter(ids, "index")
    step = next(s for s in STEPS if s.name == "index")

    def flaky(article_ids: list[int]) -> None:
        if ids[1] in article_ids:
            raise RuntimeError("index broke on this one")

    monkeypatch.setitem(_run.BY_NAME, "index", dataclasses.replace(step, run=flaky))
    assert sorted(_run.run_step("index", ids)) == [ids[0], ids[2]]
    left = Work.objects.get(article_id=ids[1])
    assert left.step == "index" and "index broke" in left.last_error
    for _ in range(_run.MAX_ATTEMPTS):
        Work.objects.filter(article_id=ids[1]).update(not_before=timezone.now())
        _run.run_step("index", work.claim("index", 10, _run.lease()))
    left.refresh_from_db()
    # given up after MAX_ATTEMPTS: it goes on (a story and a summary are still worth having)
    assert left.step == "rules" and left.last_error == ""
    assert work.claim("index", 10, _run.lease(), now=timezone.now() + timedelta(days=1)) == []


def test_status_lists_every_step_in_order(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    positions = [out.index(f"\n{step.name} ") for step in STEPS]
    assert positions == sorted(positions)
    assert "nothing waiting" in out
