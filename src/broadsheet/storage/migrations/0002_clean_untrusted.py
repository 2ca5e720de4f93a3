"""Clear what earlier versions stored unchecked: non-web URLs, XML-forbidden characters, raw HTML.

- an article's ``image`` and a feed's ``site_url``/``image`` that are not absolute http(s)
  addresses are emptied (they were rendered as ``<img src="javascript:...">`` and served as
  Google Reader ``htmlUrl``);
- a feed whose own address is not http(s) (``file:``, ``javascript:`` from an OPML import) is
  deactivated with the reason, keeping its articles;
- embedded posts keep their text but lose a non-web link;
- an article without reading HTML (extraction pending or failed) gets its feed markup
  sanitised into ``html``, the only field outputs serve.

Control characters already stored are not searched for (a scan of every text at 1M articles):
the RSS/Atom writer removes them on the way out, and new input never carries them.

Rows are walked in id order in chunks so a large database is not loaded at once.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import Q

from broadsheet.extract import sanitize_html
from broadsheet.untrusted import url_problem, web_url

CHUNK = 2000


def _chunks(qs, fields):
    last = 0
    while True:
        rows = list(qs.filter(id__gt=last).order_by("id").values_list("id", *fields)[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _clean_feeds(Feed) -> None:
    for row in Feed.objects.values_list("id", "url", "site_url", "image"):
        feed_id, url, site_url, image = row
        changes = {}
        if site_url and not web_url(site_url):
            changes["site_url"] = ""
        if image and not web_url(image):
            changes["image"] = ""
        problem = url_problem(url)
        if problem:
            reason = f"Not fetched: {problem}."
            changes.update(
                active=False, health="disabled", health_message=reason, disabled_reason=reason
            )
        if changes:
            Feed.objects.filter(id=feed_id).update(**changes)


def _clean_articles(Article) -> None:
    web = Q(image="") | Q(image__startswith="http://") | Q(image__startswith="https://")
    for rows in _chunks(Article.objects.exclude(web), ("image",)):
        for article_id, image in rows:
            Article.objects.filter(id=article_id).update(image=web_url(image))
    empty = Q(html="") & (~Q(feed_content_html="") | ~Q(feed_summary_html=""))
    for rows in _chunks(
        Article.objects.filter(empty), ("url", "feed_content_html", "feed_summary_html")
    ):
        for article_id, url, content, summary in rows:
            html = sanitize_html(content or summary, web_url(url) or None)
            Article.objects.filter(id=article_id).update(html=html)
    for rows in _chunks(Article.objects.exclude(embeds=[]), ("embeds",)):
        for article_id, embeds in rows:
            cleaned = [e | {"url": web_url(e.get("url")) or None} for e in embeds or []]
            if cleaned != embeds:
                Article.objects.filter(id=article_id).update(embeds=cleaned)


def forwards(apps, schema_editor) -> None:
    _clean_feeds(apps.get_model("storage", "Feed"))
    _clean_articles(apps.get_model("storage", "Article"))


class Migration(migrations.Migration):
    dependencies = [("storage", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
