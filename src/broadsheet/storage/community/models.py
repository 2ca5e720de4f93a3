"""Community tables: comments, moderation decisions, blocked terms, alerts and their matches."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    """A reader's plain-text comment on an article or a story (``story_id`` is the stories' ID)."""

    VISIBLE, HELD, REMOVED = "visible", "held", "removed"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "storage.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    story_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    text = models.TextField()
    status = models.CharField(max_length=10, default=VISIBLE, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["article", "created_at"]),
            models.Index(fields=["user", "created_at"]),
        ]


class Decision(models.Model):
    """Why the spam/abuse filter (or a moderator) let a comment through, held or rejected it."""

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10)  # allow | hold | reject | approve | remove
    reasons = models.JSONField(default=list)
    excerpt = models.CharField(max_length=200, blank=True)
    by_moderator = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)


class BlockedTerm(models.Model):
    """A word or phrase that gets a comment rejected (staff edit these in the admin)."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.term


class Alert(models.Model):
    """A saved rule ("entity = X and not source = Y", or keywords) that collects matches."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    rule = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=9, default="none")  # none | immediate | daily
    webhook = models.URLField(max_length=2000, blank=True)  # POSTed JSON for new matches
    mailed_at = models.DateTimeField(null=True, blank=True)  # the last digest mailed
    my_feeds = models.BooleanField(default=False)  # match only articles of the owner's feeds


class AlertMatch(models.Model):
    """An article an alert matched (its feed of notifications)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="matches")
    article = models.ForeignKey("storage.Article", on_delete=models.CASCADE, related_name="+")
    matched_at = models.DateTimeField(default=timezone.now)
    mailed_at = models.DateTimeField(null=True, blank=True)  # null: not in a digest yet
    posted_at = models.DateTimeField(null=True, blank=True)  # null: not sent to the webhook yet

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "article"], name="alert_match_once")
        ]
        indexes = [models.Index(fields=["alert", "-matched_at"])]


class ReaderRule(models.Model):
    """A reader's filter rule: ``block`` hides matching articles, ``keep`` hides all others.

    ``kind`` is ``keyword`` (words matched whole, any case) or ``regex``; ``field`` is where
    it looks: title, text, author, feed, outlet or any of them.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=5)  # block | keep
    kind = models.CharField(max_length=7)  # keyword | regex
    field = models.CharField(max_length=6)  # title | text | author | feed | outlet | any
    pattern = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "id"])]


class RuleMatch(models.Model):
    """An article a reader's rules hide from them, stored when it passes the pipeline's rules
    step or when a backfill applies the reader's changed rules (``rule_id`` is the block rule
    that hides it, 0 for "none of the keep rules matches it")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("storage.Article", on_delete=models.CASCADE, related_name="+")
    rule_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="rule_match_once")]


class RuleCoverage(models.Model):
    """Which articles a reader's stored matches answer for: every id from ``wide`` to ``high``,
    those from ``floor`` to ``wide`` in ``feeds`` (the feeds they followed) or of no feed, and
    every article above ``high`` the rules step has checked (``RuleChecked``). The backfill walks
    down from ``high``; ``low`` is where it got. ``version`` changes with every rule change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    version = models.BigIntegerField(default=0)
    high = models.BigIntegerField(default=0)
    low = models.BigIntegerField(default=1)  # > high: nothing covered yet
    wide = models.BigIntegerField(default=0)  # the instance's newest articles start here
    floor = models.BigIntegerField(default=0)  # the reader's newest listed ones start here
    feeds = models.JSONField(default=list)
    total = models.IntegerField(default=0)  # articles the backfill checks
    done = models.IntegerField(default=0)
    leased_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)


class RuleChecked(models.Model):
    """An article the rules step checked against every reader's rules (per-article step state:
    a reader's stored matches answer for it from then on)."""

    article = models.OneToOneField(
        "storage.Article", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
