"""Filter rules: a reader's block/keep rules, previewed over 30 days, then saved or deleted."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet.errors import FilterRuleError
from broadsheet.reading import (
    add_filter_rule,
    delete_filter_rule,
    filter_rules,
    preview_filter_rule,
)
from broadsheet.web.views._common import signed_in

FORM = ("action", "kind", "field", "pattern")


def _posted(request: HttpRequest) -> tuple[str, str, str, str]:
    action, kind, field, pattern = (request.POST.get(k, "") for k in FORM)
    return action, kind, field, pattern


@signed_in
def rules(request: HttpRequest) -> HttpResponse:
    """List the reader's rules; POST saves a new one."""
    if request.method == "POST":
        try:
            made = add_filter_rule(request.user.id, *_posted(request))
        except FilterRuleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Rule saved: {made.label}.")
        return redirect("rules")
    return render(request, "web/rules.html", {"rules": filter_rules(request.user.id)})


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
def delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Delete one of the reader's rules."""
    if not delete_filter_rule(request.user.id, rule_id):
        messages.error(request, "No such rule.")
    return redirect("rules")
