"""Broadsheet's exceptions: one hierarchy, each message written for the person who must act.

BroadsheetError
├── ConfigError            a BROADSHEET_* setting is missing or invalid
├── FetchError             a URL could not be fetched (``kind`` names why, for feed health)
│   ├── BlockedAddressError     the host resolves to a private/loopback/metadata address
│   ├── TooLargeError           the body (after decompression) exceeds the limit
│   ├── FetchTimeoutError       connect/read timed out or the server stalled
│   ├── RedirectLoopError       redirects loop or exceed the limit
│   ├── HTTPStatusError         the server answered with an error status
│   ├── RobotsDisallowedError   robots.txt forbids fetching this page
│   ├── ConnectionFailedError   DNS, TLS or TCP failure
│   ├── TruncatedError          the connection closed before the whole body arrived
│   ├── ContentDecodingError    unknown Content-Encoding or corrupt compressed data
│   └── InvalidURLError         malformed URL, or a scheme other than http(s)
├── FeedParseError         the bytes are not a feed we can read
├── NoFeedFoundError       a web page advertises no feed we can subscribe to
├── OPMLError              an OPML file cannot be read
├── ExtractionError        no article text could be extracted from a page
├── ImportRecordError      one line of an import file is unusable
├── AlertRuleError         an alert rule could not be understood (the message says why)
├── FilterRuleError        a reader's block/keep rule is invalid (bad or too costly regex)
├── MailError              a mail could not be sent (SMTP refused, unreachable, bad login)
├── NotFoundError          a feed, article or other object does not exist
├── PermissionDeniedError  the account may not do this (e.g. subscribe the instance to a feed)
│   └── NewFeedRefusedError  only staff add feed addresses the instance does not have yet
├── AccountError           an account cannot be created or changed (name taken, weak password)
├── FeedEditError          a feed cannot be changed so (an address taken, an interval out of range)
├── ThrottledError         too many failed sign-ins or bad tokens; ``retry_after`` in seconds
└── DataDirectoryError     the data directory cannot be written
    ├── DataDirectoryFullError      its disk is full
    └── DataDirectoryReadOnlyError  it (or its database file) is read-only
"""

from __future__ import annotations

__all__ = [
    "AccountError",
    "AlertRuleError",
    "BlockedAddressError",
    "BroadsheetError",
    "ConfigError",
    "ConnectionFailedError",
    "ContentDecodingError",
    "DataDirectoryError",
    "DataDirectoryFullError",
    "DataDirectoryReadOnlyError",
    "ExtractionError",
    "FeedEditError",
    "FeedParseError",
    "FetchError",
    "FetchTimeoutError",
    "FilterRuleError",
    "HTTPStatusError",
    "ImportRecordError",
    "InvalidURLError",
    "MailError",
    "NewFeedRefusedError",
    "NoFeedFoundError",
    "NotFoundError",
    "OPMLError",
    "PermissionDeniedError",
    "RedirectLoopError",
    "RobotsDisallowedError",
    "ThrottledError",
    "TooLargeError",
    "TruncatedError",
]


class BroadsheetError(Exception):
    """Base of every error Broadsheet raises on purpose."""


class ConfigError(BroadsheetError):
    """A setting is invalid; the message names the variable and the accepted values."""


class FetchError(BroadsheetError):
    """A URL could not be fetched; ``kind`` is a short stable code stored in fetch logs."""

    kind = "fetch_error"

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class BlockedAddressError(FetchError):
    """The URL resolves to an address the private-address guard refuses."""

    kind = "blocked_address"


class TooLargeError(FetchError):
    """The response body is larger than BROADSHEET_FETCH_MAX_BYTES."""

    kind = "too_large"


class FetchTimeoutError(FetchError):
    """The server did not answer, or stalled, within the time allowed."""

    kind = "timeout"


class RedirectLoopError(FetchError):
    """Redirects loop or are too many to follow."""

    kind = "redirect_loop"


class HTTPStatusError(FetchError):
    """The server answered with an error status (``status``); ``retry_after`` in seconds if given."""

    kind = "http_status"

    def __init__(
        self,
        message: str,
        *,
        url: str = "",
        status: int | None = None,
        retry_after: float | None = None,
        body: bytes = b"",
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.retry_after = retry_after
        self.body = body


class RobotsDisallowedError(FetchError):
    """The site's robots.txt forbids Broadsheet from fetching this page."""

    kind = "robots_disallowed"


class ConnectionFailedError(FetchError):
    """DNS, TCP or TLS failed before any HTTP answer."""

    kind = "connection_failed"


class TruncatedError(FetchError):
    """The connection closed before the whole body arrived."""

    kind = "truncated"


class ContentDecodingError(FetchError):
    """The body's Content-Encoding is unknown or the compressed data is corrupt."""

    kind = "bad_encoding"


class InvalidURLError(FetchError):
    """The URL is malformed or uses a scheme other than http or https."""

    kind = "invalid_url"


class FeedParseError(BroadsheetError):
    """The document is not a feed Broadsheet can read."""


class NoFeedFoundError(BroadsheetError):
    """The page neither is a feed nor links to one."""


class OPMLError(BroadsheetError):
    """The OPML document is malformed or holds no subscriptions."""


class ExtractionError(BroadsheetError):
    """No usable article text could be extracted from a page."""


class ImportRecordError(BroadsheetError):
    """One record of an import file is unusable; the message names the line and the field."""


class AlertRuleError(BroadsheetError):
    """An alert rule could not be understood; the message says what to write instead."""


class FilterRuleError(BroadsheetError):
    """A reader's block/keep rule cannot be used; the message says what to write instead."""


class MailError(BroadsheetError):
    """A mail could not be sent; the message names the server and what it answered."""


class NotFoundError(BroadsheetError):
    """The requested object does not exist."""


class PermissionDeniedError(BroadsheetError):
    """The signed-in account may not do this; the message says who may."""


class NewFeedRefusedError(PermissionDeniedError):
    """Only staff add feed addresses this Broadsheet does not have yet (BROADSHEET_READER_FEEDS)."""


class AccountError(BroadsheetError):
    """An account cannot be created or changed; the message says what to choose instead."""


class FeedEditError(BroadsheetError):
    """A feed cannot be changed as asked; the message says which values are accepted."""


class ThrottledError(BroadsheetError):
    """Too many failed attempts from one address or for one account; retry after ``retry_after`` s."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DataDirectoryError(BroadsheetError):
    """The data directory (the database, the cache) cannot be written; the message says where."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class DataDirectoryFullError(DataDirectoryError):
    """The disk of the data directory is full: nothing more can be stored until space is freed."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"the data directory {path} is full: free space there and run again", path=path
        )


class DataDirectoryReadOnlyError(DataDirectoryError):
    """The data directory or its database file is read-only (a read-only mount, permissions)."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"the data directory {path} is read-only: make it (and the database file in it) "
            "writable for the user running Broadsheet and run again",
            path=path,
        )
