"""docs/web.md shows every screenshot in docs/screenshots/, each a real, small PNG.

The images come from `make screenshots` (tools/screenshots.py); this keeps the page, the files
and the script's list of shots in step, and the images within the size the docs aim for.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SHOTS = DOCS / "screenshots"
LIMIT = 200_000
TOTAL = 2_500_000


def _linked() -> list[str]:
    return re.findall(r"!\[[^\]]+\]\(screenshots/([\w-]+\.png)\)", (DOCS / "web.md").read_text())


def _taken() -> set[str]:
    script = (ROOT / "tools" / "screenshots.py").read_text()
    return {f"{name}.png" for name in re.findall(r'camera\(\w+, "([\w-]+)"', script)}


def test_every_screenshot_is_shown_once_and_every_shown_one_exists() -> None:
    linked = _linked()
    files = {p.name for p in SHOTS.glob("*.png")}
    assert linked, "docs/web.md shows no screenshot"
    assert len(linked) == len(set(linked)), "a screenshot is shown twice"
    assert set(linked) == files, (
        f"shown but missing: {sorted(set(linked) - files)}; not shown: {sorted(files - set(linked))}"
    )
    assert set(linked) == _taken(), "docs/web.md and tools/screenshots.py list different shots"


def test_screenshots_are_small_pngs_of_the_documented_size() -> None:
    total = 0
    for path in sorted(SHOTS.glob("*.png")):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
        width, _height = struct.unpack(">II", data[16:24])
        expected = 390 if "phone" in path.name else 1280
        assert width == expected, f"{path.name} is {width} px wide, not {expected}"
        assert len(data) < LIMIT, f"{path.name} is {len(data)} bytes (limit {LIMIT})"
        total += len(data)
    assert total < TOTAL, f"the screenshots take {total} bytes (limit {TOTAL})"
