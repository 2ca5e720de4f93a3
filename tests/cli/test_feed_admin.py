"""`broadsheet remove ID` and `broadsheet feed edit ID ...`: the operator's feed changes."""

from __future__ import annotations

import pytest

from broadsheet.cli import main
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader import subscriptions as subs
from broadsheet.storage.reader.models import ArticleState

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_feed_edit_changes_title_folder_url_interval_and_pages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_id, _ = feeds.add_feed("https://news.example/feed.xml", title="News")
    code, out, _ = run(
        capsys, "feed", "edit", str(feed_id), "--title", "Daily", "--folder", "World/Europe",
        "--url", "https://news.example/rss", "--interval", "120", "--no-page",
    )  # fmt: skip
    assert code == 0 and "Daily <https://news.example/rss> in World/Europe" in out
    feed = Feed.objects.get()
    assert feed.url == "https://news.example/rss" and feed.interval_minutes == 120
    settings = subs.feed_settings(feed_id)
    assert settings.interval_minutes == 120 and settings.fetch_pages is False
    assert run(capsys, "feed", "edit", str(feed_id), "--interval", "0", "--page")[0] == 0
    settings = subs.feed_settings(feed_id)
    assert settings.interval_minutes is None and settings.fetch_pages is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "1"], "out of range"),
        (["--url", "ftp://x"], "Cannot use"),
        ([], "nothing to change"),
    ],
)
def test_feed_edit_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    feed_id, _ = feeds.add_feed("https://news.example/feed.xml", title="News")
    code, _, err = run(capsys, "feed", "edit", str(feed_id), *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_remove_keeps_saved_articles(capsys: pytest.CaptureFixture[str]) -> None:
    from django.contrib.auth.models import User

    feed_id, _ = feeds.add_feed("https://news.example/feed.xml", title="News")
    ids = [
        Article.objects.create(
            origin=f"feed:{feed_id}", key_hash=str(i), item_key=str(i), key_kind="guid",
            feed_id=feed_id, url=f"https://news.example/{i}", title=f"Item {i}",
        ).id
        for i in range(4)
    ]  # fmt: skip
    ana = User.objects.create_user("ana", password="x")
    ArticleState.objects.create(user=ana, article_id=ids[0], saved=True)
    code, out, _ = run(capsys, "remove", str(feed_id))
    assert code == 0 and "3 articles deleted, 1 saved by readers kept" in out
    assert not Feed.objects.exists() and list(Article.objects.values_list("id", flat=True)) == [
        ids[0]
    ]
    code, _, err = run(capsys, "remove", str(feed_id))
    assert code == 1 and f"no feed with id {feed_id}" in err
