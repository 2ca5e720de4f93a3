"""The story page: every outlet's article, who reported first, timeline, cited summary."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.web import panels
from broadsheet.web.views._common import feed, user_id
from broadsheet.web.views._kept import render_kept


def story(request: HttpRequest, story_id: int) -> HttpResponse:
    """Render one story (following merges), or 404 when it ."""
    try:
        detail = reading.story_detail(story_id)
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    timeline = sorted(detail.articles, key=lambda a: (a.published_at is None, a.published_at))
    return render_kept(
        request,
        "web/story.html",
        {
            "s": detail,
            "timeline": timeline,
            "summary": panels.story_summary(detail.id),
            "ids": ",".join(str(a.id) for a in detail.articles),
            "comments": reading.comments_for(story_id=detail.id, viewer_id=user_id(request)),
            "feed": feed(detail.headline, "syndication_story", detail.id),
        },
    )
