"""Encoding: BOM, Content-Type charset, then an in-document declaration; text() never fails."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.fetch import FetchResult
from broadsheet.fetch._charset import decode, detect_encoding
from tests.fetch.conftest import make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/xml; charset=ISO-8859-1", b"<rss/>", "iso-8859-1"),
        ('text/html; charset="utf-8"', b"<p>", "utf-8"),
        ("text/html; charset=no-such-codec", b"<p>", None),
        ("text/html", b'<html><head><meta charset="windows-1251">', "windows-1251"),
        (
            "text/html",
            b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
            "koi8-r",
        ),
        ("application/xml", b"<?xml version='1.0' encoding='iso-8859-2'?><rss/>", "iso-8859-2"),
        ("application/xml", b'<?xml version="1.0" encoding="UTF-16"?><rss/>', "utf-8"),
        (None, b"\xef\xbb\xbf<rss/>", "utf-8"),
        ("text/xml; charset=latin-1", b"\xff\xfe<\x00", "utf-16-le"),  # a BOM outranks the header
        (None, b"<rss/>", None),
    ],
)
def test_detect_encoding(content_type: str | None, body: bytes, expected: str | None) -> None:
    assert detect_encoding(content_type, body) == expected


def test_latin1_label_decodes_as_windows_1252() -> None:
    assert decode(b"\x93quoted\x94", "iso-8859-1") == "“quoted”"


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_unknown_encoding_is_guessed(codec: str) -> None:
    text = "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 3
    assert decode(text.encode(codec), None) == text


def test_bom_is_stripped_from_text() -> None:
    assert decode(b"\xef\xbb\xbf<rss/>", "utf-8") == "<rss/>"


@given(
    st.binary(max_size=300),
    st.sampled_from([None, "utf-8", "iso-8859-1", "shift_jis", "utf-16-le"]),
)
def test_decode_never_raises(body: bytes, encoding: str | None) -> None:
    assert isinstance(decode(body, encoding), str)


async def test_declared_charset_from_the_server_is_used(local_server: LocalServer) -> None:
    local_server.route(
        "/doc", body="<p>Größe</p>".encode("iso-8859-1"), headers={"Content-Type": "text/html"}
    )
    async with make_fetcher() as fetcher:
        right = await fetcher.get(local_server.url("/_/charset/iso-8859-1/doc"))
        wrong = await fetcher.get(local_server.url("/_/charset/utf-8/doc"))
        none = await fetcher.get(local_server.url("/_/charset/none/doc"))
    assert right.encoding == "iso-8859-1" and right.text() == "<p>Größe</p>"
    assert wrong.encoding == "utf-8" and "\ufffd" in wrong.text()  # wrong label: replaced, no crash
    assert none.encoding is None and "Gr" in none.text()


async def test_xml_declaration_is_sniffed(local_server: LocalServer) -> None:
    body = '<?xml version="1.0" encoding="windows-1252"?><rss><title>café</title></rss>'
    local_server.route(
        "/feed", body=body.encode("cp1252"), headers={"Content-Type": "application/rss+xml"}
    )
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/feed"))
    assert result.encoding == "windows-1252" and "café" in result.text()


async def test_invalid_xml_is_still_delivered(local_server: LocalServer) -> None:
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/_/invalid-xml"))
    assert result.encoding == "utf-8" and "Broken & unescaped" in result.text()


def test_304_has_no_encoding() -> None:
    result = FetchResult(
        url="u",
        final_url="u",
        status=304,
        headers={},
        body=b"",
        encoding=None,
        etag='"x"',
        last_modified=None,
        permanent_redirect=None,
        redirects=(),
        elapsed=0.0,
        wire_bytes=0,
    )
    assert result.not_modified and result.text() == ""
