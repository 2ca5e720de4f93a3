"""The reader's routes."""

from django.urls import path

from broadsheet.web.views import article, feeds, home

urlpatterns = [
    path("", home.home, name="home"),
    path("articles/<int:article_id>/", article.article, name="article"),
    path("feeds/", feeds.feed_list, name="feeds"),
    path("feeds/add", feeds.feed_add, name="feed_add"),
    path("feeds/import", feeds.feed_import, name="feed_import"),
    path("feeds/export.opml", feeds.opml_export, name="opml_export"),
    path("feeds/<int:feed_id>/refresh", feeds.feed_refresh, name="feed_refresh"),
]
