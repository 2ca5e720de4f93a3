"""is_challenge_page recognises bot walls and leaves real pages alone."""

from __future__ import annotations

import pytest

from broadsheet.fetch import is_challenge_page

ARTICLE = b"<html><title>How CAPTCHAs work</title><p>Access denied, captcha, robots...</p></html>"


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (403, {"cf-mitigated": "challenge"}, b""),
        (403, {"Server": "cloudflare"}, b"<title>Just a moment...</title>"),
        (503, {}, b"<script>window._cf_chl_opt={}</script>"),
        (200, {}, b"<html><title>Just a moment...</title></html>"),
        (403, {"X-DataDome": "protected"}, b"blocked"),
        (403, {}, b"<script src='https://geo.captcha-delivery.com/captcha/'></script>"),
        (403, {"Server": "AkamaiGHost"}, b"<H1>Access Denied</H1> Reference #18.abc"),
        (403, {}, b"<iframe src='/_Incapsula_Resource?x'></iframe>"),
        (429, {}, b"<div id='px-captcha'></div>"),
        (403, {}, b"<p>Please verify you are a human</p>"),
        (405, {"x-amzn-waf-action": "captcha"}, b""),
    ],
)
def test_walls_are_recognised(status: int, headers: dict[str, str], body: bytes) -> None:
    assert is_challenge_page(status, headers, body)


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (200, {}, ARTICLE),
        (404, {"Server": "cloudflare"}, b"<title>Not found</title>"),
        (403, {"Server": "nginx"}, b"<title>403 Forbidden</title>"),
        (200, {"Server": "AkamaiGHost"}, b"Access Denied Reference #1"),
    ],
)
def test_ordinary_answers_are_not_walls(status: int, headers: dict[str, str], body: bytes) -> None:
    assert not is_challenge_page(status, headers, body)
