"""Routes of the Fever API: Miniflux's address and FreshRSS's."""

from django.urls import path

from broadsheet.fever import _endpoint

urlpatterns = [
    path("fever/", _endpoint.fever, name="fever"),
    path("api/fever.php", _endpoint.fever, name="fever_php"),
]
