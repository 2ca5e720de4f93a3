"""ClientLogin, the write token and user-info."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from broadsheet.greader._http import bad_request, endpoint, param, text
from broadsheet.reading import check_password, create_token, get_user
from broadsheet.site import throttle

__all__ = ["client_login", "token", "user_info"]


@endpoint(auth=False)
def client_login(request: HttpRequest) -> HttpResponse:
    """Exchange Email (user name or email) and Passwd for an Auth token; failures are throttled."""
    email, password = param(request, "Email"), param(request, "Passwd")
    if not email or not password:
        return bad_request("ClientLogin needs the parameters Email and Passwd")
    attempt = throttle.begin_login(request, email)  # past a limit: 429 (see _http.endpoint)
    user_id = check_password(email, password)
    if user_id is None:
        return text("Error=BadAuthentication\n", 401)
    attempt.succeeded()
    auth = create_token(user_id, "Google Reader client", kind="greader")
    if param(request, "output") == "json":
        return JsonResponse({"SID": auth, "LSID": "null", "Auth": auth})
    return text(f"SID={auth}\nLSID=null\nAuth={auth}\n")


@endpoint()
def token(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return the token to send as ``T`` with writes (the Auth token itself)."""
    header = request.headers.get("Authorization", "")
    return text(header.partition("auth=")[2] or header.partition(" ")[2] or param(request, "T"))


@endpoint()
def user_info(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return who is logged in."""
    user = get_user(user_id)
    return JsonResponse(
        {
            "userId": str(user.id),
            "userName": user.username,
            "userProfileId": str(user.id),
            "userEmail": user.email,
        }
    )
