"""Take the screenshots of docs/web.md ("What the pages look like"): `make screenshots`.

From an empty SQLite database in a temporary directory: `broadsheet migrate`, `broadsheet starter`
(the offline demo corpus), a made-up local newspaper served from 127.0.0.1 by this script (two
feeds, article pages and pictures, all written here), `broadsheet serve`, then in Chromium
(Playwright with Debian's /usr/bin/chromium) the first reader signs up, follows the newspaper's
feeds into folders, files the demo outlets in folders, reads a few articles, adds a block rule,
an alert, a saved article, a comment and a Fever password, and the pages are captured into
docs/screenshots/ (1280x800 at device scale 1; the phone shot 390 px wide). With Pillow
importable the PNGs are quantized to 256 colours; without it they stay as Chromium wrote them.

Nothing here reaches the internet: the demo corpus is offline and the newspaper is local.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
READER = "ada"
PASSWORD = "harbour-lights-at-dusk"
BUDGET = 200_000  # bytes per image the docs aim for
# What a reader should never see on a page: template or markup leaking, Python's None.
SLIPS = re.compile(
    r"\bNone\b|\bundefined\b|\bNaN\b|\{\{|\{%|&(?:lt|gt|amp|quot|#\d+);|</?(?:p|a|div|span)\b"
)

# The Saltmere Tide: a made-up weekly of the demo corpus's coastal town, written for these
# screenshots. (slug, section, hours ago, author, title, paragraphs, picture colours)
STORIES: list[tuple[str, str, float, str, str, list[str], tuple[int, int, int]]] = [
    (
        "harbour-street-clean-up",
        "news",
        0.4,
        "Mira Castell",
        "Harbour Street shops count the cost as the Storm Ingrid clean-up begins",
        [
            "Shopkeepers on Harbour Street in Saltmere spent Thursday carrying ruined stock to "
            "skips as the floodwater left by Storm Ingrid drained back into the harbour.",
            "Owen Pryce, who has run the chandlery at number 14 for twenty years, said the water "
            "had reached the top of his counter. “I have swept out sand before, but never a "
            "whole beach,” Pryce said. “We will open again, just not this month.”",
            "East Coast District Council said skips would be emptied twice a day until the end "
            "of next week and that a drop-in advice desk would open at Saltmere Community "
            "College on Monday.",
            "Council leader Pat Grayling said the town owed its volunteers a great deal. “People "
            "turned up with mops before anyone asked them to,” Grayling said. “That is Saltmere.”",
            "Insurers have sent assessors to the Quayside area, where about forty homes remain "
            "empty while floors dry out. The council expects most families to be back before "
            "Christmas.",
        ],
        (70, 110, 150),
    ),
    (
        "sea-wall-survey",
        "news",
        3,
        "Tomas Fenwick",
        "Council orders a survey of the sea wall after it was overtopped in three places",
        [
            "Engineers will inspect the whole length of the Saltmere sea wall next week after "
            "Storm Ingrid sent the sea over it in three places, East Coast District Council said.",
            "The survey, which will cost about 60,000 crowns, is to say whether the wall can be "
            "raised or must be rebuilt. The oldest section, beside the lifeboat station, dates "
            "from 1912.",
            "Dr Leila Farrant, the coastal engineer leading the work, said the wall had done "
            "better than many feared. “It held, it was simply too low for that tide,” Farrant "
            "said. “The question is how much higher the sea will come in the next fifty years.”",
            "Residents can see the plans at the library on Ropewalk Lane from Tuesday.",
        ],
        (90, 100, 110),
    ),
    (
        "lifeboat-engine",
        "news",
        7,
        "Mira Castell",
        "Lifeboat crew chooses a new engine with the lottery gift",
        [
            "Saltmere Lifeboat Station has ordered a new all-weather engine, the first thing it "
            "will buy with the million crowns given to it by a local lottery winner.",
            "Coxswain Jim Ruddock said the crew had tested three engines in the autumn. “The one "
            "we chose starts first time in the cold and is quiet enough to hear a shout over,” "
            "Ruddock said. “Both matter at two in the morning.”",
            "The engine is due to arrive in February. The rest of the gift will pay for crew "
            "training and for mending the boathouse roof, which leaked during the storm.",
        ],
        (200, 90, 40),
    ),
    (
        "fish-market-reopens",
        "news",
        11,
        "Tomas Fenwick",
        "Fish market is back on the quay after a four-day closure",
        [
            "Saltmere's fish market reopened on Wednesday morning, four days after Storm Ingrid "
            "flooded its cold store and washed crates into the harbour.",
            "Market manager Sandra Okoye said every trader had a stall again. “We lost the ice "
            "and the crates, not the boats or the people,” Okoye said.",
            "The first catch sold was forty boxes of cod landed by the trawler Morning Star. "
            "Buyers from Harwick and Carrow were on the quay by six.",
        ],
        (40, 140, 130),
    ),
    (
        "town-draw",
        "sport",
        5,
        "Ben Aldous",
        "Saltmere Town hold Harwick Athletic to a draw on a heavy pitch",
        [
            "Saltmere Town came from behind to draw 1-1 with Harwick Athletic at the Marsh Road "
            "ground on Saturday, in their first home game since the storm.",
            "Volunteers had forked the pitch for three days to drain it. Captain Kyle Norris "
            "scored the equaliser with ten minutes left. “The groundsmen deserve the point more "
            "than we do,” Norris said.",
            "Town stay ninth in the East Coast League and travel to Port Elling next weekend.",
        ],
        (60, 130, 60),
    ),
    (
        "rowing-regatta",
        "sport",
        26,
        "Ben Aldous",
        "Winter regatta moves upriver while the harbour is cleared",
        [
            "The Saltmere winter regatta will be rowed on the river at Aldbridge this year, the "
            "rowing club said, because debris from the storm is still being lifted from the "
            "harbour.",
            "Club secretary Ruth Emery said all twelve crews had agreed to the move. “Flat "
            "water, a long straight and a tea hut: nobody complained,” Emery said.",
        ],
        (120, 80, 160),
    ),
]


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small picture for an article: sky, sea in the article's colour, and a strip of sand."""
    r, g, b = rgb
    rows = []
    for y in range(height):
        if y < height * 0.45:
            c = (190 + y * 40 // height, 210, 230)
        elif y < height * 0.85:
            shade = (y - height * 0.45) / (height * 0.4)
            c = (int(r * (1 - shade * 0.4)), int(g * (1 - shade * 0.4)), int(b * (1 - shade * 0.4)))
        else:
            c = (214, 196, 150)
        rows.append(b"\x00" + bytes(c) * width)

    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", head)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


class Newspaper:
    """The Saltmere Tide on 127.0.0.1: a home page advertising two feeds, pages, pictures."""

    def __init__(self, now: datetime) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", _port(8001)), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._build(now)

    def url(self, path: str) -> str:
        """The absolute address of a path on this newspaper."""
        return self.base + path

    def _build(self, now: datetime) -> None:
        html = "text/html; charset=utf-8"
        self.routes["/"] = (
            html,
            (
                b"<!doctype html><html><head><title>The Saltmere Tide</title>"
                b'<link rel="alternate" type="application/rss+xml" title="News" href="/rss/news">'
                b'<link rel="alternate" type="application/rss+xml" title="Sport" href="/rss/sport">'
                b"</head><body><h1>The Saltmere Tide</h1><p>News of the town and the harbour.</p>"
                b"</body></html>"
            ),
        )
        for section in ("news", "sport"):
            items = []
            for slug, sec, hours, author, title, paras, colour in STORIES:
                if sec != section:
                    continue
                when = now - timedelta(hours=hours)
                link = self.url(f"/{sec}/{slug}")
                picture = self.url(f"/img/{slug}.png")
                self.routes[f"/img/{slug}.png"] = ("image/png", _png(480, 270, colour))
                body = "".join(f"<p>{escape(p)}</p>" for p in paras)
                self.routes[f"/{sec}/{slug}"] = (
                    html,
                    (
                        f"<!doctype html><html lang='en'><head><title>{escape(title)} | The "
                        f"Saltmere Tide</title><meta name='author' content='{author}'>"
                        f"<meta property='og:title' content='{escape(title)}'>"
                        f"<meta property='og:image' content='{picture}'>"
                        f"<meta property='article:published_time' content='{when.isoformat()}'>"
                        "<meta property='og:site_name' content='The Saltmere Tide'></head><body>"
                        "<header><a href='/'>The Saltmere Tide</a></header><main><article>"
                        f"<h1>{escape(title)}</h1><p class='byline'>By {author}</p>"
                        f"<time datetime='{when.isoformat()}'></time>{body}</article></main>"
                        "<footer>The Saltmere Tide, Ropewalk Lane, Saltmere</footer>"
                        "</body></html>"
                    ).encode(),
                )
                items.append(
                    f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
                    f"<dc:creator>{author}</dc:creator>"
                    f"<description>{escape(paras[0])}</description>"
                    f'<enclosure url="{picture}" type="image/png" length="0"/>'
                    f"<pubDate>{format_datetime(when)}</pubDate></item>"
                )
            name = "The Saltmere Tide" + (" · Sport" if section == "sport" else "")
            self.routes[f"/rss/{section}"] = (
                "application/rss+xml",
                (
                    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
                    f"<title>{name}</title><link>{self.base}/</link>"
                    f"<description>{section} from Saltmere</description>{''.join(items)}"
                    "</channel></rss>"
                ).encode(),
            )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = routes.get(self.path.split("?")[0])
                if found is None:
                    self.send_error(404)
                    return
                kind, body = found
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> Newspaper:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _port(preferred: int) -> int:
    """`preferred` when it is free (the images then show `make run`'s address), else any."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
        except OSError:
            s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env.update(
        BROADSHEET_DATA_DIR=str(data),
        BROADSHEET_STARTER="offline",
        BROADSHEET_FETCH_ALLOW_NETWORKS="127.0.0.0/8",
        BROADSHEET_READER_FEEDS="staff",
        DJANGO_SETTINGS_MODULE="broadsheet.site.settings",
    )
    return env


def _broadsheet(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet", *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"broadsheet {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def _served(env: dict[str, str]) -> Iterator[str]:
    port = _port(8000)
    log = open(Path(env["BROADSHEET_DATA_DIR"]) / "serve.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "broadsheet", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    text = (Path(env["BROADSHEET_DATA_DIR"]) / "serve.log").read_text()
                    raise SystemExit(f"broadsheet serve did not start:\n{text}") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _wait_pipeline(env: dict[str, str], timeout: float = 240) -> None:
    """Until every article went through every pipeline step (the scheduler runs them)."""
    deadline = time.monotonic() + timeout
    while "nothing waiting" not in _broadsheet(env, "status"):
        if time.monotonic() > deadline:
            raise SystemExit("the pipeline did not finish:\n" + _broadsheet(env, "status"))
        time.sleep(2)


# Runs in Chromium: decode the PNG, keep the 48 commonest colours exactly (background, text,
# links), median-cut the rest into 208 more, map every pixel to its nearest palette colour.
QUANTIZE = """async ([b64, size]) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const w = img.width, h = img.height;
  const canvas = new OffscreenCanvas(w, h);
  const g = canvas.getContext("2d");
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, w, h).data;
  const counts = new Map();
  for (let i = 0; i < d.length; i += 4) {
    const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  let palette = byCount.slice(0, size).map(([k]) => k);
  if (byCount.length > size) {
    palette = palette.slice(0, 48);
    const rgb = (k) => [(k >> 16) & 255, (k >> 8) & 255, k & 255];
    let boxes = [byCount.slice(48).map(([k, n]) => [...rgb(k), n])];
    const spread = (box) => {
      let best = [0, 0];
      for (let c = 0; c < 3; c++) {
        let lo = 255, hi = 0;
        for (const p of box) { if (p[c] < lo) lo = p[c]; if (p[c] > hi) hi = p[c]; }
        if (hi - lo > best[0]) best = [hi - lo, c];
      }
      return best;
    };
    while (boxes.length < size - 48) {
      let pick = -1, score = 0;
      boxes.forEach((box, i) => {
        const n = box.reduce((s, p) => s + p[3], 0);
        const s = spread(box)[0] * Math.sqrt(n);
        if (box.length > 1 && s > score) { score = s; pick = i; }
      });
      if (pick < 0) break;
      const box = boxes[pick], c = spread(box)[1];
      box.sort((a, b) => a[c] - b[c]);
      const half = box.reduce((s, p) => s + p[3], 0) / 2;
      let acc = 0, cut = 1;
      for (; cut < box.length - 1; cut++) { acc += box[cut - 1][3]; if (acc >= half) break; }
      boxes.splice(pick, 1, box.slice(0, cut), box.slice(cut));
    }
    for (const box of boxes) {
      const n = box.reduce((s, p) => s + p[3], 0);
      const m = [0, 1, 2].map((c) => Math.round(box.reduce((s, p) => s + p[c] * p[3], 0) / n));
      palette.push((m[0] << 16) | (m[1] << 8) | m[2]);
    }
  }
  const pal = palette.map((k) => [(k >> 16) & 255, (k >> 8) & 255, k & 255]);
  const nearest = new Map();
  for (const k of counts.keys()) {
    const r = (k >> 16) & 255, gg = (k >> 8) & 255, b = k & 255;
    let best = 0, dist = Infinity;
    for (let j = 0; j < pal.length; j++) {
      const e = (pal[j][0] - r) ** 2 * 3 + (pal[j][1] - gg) ** 2 * 4 + (pal[j][2] - b) ** 2 * 2;
      if (e < dist) { dist = e; best = j; if (e === 0) break; }
    }
    nearest.set(k, best);
  }
  let out = "";
  const row = new Uint8Array(w + 1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      row[x + 1] = nearest.get((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    for (let s = 0; s < row.length; s += 8192) {
      out += String.fromCharCode.apply(null, row.subarray(s, s + 8192));
    }
  }
  return [w, h, pal.flat(), btoa(out)];
}"""


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return struct.pack(">I", len(data)) + kind + data + crc


def _compress(lab: Any, raw: bytes, colours: int = 256) -> bytes:
    """The PNG with at most `colours` colours (quantized in Chromium), or `raw` if smaller."""
    width, height, palette, rows = lab.evaluate(QUANTIZE, [base64.b64encode(raw).decode(), colours])
    head = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    small = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", head)
        + _chunk(b"PLTE", bytes(palette))
        + _chunk(b"IDAT", zlib.compress(base64.b64decode(rows), 9))
        + _chunk(b"IEND", b"")
    )
    return small if len(small) < len(raw) else raw


class Camera:
    """Saves named screenshots into the output directory and remembers their sizes."""

    def __init__(self, out: Path, lab: Any) -> None:
        self.out = out
        self.lab = lab
        self.sizes: dict[str, int] = {}
        self.warnings: list[str] = []

    def __call__(self, page: Any, name: str, *, full: bool = False, height: int = 0) -> None:
        """Capture the page (the viewport, the whole page, or its first `height` pixels)."""
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        text = page.inner_text("body")
        for slip in sorted({m.group(0) for m in SLIPS.finditer(text)}):
            self.warnings.append(f"{name}: the page shows {slip!r}")
        clip = None
        if height:
            width = page.viewport_size["width"]
            total = page.evaluate("document.documentElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": width, "height": min(height, total)}
            full = True
        raw = page.screenshot(full_page=full, clip=clip, animations="disabled", caret="hide")
        data = _compress(self.lab, raw)
        (self.out / f"{name}.png").write_bytes(data)
        self.sizes[name] = len(data)
        print(f"{name}.png  {len(data) / 1024:.0f} KB", flush=True)


def _sign_up(page: Any, base: str) -> None:
    page.goto(base + "/accounts/signup/")
    page.fill("#id_username", READER)
    page.fill("#id_email", f"{READER}@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.stack button")
    page.wait_for_url(base + "/")


def _subscribe(page: Any, base: str, address: str, folder: str) -> str:
    page.goto(base + "/feeds/")
    page.fill("form.add input[name=url]", address)
    page.fill("form.add input[name=folder]", folder)
    page.click("form.add >> text=Subscribe")
    page.wait_for_url(f"{base}/feeds/*/")
    return str(page.url)


def _file_in_folder(page: Any, base: str, title: str, folder: str) -> None:
    """Put every followed feed called `title` into `folder` with the feed's Edit form."""
    page.goto(base + "/feeds/")
    names = page.locator("li.my-feed a.feed-name", has_text=title)
    ids = [names.nth(n).get_attribute("href") for n in range(names.count())]
    for href in ids:
        page.goto(base + "/feeds/")
        item = page.locator("li.my-feed", has=page.locator(f"a.feed-name[href='{href}']"))
        item.locator("summary", has_text="Edit").click()
        item.locator("input[name=folder]").fill(folder)
        item.locator("button", has_text="Save").click()
        page.wait_for_load_state("networkidle")


def _story_of(page: Any, base: str, words: str) -> str:
    """The address of the front page's story whose headline has `words`."""
    page.goto(base + "/")
    link = page.locator("a[href^='/stories/']", has_text=words).first
    return base + str(link.get_attribute("href"))


def _article_of(page: Any, base: str, words: str) -> str:
    """The address of the newest article whose headline has `words` (via search)."""
    page.goto(base + "/search/?q=" + words.replace(" ", "+"))
    link = page.locator("a[href^='/articles/']", has_text=words).first
    return base + str(link.get_attribute("href"))


def tour(browser: Any, base: str, paper: Newspaper, env: dict[str, str], camera: Camera) -> None:
    """Walk through the reader's first hour and capture every page docs/web.md shows."""
    ctx = browser.new_context(
        viewport=DESK, device_scale_factor=1, locale="en-GB", timezone_id="UTC"
    )
    page = ctx.new_page()
    _sign_up(page, base)
    news = _subscribe(page, base, paper.url("/rss/news"), "Local")
    _subscribe(page, base, paper.url("/rss/sport"), "Local/Sport")
    for title in ("The Northgate Herald", "MPB News", "Continental Press Wire"):
        _file_in_folder(page, base, title, "News")
    _file_in_folder(page, base, "The Daily Clarion", "News/Tabloids")
    _file_in_folder(page, base, "Circuitboard", "Technology")
    _file_in_folder(page, base, "The Harwick Courier", "Local")
    _wait_pipeline(env)

    # A little reading: two articles read, one saved with a comment.
    article = _article_of(page, base, "Harbour Street shops")
    page.goto(_article_of(page, base, "Fish market"))
    page.goto(article)
    page.click("#save-box button")
    page.wait_for_selector("#save-box button[aria-pressed=true]")
    page.fill(
        "#comment-text",
        "The chandlery on Harbour Street sold me my first oilskins. Glad they will reopen.",
    )
    page.click(".comment-form button")
    page.wait_for_selector("#comment-thread .comment")

    # A block rule (saved), then a second one previewed.
    page.goto(base + "/rules/")
    page.select_option("select[name=field]", "title")
    page.fill("input[name=pattern]", "review")
    page.click("text=Save rule")
    page.wait_for_selector(".rules code")
    page.select_option("select[name=field]", "any")
    page.fill("input[name=pattern]", "football, cup, regatta")
    page.click("text=Preview last 30 days")
    page.wait_for_selector("#preview ol, #preview p")
    camera(page, "rules")

    # An alert (saved), then another previewed.
    page.goto(base + "/alerts/")
    page.fill("input[name=name]", "Saltmere")
    page.fill("input[name=rule]", "Saltmere and not hashtag = sport")
    page.click("text=Save alert")
    page.wait_for_load_state("networkidle")
    page.goto(base + "/alerts/")
    page.fill("input[name=name]", "Tram strike")
    page.fill("input[name=rule]", "tram and strike")
    page.click("text=Preview last 30 days")
    page.wait_for_selector("#preview ol, #preview p")
    camera(page, "alerts")

    # Apps: a Fever password set.
    page.goto(base + "/accounts/fever/")
    page.fill("form.stack input[type=password] >> nth=0", "fever-reader-password")
    second = page.locator("form.stack input[type=password]")
    if second.count() > 1:
        second.nth(1).fill("fever-reader-password")
    page.click("text=Set the Fever password")
    page.wait_for_load_state("networkidle")
    camera(page, "apps", full=True)

    page.goto(base + "/")
    camera(page, "front")
    page.goto(_story_of(page, base, "Storm Ingrid"))
    camera(page, "story", height=2400)
    page.goto(article)
    camera(page, "article", height=3000)
    page.goto(base + "/feeds/")
    camera(page, "feeds")
    page.goto(news)
    camera(page, "feed-view")
    page.goto(base + "/unread/")
    camera(page, "unread")
    page.keyboard.press("j")
    page.keyboard.press("?")
    page.wait_for_selector("#shortcuts[open]")
    camera(page, "shortcuts")
    page.goto(base + "/search/?q=storm+sea+wall")
    camera(page, "search")

    phone = browser.new_context(
        viewport=PHONE, device_scale_factor=1, locale="en-GB", timezone_id="UTC", is_mobile=True
    )
    phone.add_cookies(ctx.cookies())
    p = phone.new_page()
    p.goto(article)
    camera(p, "article-phone", height=2000)
    phone.close()

    dark = browser.new_context(
        viewport=DESK,
        device_scale_factor=1,
        locale="en-GB",
        timezone_id="UTC",
        color_scheme="dark",
    )
    dark.add_cookies(ctx.cookies())
    d = dark.new_page()
    d.goto(_story_of(d, base, "Storm Ingrid"))
    camera(d, "story-dark")
    dark.close()
    ctx.close()


def main(argv: list[str] | None = None) -> int:
    """Build a fresh Broadsheet, walk through it in Chromium and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"screenshots need Chromium at {CHROMIUM} (apt install chromium)", file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("screenshots need playwright for Python (make test installs it)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="broadsheet-shots-"))
    camera: Camera | None = None
    try:
        env = _environment(data)
        _broadsheet(env, "migrate")
        print(_broadsheet(env, "starter").strip(), flush=True)
        with (
            Newspaper(datetime.now(UTC)) as paper,
            _served(env) as base,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
            camera = Camera(args.out, browser.new_page())
            try:
                tour(browser, base, paper, env, camera)
            finally:
                browser.close()
    finally:
        if args.keep:
            print(f"data kept in {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)
    if camera is None:
        return 1
    total = sum(camera.sizes.values())
    over = [n for n, s in camera.sizes.items() if s > BUDGET]
    print(f"{len(camera.sizes)} screenshots, {total / 1024:.0f} KB in {args.out}")
    if over:
        print(f"over {BUDGET // 1000} KB: {', '.join(over)}")
    for warning in camera.warnings:
        print(f"look at {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
