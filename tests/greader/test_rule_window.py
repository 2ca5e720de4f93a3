"""A rule window left unfinished by a spent budget goes on where it stopped, without listing
the reading list again, and ends with what one full check finds."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from broadsheet.reading import _rule_check as rule_check_module
from broadsheet.reading import add_filter_rule
from broadsheet.storage.reader import streams

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_an_unfinished_window_goes_on_without_listing_again(
    stocked: dict[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = User.objects.create_user("alice", "alice@example.org", "pw").id
    add_filter_rule(alice, "block", "keyword", "title", "story 1, story 2")
    full = rule_check_module.rule_window(alice)
    assert full is not None and full.complete
    cache.clear()
    listed = []
    real = streams.item_refs
    monkeypatch.setattr(streams, "item_refs", lambda *a, **k: listed.append(1) or real(*a, **k))
    monkeypatch.setattr(rule_check_module, "BUDGET", 0.0)  # one article checked per call
    window = rule_check_module.rule_window(alice)
    assert window is not None and not window.complete and window.pending
    for _ in range(20):
        if window.complete:
            break
        window = rule_check_module.rule_window(alice)
        assert window is not None
    assert window.complete and not window.pending
    assert listed == [1]  # the reading list was listed once, by the first call
    assert window.hidden == full.hidden and window.checked == full.checked


def test_an_old_window_checks_again_only_what_changed(
    stocked: dict[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from broadsheet.storage.models import Article

    alice = User.objects.create_user("alice", "alice@example.org", "pw").id
    add_filter_rule(alice, "block", "keyword", "title", "story 1, story 2")
    full = rule_check_module.rule_window(alice)
    assert full is not None and full.complete and full.hidden
    changed = sorted(full.checked_ids)[0]
    checked: list[int] = []
    real = rule_check_module.RuleCheck.check

    def counting(self: rule_check_module.RuleCheck, ids: list[int], **kw: object) -> object:
        checked.extend(ids)
        return real(self, ids, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(rule_check_module.RuleCheck, "check", counting)
    monkeypatch.setattr(rule_check_module, "WINDOW_SECONDS", -1)  # every window is old
    later = timezone.now() + timedelta(seconds=5)
    Article.objects.filter(id=changed).update(updated_at=later)
    again = rule_check_module.rule_window(alice)
    assert again is not None and again.complete
    assert checked == [changed]  # not the whole window over again
    assert again.hidden == full.hidden and again.checked == full.checked
