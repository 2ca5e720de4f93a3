"""One URL per article: tracking parameters, AMP/mobile variants, scheme, host and slash unified."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "__hs", "_hs", "ga_", "oly_", "vero_")
TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "cmpid",
        "cmp",
        "ocid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "src",
        "smid",
        "smtyp",
        "share",
        "ito",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "s_cid",
        "wt.mc_id",
        "icid",
        "intcmp",
        "cid",
        "rss",
        "amp",
        "outputtype",
        "__twitter_impression",
        "guccounter",
        "_ga",
        "_gl",
        "spm",
        "sr_share",
        "taid",
        "rref",
        "xtor",
    }
)
AMP_PATH = re.compile(r"(/amp)(?=/|$)|(\.amp)(?=$|\.html?$)", re.IGNORECASE)
MOBILE_HOST = re.compile(r"^(?:m|mobile|amp|www)\.", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_NAMES or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Return the URL every variant of the same page maps to (stable, idempotent, lower-case host).

    Removes tracking parameters (utm_*, fbclid, gclid, …), the fragment, AMP markers
    (``/amp``, ``.amp``, ``?amp=1``, ``amp.``/``m.``/``www.`` hosts), default ports and
    the trailing slash; ``http`` becomes ``https``. Not a URL: returned stripped, unchanged.
    """
    raw = url.strip()
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return raw
    host = parts.hostname.lower().rstrip(".")
    while MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = MOBILE_HOST.sub("", host, count=1)
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = AMP_PATH.sub("", parts.path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if path.endswith("/index.html") or path.endswith("/index.htm"):
        path = path.rsplit("/", 1)[0] + "/"
    path = path.rstrip("/") or ""
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    return urlunsplit(("https", host, path, urlencode(query), ""))


class _HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical = ""
        self.og_url = ""
        self.amp_of = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and not self.canonical:
            self.canonical = a.get("href", "")
        elif tag == "meta" and a.get("property", a.get("name", "")).lower() == "og:url":
            self.og_url = self.og_url or a.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            raise _Done


class _Done(Exception):
    pass


def page_canonical_url(page: bytes | str, page_url: str) -> str:
    """Return the canonical URL a page declares (``<link rel=canonical>``, else ``og:url``), or ''.

    Relative links resolve against ``page_url``; a declared URL on another site is ignored
    unless it is the same registrable host after canonicalisation (guards against spam pages).
    """
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    parser = _HeadLinks()
    try:
        parser.feed(text[:300_000])
    except _Done:
        pass
    except Exception:  # malformed markup: fall back to what was found so far
        pass
    for found in (parser.canonical, parser.og_url):
        if not found:
            continue
        absolute = urljoin(page_url, found)
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).hostname:
            return canonical_url(absolute)
    return ""
