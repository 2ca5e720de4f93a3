"""find_embeds reads the embed markup each platform publishes; find_text_embeds reads flattened posts."""

from __future__ import annotations

from broadsheet.extract import Embed, find_embeds, find_text_embeds
from tests.support.shared import SEED, require

TWEET = """
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Launch window opens at dawn.
<a href="https://twitter.com/hashtag/space">#space</a></p>&mdash; Space Desk (@spacedesk)
<a href="https://twitter.com/spacedesk/status/1234567890">March 5, 2024</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script>
"""
BLUESKY = """
<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/3k">
<p lang="en">Field notes from the river delta.</p>&mdash; River Lab (<a
href="https://bsky.app/profile/did:plc:abc">@riverlab.bsky.social</a>)
<a href="https://bsky.app/profile/did:plc:abc/post/3k">January 9, 2025 at 10:02 AM</a></blockquote>
"""
MASTODON = """
<iframe src="https://mastodon.social/@newsroom/111222333/embed" class="mastodon-embed"
style="max-width: 100%" width="400"></iframe>
"""
INSTAGRAM = """
<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/AbC123/?utm_source=ig_embed">
<div><p><a href="https://www.instagram.com/p/AbC123/">A post shared by Harbour Museum (@harbourmuseum)</a></p></div>
</blockquote>
"""
YOUTUBE = '<iframe width="560" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Interview"></iframe>'
TIKTOK = """
<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@chef/video/7000" data-video-id="7000">
<section><a title="@chef" href="https://www.tiktok.com/@chef">@chef</a><p>Five-minute bread</p></section>
</blockquote>
"""
FACEBOOK = '<div class="fb-post" data-href="https://www.facebook.com/city/posts/42"></div>'
THREADS = """<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@mayor/post/C1">
<a href="https://www.threads.net/@mayor/post/C1">Post by @mayor</a></blockquote>"""


def only(html: str) -> Embed:
    embeds = find_embeds(html, "https://news.example.org/a")
    assert len(embeds) == 1, embeds
    return embeds[0]


def test_tweet() -> None:
    embed = only(TWEET)
    assert (embed.platform, embed.handle, embed.author) == ("x", "@spacedesk", "Space Desk")
    assert embed.url == "https://twitter.com/spacedesk/status/1234567890"
    assert embed.published == "2024-03-05"
    assert embed.text.startswith("Launch window opens at dawn.")
    assert embed.source == "html"


def test_bluesky() -> None:
    embed = only(BLUESKY)
    assert (embed.platform, embed.handle, embed.published) == (
        "bluesky",
        "@riverlab.bsky.social",
        "2025-01-09",
    )
    assert embed.url == "https://bsky.app/profile/did:plc:abc/post/3k"
    assert embed.text == "Field notes from the river delta."


def test_mastodon_iframe() -> None:
    embed = only(MASTODON)
    assert embed.platform == "mastodon"
    assert embed.url == "https://mastodon.social/@newsroom/111222333"
    assert embed.handle == "@newsroom@mastodon.social"


def test_instagram() -> None:
    embed = only(INSTAGRAM)
    assert (embed.platform, embed.handle, embed.author) == (
        "instagram",
        "@harbourmuseum",
        "Harbour Museum",
    )
    assert embed.url == "https://www.instagram.com/p/AbC123/"


def test_youtube_iframe() -> None:
    embed = only(YOUTUBE)
    assert (embed.platform, embed.url) == ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")


def test_youtube_lone_link_but_not_inline_link() -> None:
    lone = '<p><a href="https://youtu.be/dQw4w9WgXcQ">Watch</a></p>'
    inline = '<p>As <a href="https://youtu.be/dQw4w9WgXcQ">this video</a> shows, it works.</p>'
    assert only(lone).platform == "youtube"
    assert find_embeds(inline) == ()


def test_tiktok_facebook_threads() -> None:
    assert (only(TIKTOK).platform, only(TIKTOK).handle) == ("tiktok", "@chef")
    assert only(FACEBOOK) == Embed(
        "facebook", "https://www.facebook.com/city/posts/42", None, None, None, "", "html"
    )
    assert only(THREADS).url == "https://www.threads.net/@mayor/post/C1"


def test_page_order_and_nothing_on_plain_pages() -> None:
    embeds = find_embeds(f"<p>Intro</p>{TWEET}<p>Middle</p>{YOUTUBE}")
    assert [e.platform for e in embeds] == ["x", "youtube"]
    assert find_embeds("<p>No embeds here.</p>") == ()
    assert find_embeds("") == ()


def test_seed_page_flattened_post() -> None:
    text = require(SEED / "000_cd1d4b8b4071014e.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    signature = next(i for i, line in enumerate(lines) if "(@BBCr4today)" in line)
    (embed,) = find_text_embeds(text)
    assert (embed.platform, embed.handle, embed.author) == ("x", "@BBCr4today", "BBC Radio 4 Today")
    assert embed.published == "2025-07-03"
    assert embed.source == "text"
    assert embed.text == "\n".join(lines[signature - 2 : signature])


def test_seed_page_with_blank_line_paragraphs() -> None:
    text = require(SEED / "000_cd1d4b8b4071014e.txt").read_text(encoding="utf-8")
    (embed,) = find_text_embeds(text.replace("\n", "\n\n"))
    assert embed.handle == "@BBCr4today"
    assert len(embed.text.splitlines()) == 2


def test_text_signature_variants() -> None:
    for dash in ("— ", "- ", "&mdash; "):
        text = (
            f"Some prose paragraph.\n\nWe are live now. #News\n{dash}Desk Name (@desk) Jan 2, 2024"
        )
        (embed,) = find_text_embeds(text)
        assert (embed.handle, embed.published, embed.text) == (
            "@desk",
            "2024-01-02",
            "We are live now. #News",
        )
    assert find_text_embeds("- an ordinary list item\n- another") == ()
