"""The fuzz harness itself: it must see a crash, a hang, a blown memory bound and a bad API
answer, or the short run in test_fuzz_short.py would pass whatever the code does."""

from __future__ import annotations

import pytest

from broadsheet.errors import FeedParseError
from tests.fuzz.test_fuzz_short import harness


def test_only_the_typed_error_with_a_message_is_a_refusal() -> None:
    fuzz = harness()
    assert fuzz._classify(FeedParseError("x is not a feed"), FeedParseError)[0] == "refused"
    assert fuzz._classify(FeedParseError(""), FeedParseError)[0] == "unclear message"
    outcome, detail, _ = fuzz._classify(KeyError("where"), FeedParseError)
    assert outcome == "exception" and detail.startswith("KeyError")
    assert fuzz._classify(FeedParseError("x"), None)[0] == "exception"


def test_a_slow_input_is_a_hang_and_the_worker_is_replaced() -> None:
    fuzz = harness()
    worker = fuzz.Worker("sanitize", 4096)
    try:
        hang = worker.run(b"<p><b>x</b></p>" * 200_000, 0.0)
        assert hang.outcome == "hang"
        assert worker.run(b"<p>still answers</p>", 30).outcome == "ok"
    finally:
        worker.close()


def test_a_worker_over_the_memory_bound_is_a_failure() -> None:
    fuzz = harness()
    worker = fuzz.Worker("sanitize", 4096)
    try:
        assert worker.run(b"<p>x</p>", 30, max_rss_mib=1).outcome == "memory"
    finally:
        worker.close()


@pytest.mark.parametrize(
    ("status", "content", "bad"),
    [
        (500, b'{"detail": "boom"}', True),
        (400, b"<!doctype html>\n<h1>Bad Request (400)</h1>\n", True),
        (400, b'{"error": "two\\nlines"}', True),
        (422, b'{"detail": ""}', True),
        (422, b'{"detail": "invalid request: text: field required"}', False),
        (401, b"Unauthorized", False),
        (200, b"<html>\n</html>", False),
    ],
)
def test_an_api_answer_fails_on_5xx_or_a_refusal_without_one_line(
    status: int, content: bytes, bad: bool
) -> None:
    harness()
    import _fuzz_targets  # type: ignore[import-not-found]

    if bad:
        with pytest.raises(_fuzz_targets.BadAnswer):
            _fuzz_targets._check(status, content)
    else:
        _fuzz_targets._check(status, content)


def test_each_mutation_changes_the_seed_and_is_reproducible() -> None:
    harness()
    import _fuzz_inputs  # type: ignore[import-not-found]

    seed = b'<rss version="2.0"><channel><title>T</title><item><a>b</a></item></channel></rss>'
    for op in ("flip", "truncate", "delete", "repeat", "splice", "insert", "insert_at_markup"):
        ops = [(op, 0.5, 12345)]
        once = _fuzz_inputs.mutate(seed, ops, b"<other>seed</other>")
        assert once != seed, op
        assert once == _fuzz_inputs.mutate(seed, ops, b"<other>seed</other>"), op
