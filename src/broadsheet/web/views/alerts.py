"""Alerts: write a rule, preview what it matched over 30 days, save it, read its matches."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet import reading
from broadsheet.errors import AlertRuleError, NotFoundError
from broadsheet.search import create_alert, preview_rule
from broadsheet.web.views._common import signed_in
from broadsheet.web.views._scope import scope


@signed_in
def alerts(request: HttpRequest) -> HttpResponse:
    """List the reader's alerts (``?feeds=mine``: counting matches of their feeds only); POST
    saves a new one (``my_feeds=1``: it matches only articles of their feeds)."""
    if request.method == "POST":
        try:
            made = create_alert(
                request.user.id,
                request.POST.get("name", ""),
                request.POST.get("rule", ""),
                request.POST.get("delivery", "none"),
                request.POST.get("webhook", ""),
                my_feeds=request.POST.get("my_feeds") == "1",
            )
        except AlertRuleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Alert saved: {made.matches} matches in the last 30 days.")
        return redirect("alerts")
    limited = scope(request)
    found = reading.user_alerts(request.user.id, my_feeds=limited.mine)
    return render(request, "web/alerts.html", {"alerts": found, "scope": limited})


@signed_in
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """What the posted rule would have matched over the last 30 days (an htmx fragment)."""
    try:
        matches, total = preview_rule(request.POST.get("rule", ""))
        error = ""
    except AlertRuleError as exc:
        matches, total, error = [], 0, str(exc)
    return render(
        request, "web/_alert_preview.html", {"matches": matches, "total": total, "error": error}
    )


@signed_in
def alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    """One alert's matched articles (``?feeds=mine``: those of the reader's feeds)."""
    limited = scope(request)
    mine = next((a for a in reading.user_alerts(request.user.id) if a.id == alert_id), None)
    try:
        if mine is None:
            raise NotFoundError(f"you have no alert with id {alert_id}")
        matches = reading.alert_matches(request.user.id, alert_id, 100, my_feeds=limited.mine)
    except NotFoundError:
        messages.error(request, "No such alert.")
        return redirect("alerts")
    context = {"alert": mine, "matches": matches, "scope": limited}
    return render(request, "web/alert.html", context)


@signed_in
@require_POST
def delete(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Delete one of the reader's alerts."""
    reading.delete_alert(request.user.id, alert_id)
    return redirect("alerts")
