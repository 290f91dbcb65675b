"""Errors of the platform."""

from __future__ import annotations

from jpki.profile.errors import JpkiError


class PlatformError(JpkiError):
    """Base class of the platform's deliberate errors."""


class NotAuthorized(PlatformError):
    """No or a wrong API key / admin token."""


class NotFound(PlatformError):
    """No such tenant, record or key."""


class InvalidRequest(PlatformError):
    """A request the platform understands but will not do (e.g. an unregistered origin)."""


class RateLimited(PlatformError):
    """The tenant sent more requests than its rate limit allows (HTTP 429); `retry_after`
    is the whole seconds until it may try again (the `Retry-After` header)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TimestampRefused(PlatformError):
    """A timestamp request was refused; `failure` is the RFC 3161 PKIFailureInfo name."""

    def __init__(self, failure: str, message: str) -> None:
        super().__init__(message)
        self.failure = failure


class InvalidTimestamp(PlatformError):
    """A timestamp token does not verify."""


class EvidenceError(PlatformError):
    """An evidence export is malformed or its chain is broken."""


__all__ = [
    "EvidenceError",
    "InvalidRequest",
    "InvalidTimestamp",
    "NotAuthorized",
    "NotFound",
    "PlatformError",
    "RateLimited",
    "TimestampRefused",
]
