"""Progress bars on stderr for long commands (quiet when stderr is not a terminal)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm


def bar(description: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """Return an update(done, total) callback and a close() for a progress bar."""
    progress = tqdm(desc=description, unit="item", disable=None, leave=False)

    def update(done: int, total: int) -> None:
        if total and progress.total != total:
            progress.total = total
        progress.n = done
        progress.refresh()

    return update, progress.close


def count_lines(path: Path) -> int:
    """Return how many non-blank lines the file has (0 when it cannot be read), for a bar's total."""
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0
