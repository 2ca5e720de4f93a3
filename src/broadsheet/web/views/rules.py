"""Filter rules: a reader's block/keep rules, previewed over 30 days, then saved, changed or
deleted; each change is applied to the reader's recent articles at once (``pipeline``), and the
page says how far that got while it runs on."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet.errors import FilterRuleError
from broadsheet.pipeline import (
    add_filter_rule,
    delete_filter_rule,
    edit_filter_rule,
    rule_progress,
)
from broadsheet.reading import filter_rules, preview_filter_rule
from broadsheet.web.views._common import signed_in

FORM = ("action", "kind", "field", "pattern")


def _posted(request: HttpRequest) -> tuple[str, str, str, str]:
    action, kind, field, pattern = (request.POST.get(k, "") for k in FORM)
    return action, kind, field, pattern


@signed_in
def rules(request: HttpRequest) -> HttpResponse:
    """List the reader's rules and how far their last change is applied; POST saves a new one."""
    if request.method == "POST":
        try:
            made = add_filter_rule(request.user.id, *_posted(request))
        except FilterRuleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Rule saved: {made.label}.")
        return redirect("rules")
    context = {"rules": filter_rules(request.user.id), "progress": rule_progress(request.user.id)}
    return render(request, "web/rules.html", context)


@signed_in
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """What the posted rule matches among the last 30 days' articles (an htmx fragment)."""
    action = request.POST.get("action", "")
    try:
        found, error = preview_filter_rule(*_posted(request)), ""
    except FilterRuleError as exc:
        found, error = None, str(exc)
    return render(
        request, "web/_rule_preview.html", {"found": found, "error": error, "action": action}
    )


@signed_in
@require_POST
def edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Change one of the reader's rules."""
    try:
        changed = edit_filter_rule(request.user.id, rule_id, *_posted(request))
    except FilterRuleError as exc:
        messages.error(request, str(exc))
    else:
        if changed is None:
            messages.error(request, "No such rule.")
        else:
            messages.success(request, f"Rule changed: {changed.label}.")
    return redirect("rules")


@signed_in
@require_POST
def delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Delete one of the reader's rules."""
    if not delete_filter_rule(request.user.id, rule_id):
        messages.error(request, "No such rule.")
    return redirect("rules")
