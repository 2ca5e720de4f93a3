"""Outlets are publishers, not hosts: re-key every outlet from what its feeds say of themselves.

Earlier versions keyed an outlet by the host of its feed's site link, so every feed served from
one host (``127.0.0.1``, ``medium.com``, ``feeds.feedburner.com``) was one outlet named after
the first. Each feed's key now comes from ``broadsheet.dedupe.publisher`` (its site link, URL
and title); this migration

- finds or creates the outlet of each key (named from its feeds' titles; a name a person gave
  an outlet that is only re-keyed, not split, is kept);
- moves each feed, and its articles, to its key's outlet: one UPDATE per feed, never per
  article, so a database of a million articles is re-keyed in seconds;
- gives readers who muted an outlet a mute on each outlet it was split into;
- leaves articles without a feed (imports) on their host outlet, and deletes an old outlet
  left with no feed and no article.

Backwards it changes nothing: the new keys stay valid outlets for the older code.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import migrations

from broadsheet.dedupe import automatic_name, outlet_name, publisher


def _keys(Feed):
    """Key -> [(feed id, title, old outlet id, home)] for every feed with a web address."""
    found = defaultdict(list)
    rows = Feed.objects.order_by("id").values_list("id", "url", "site_url", "title", "source_id")
    for feed_id, url, site_url, title, old in rows:
        who = publisher(site_url, url, title)
        if who is not None:
            found[who.key].append((feed_id, title, old, who.home))
    return found


def rekey_outlets(apps, schema_editor=None) -> None:
    """Put every feed and its articles in its publisher's outlet (see the module docstring)."""
    Source = apps.get_model("storage", "Source")
    Feed = apps.get_model("storage", "Feed")
    Article = apps.get_model("storage", "Article")
    MutedSource = apps.get_model("reader", "MutedSource")
    by_key = _keys(Feed)
    existing = {s.domain: s for s in Source.objects.all()}
    by_id = {s.id: s for s in existing.values()}
    feeds_of_old = Counter(Feed.objects.exclude(source=None).values_list("source_id", flat=True))
    moves = []  # (feed id, old outlet id, new outlet id)
    for key, members in by_key.items():
        titles = [title for _, title, _, _ in members if title]
        name = outlet_name(key, titles)
        source = existing.get(key)
        if source is None:
            olds = {old for _, _, old, _ in members if old is not None}
            kept = ""
            if len(olds) == 1:  # re-keyed whole (not split): a name given by a person stays
                (old,) = olds
                previous = by_id.get(old)
                whole = feeds_of_old[old] == sum(1 for m in members if m[2] == old)
                if (
                    previous
                    and whole
                    and not automatic_name(previous.name, previous.domain, titles)
                ):
                    kept = previous.name
            source = Source.objects.create(
                domain=key[:255], name=(kept or name)[:300], site_url=members[0][3][:2000]
            )
            existing[key] = source
        elif name != source.name and automatic_name(source.name, key, titles):
            source.name = name[:300]
            source.save(update_fields=["name"])
        moves += [(f, old, source.id) for f, _, old, _ in members if old != source.id]
    for feed_id, _old, new in moves:
        Feed.objects.filter(id=feed_id).update(source_id=new)
        Article.objects.filter(feed_id=feed_id).exclude(source_id=new).update(source_id=new)
    pairs = {(old, new) for _, old, new in moves if old is not None}
    for old, new in pairs:
        users = MutedSource.objects.filter(source_id=old).values_list("user_id", flat=True)
        MutedSource.objects.bulk_create(
            [MutedSource(user_id=u, source_id=new) for u in users], ignore_conflicts=True
        )
    for old in {old for old, _ in pairs}:
        if not (
            Feed.objects.filter(source_id=old).exists()
            or Article.objects.filter(source_id=old).exists()
        ):
            Source.objects.filter(id=old).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("storage", "0003_work"),
        ("reader", "0001_initial"),
    ]

    operations = [migrations.RunPython(rekey_outlets, migrations.RunPython.noop, elidable=True)]
