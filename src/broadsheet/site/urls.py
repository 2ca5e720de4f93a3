"""URL routes: the JSON API, the Google Reader API, outgoing feeds, the admin, the reader."""

from django.contrib import admin
from django.urls import include, path

from broadsheet.api import api

# a database error outside a view (a session being saved) answers 503, like one inside it
handler500 = "broadsheet.site.unavailable.server_error"
# a request Django refuses before any view (too many fields, too large) says why on one line
handler400 = "broadsheet.site.refused.bad_request"

urlpatterns = [
    # FreshRSS's address for the Google Reader API: apps offering "FreshRSS" accounts use it.
    path("api/greader.php/", include("broadsheet.greader.urls")),
    path("", include("broadsheet.fever.urls")),  # /fever/ and /api/fever.php
    path("api/", api.urls),
    path("", include("broadsheet.greader.urls")),
    path("syndication/", include("broadsheet.syndication.urls")),
    path("admin/", admin.site.urls),
    path("", include("broadsheet.web.urls")),
]
