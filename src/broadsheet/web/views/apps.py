"""Reader apps: where to point a Google Reader or Fever app, and the reader's Fever password.

Fever apps send md5("<user name>:<password>") with every call, so the Fever password is one the
reader sets here, apart from their account password (which Google Reader apps use).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from broadsheet import reading
from broadsheet.web.views._common import signed_in

__all__ = ["FeverPasswordForm", "apps"]


class FeverPasswordForm(forms.Form):
    """The Fever password, typed twice."""

    password = forms.CharField(
        label="Fever password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        min_length=8,
        max_length=200,
        help_text="At least 8 characters. Use a password of its own, not your account's.",
    )
    again = forms.CharField(
        label="The same again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, str]:
        """Refuse two different passwords."""
        data: dict[str, str] = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("again"):
            raise forms.ValidationError("The two passwords differ; type the same one twice.")
        return data


def _save(request: HttpRequest, form: FeverPasswordForm) -> HttpResponse | None:
    if request.POST.get("action") == "off":
        if reading.clear_fever_password(request.user.id):
            messages.success(request, "Fever access is off: apps using it are signed out.")
        return redirect("apps")
    if not form.is_valid():
        return None
    try:
        name = reading.set_fever_password(request.user.id, form.cleaned_data["password"])
    except ValueError as exc:
        form.add_error("password", str(exc))
        return None
    messages.success(request, f"Fever password set. Sign in from the app as {name!r}.")
    return redirect("apps")


@signed_in
def apps(request: HttpRequest) -> HttpResponse:
    """Show the app endpoints; POST sets the Fever password (or turns Fever access off)."""
    form = FeverPasswordForm(request.POST or None)
    if request.method == "POST":
        done = _save(request, form)
        if done is not None:
            return done
    context = {
        "form": form,
        "fever_on": reading.has_fever_password(request.user.id),
        "fever_url": request.build_absolute_uri(reverse("fever")),
        "fever_php_url": request.build_absolute_uri(reverse("fever_php")),
        "greader_url": request.build_absolute_uri("/"),
        "username": request.user.get_username(),
    }
    return render(request, "web/accounts/apps.html", context)
