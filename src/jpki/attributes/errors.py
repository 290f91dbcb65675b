"""Errors of the attribute authority."""

from __future__ import annotations

from jpki.profile.errors import JpkiError


class AttributeAuthorityError(JpkiError):
    """Base class of the attribute authority's deliberate errors."""


class NotAuthorized(AttributeAuthorityError):
    """No or a wrong office API key, or an office asking for a kind it may not issue."""


class NotFound(AttributeAuthorityError):
    """No such attribute certificate (of this office)."""


class InvalidRequest(AttributeAuthorityError):
    """A request the authority understands but will not do (an unregistered origin)."""


class PlatformFailed(AttributeAuthorityError):
    """The platform could not be reached or did not answer in its protocol."""


__all__ = [
    "AttributeAuthorityError",
    "InvalidRequest",
    "NotAuthorized",
    "NotFound",
    "PlatformFailed",
]
