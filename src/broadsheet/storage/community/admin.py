"""Admin screens for blocked terms and the filter's decision log."""

from django.contrib import admin

from broadsheet.storage.community.models import BlockedTerm, Comment, Decision

admin.site.register(BlockedTerm)
admin.site.register(Comment, list_display=("id", "user", "status", "created_at"))
admin.site.register(Decision, list_display=("id", "action", "reasons", "created_at"))
