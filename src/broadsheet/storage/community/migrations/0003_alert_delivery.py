"""Alerts can be mailed (immediately or as a daily digest) and POSTed to a webhook."""

from django.db import migrations, models
from django.db.models import F


def delivered(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Matches made before delivery existed count as delivered (no flood of old news)."""
    match = apps.get_model("community", "AlertMatch")
    match.objects.update(mailed_at=F("matched_at"), posted_at=F("matched_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_reader_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="delivery",
            field=models.CharField(default="none", max_length=9),
        ),
        migrations.AddField(
            model_name="alert",
            name="mailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="alert",
            name="webhook",
            field=models.URLField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="alertmatch",
            name="mailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="alertmatch",
            name="posted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(delivered, migrations.RunPython.noop),
    ]
