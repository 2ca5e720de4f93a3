"""Routes of the outgoing feeds: /syndication/<what>.<rss|atom>."""

from django.urls import path

from broadsheet.syndication import views

urlpatterns = [
    path("latest.<str:fmt>", views.latest, name="syndication_latest"),
    path("stories/<int:story_id>.<str:fmt>", views.story, name="syndication_story"),
    path("hashtags/<str:tag>.<str:fmt>", views.hashtag, name="syndication_hashtag"),
    path("entities/<str:name>.<str:fmt>", views.entity, name="syndication_entity"),
    path("search.<str:fmt>", views.search, name="syndication_search"),
    path("alerts/<int:alert_id>.<str:fmt>", views.alert, name="syndication_alert"),
]
