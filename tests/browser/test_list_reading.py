"""In Chromium, a reader's lists: thumbnails, "mark read up to here" and marking read on scroll.

A feed of 30 articles in the database, most with an image served from 127.0.0.1 (one image
address is broken and must vanish, not leave a broken box). The reader uses "mark read up to
here" on the 5th row and sees exactly five rows read in storage and on the page; then turns
"mark read as I scroll" on, scrolls the unread list and sees the rows that left the top of the
screen become read in storage, in batches, while those below stay unread.

Screenshots: build/screenshots/list-*.png (light, dark, phone at 390 px, after "up to here").
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader.models import ArticleState
from tests.browser.conftest import SHOTS
from tests.support.server import LocalServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASS = "correct-horse-battery"
N = 30


def _png(rgb: tuple[int, int, int], w: int = 48, h: int = 32) -> bytes:
    """A solid-colour PNG (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + (chunk(b"IEND", b""))
    )


@pytest.fixture
def images() -> Iterator[LocalServer]:
    with LocalServer() as server:
        for i in range(N):
            server.route(
                f"/img/{i}.png",
                body=_png(((i * 53) % 200 + 30, (i * 97) % 200 + 30, (i * 31) % 200 + 30)),
                headers={"Content-Type": "image/png"},
            )
        yield server


def _seed(images: LocalServer) -> list[int]:
    feed = Feed.objects.create(url="https://quay.example/rss", title="Quayside Courier")
    now = timezone.now()
    ids = []
    for i in range(N):
        image = images.url(f"/img/{i}.png") if i % 3 else ""
        if i == 4:
            image = images.url("/img/missing.png")  # a 404: the thumbnail must go away
        a = Article.objects.create(
            origin=f"feed:{feed.id}",
            key_hash=f"k{i}",
            item_key=f"quay-{i}",
            key_kind="guid",
            feed=feed,
            url=f"https://quay.example/n/{i}",
            title=f"Quay report {i}: the harbour board agrees to repair the old wall",
            text=f"Report {i}.",
            published_at=now - timedelta(minutes=10 * i),
            image=image,
        )
        ids.append(a.id)
    User.objects.create_user("ruth", "ruth@example.org", PASS)
    return ids


def _sign_in(page: Any, base: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", "ruth")
    page.fill("#id_password", PASS)
    page.click("form.stack button")
    page.wait_for_url(base + next_path)


def _until(page: Any, js: str, seconds: float = 8) -> None:
    """Wait until the expression is true (polled from here: the page's policy forbids eval)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(js):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {js}")


def _read(ids: list[int]) -> set[int]:
    qs = ArticleState.objects.filter(article_id__in=ids, read=True)
    return set(qs.values_list("article_id", flat=True))


def _thumbs_ok(page: Any) -> None:
    """Every shown thumbnail loaded at its fixed size, right of its headline; none overlap."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('[data-id]')].slice(0, 8).map(li => {
             const img = li.querySelector('img.thumb'), h = document.createRange();
             h.selectNodeContents(li.querySelector('h2'));
             const r = img && !img.hidden ? img.getBoundingClientRect() : null;
             return {id: li.dataset.id, img: r && [r.left, r.top, r.width, r.height],
                     loaded: img ? img.complete && img.naturalWidth > 0 : null,
                     hidden: img ? img.hidden : null, row: li.getBoundingClientRect().bottom,
                     head: Math.max(...[...h.getClientRects()].map(r => r.right))};
           })"""
    )
    for b in boxes:
        if b["img"]:
            left, top, width, height = b["img"]
            assert b["loaded"] and width > 40 and height > 30, b
            assert top + height <= b["row"] + 1 and b["head"] <= left + 1, b  # inside, no overlap


def test_up_to_here_and_thumbnails(
    browser: Any, live_server: Any, images: LocalServer, shot: Any
) -> None:
    base, ids = live_server.url, _seed(images)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, "/unread/")
    page.wait_for_load_state("networkidle")
    # the broken image is hidden, the others loaded in place
    row4 = page.locator(f"[data-id='{ids[4]}'] img.thumb")
    _until(page, f"document.querySelector(\"[data-id='{ids[4]}'] img.thumb\").hidden")
    assert row4.is_hidden()
    assert page.locator(f"[data-id='{ids[0]}'] img.thumb").count() == 0  # no image: none shown
    _thumbs_ok(page)
    shot(page, "list-unread")
    page.locator(f"[data-id='{ids[4]}'] button.upto").click()
    page.wait_for_selector("#js-flash")
    assert page.locator("#js-flash").inner_text() == "5 articles marked read."
    assert _read(ids) == set(ids[:5])
    assert page.locator("[data-id].read").count() == 5
    assert page.locator(f"[data-id='{ids[5]}']").get_attribute("data-read") == "0"
    shot(page, "list-up-to-here")
    # the keyboard: j j j then M marks the rows down to the selected one
    page.keyboard.press("j")
    for _ in range(7):
        page.keyboard.press("j")
    page.keyboard.press("M")
    _until(page, "document.querySelector('#js-flash').textContent.startsWith('3 ')")
    assert _read(ids) == set(ids[:8])
    # dark mode and a phone's width: thumbnails aligned, nothing overlapping
    dark = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    dpage = dark.new_page()
    _sign_in(dpage, base, "/latest/")
    dpage.wait_for_load_state("networkidle")
    _thumbs_ok(dpage)
    shot(dpage, "list-latest-dark")
    dpage.screenshot(path=str(SHOTS / "list-latest-dark-top.png"))
    dark.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    ppage = phone.new_page()
    _sign_in(ppage, base, "/unread/")
    ppage.wait_for_load_state("networkidle")
    # the compact rows give the headline the whole width: no thumbnail shown (nor fetched)
    assert ppage.locator("[data-entry] img.thumb:visible").count() == 0
    assert ppage.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out
    ppage.screenshot(path=str(SHOTS / "list-phone-unread.png"))
    ppage.goto(base + "/latest/")
    ppage.wait_for_load_state("networkidle")
    assert ppage.locator("img.thumb:visible").count() > 3
    _thumbs_ok(ppage)
    assert ppage.evaluate("document.documentElement.scrollWidth") <= 390
    shot(ppage, "list-phone")
    ppage.screenshot(path=str(SHOTS / "list-phone-latest.png"))
    phone.close()


def test_scroll_read_marks_rows_that_leave_the_top(
    browser: Any, live_server: Any, images: LocalServer, shot: Any
) -> None:
    base, ids = live_server.url, _seed(images)
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    _sign_in(page, base, "/accounts/fever/")
    page.check("input[type=checkbox][name=scroll_read]")
    page.click("form[action='/accounts/reading'] button")
    page.wait_for_selector(".flash")
    page.goto(base + "/unread/")
    page.wait_for_selector("[data-scroll-read]")
    page.wait_for_timeout(1500)
    assert _read(ids) == set()  # loading the page marks nothing
    page.mouse.wheel(0, 900)
    # rows whose bottom went above the top of the screen turn read at once, then in storage
    _until(page, "document.querySelectorAll('[data-id].read').length > 0")
    page.wait_for_timeout(400)  # the wheel scrolls smoothly: let it settle
    gone = page.evaluate(
        "[...document.querySelectorAll('[data-id]')].filter(li => li.getBoundingClientRect().bottom"
        " <= 0).map(li => +li.dataset.id)"
    )
    assert gone and set(gone) == {
        int(i)
        for i in page.evaluate(
            "[...document.querySelectorAll('[data-id].read')].map(li => li.dataset.id)"
        )
    }
    page.wait_for_timeout(1500)  # the batch waits under a second
    assert _read(ids) == set(gone)
    assert set(gone) == set(ids[: len(gone)])  # from the top, in order; the rest stay unread
    page.mouse.wheel(0, 100_000)
    page.wait_for_timeout(1800)
    marked = _read(ids)
    assert len(marked) > len(gone) and ids[-1] not in marked  # the last row never left the top
    # a reload shows them read; the setting left on does not mark the rows still on screen
    page.reload()
    page.wait_for_timeout(1500)
    assert _read(ids) == marked
    shot(page, "list-scroll-read")
