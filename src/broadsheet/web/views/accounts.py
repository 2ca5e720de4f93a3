"""Accounts: sign up, sign in and out, password reset (e-mailed; the console backend prints it).

Failed sign-ins are throttled per address and per account (``broadsheet.site.throttle``).
Accounts are made by ``pipeline.create_account``: the first is the administrator, and
``BROADSHEET_SIGNUP=closed`` closes this page.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from broadsheet.errors import BroadsheetError, ThrottledError
from broadsheet.pipeline import create_account, first_account, signup_open
from broadsheet.site import throttle


class SignupForm(UserCreationForm):
    """Username, e-mail (for password resets) and password twice."""

    email = forms.EmailField(required=True, help_text="Used only to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else reverse_lazy("home")


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in."""
    if not signup_open():
        return render(request, "web/accounts/signup_closed.html", status=403)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uid = create_account(data["username"], data["password1"], email=data["email"], web=True)
        except BroadsheetError as exc:
            form.add_error(None, str(exc))
        else:
            user = get_user_model().objects.get(pk=uid)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next(request))
    context = {"form": form, "next": _next(request), "first": first_account()}
    return render(request, "web/accounts/signup.html", context)


_login = auth.LoginView.as_view(
    template_name="web/accounts/login.html",
    redirect_authenticated_user=True,
    next_page=reverse_lazy("home"),
)


def login_view(request: HttpRequest) -> HttpResponse:
    """Django's sign-in form, each attempt counted first: past a limit, 429 and Retry-After."""
    if request.method != "POST" or request.user.is_authenticated:
        return _login(request)  # nothing is checked: a form, or a redirect for the signed-in
    try:
        attempt = throttle.begin_login(request, request.POST.get("username", ""))
    except ThrottledError as exc:
        return throttle.too_many(exc)
    response = _login(request)
    if request.user.is_authenticated:
        attempt.succeeded()
    return response


logout_view = auth.LogoutView.as_view(next_page="home")
reset = auth.PasswordResetView.as_view(
    template_name="web/accounts/reset.html", success_url=reverse_lazy("password_reset_done")
)
reset_done = auth.PasswordResetDoneView.as_view(template_name="web/accounts/reset_done.html")
reset_confirm = auth.PasswordResetConfirmView.as_view(
    template_name="web/accounts/reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
)
reset_complete = auth.PasswordResetCompleteView.as_view(
    template_name="web/accounts/reset_complete.html"
)
