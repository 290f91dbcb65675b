"""Errors of the authority (J-LIS). The HTTP layer maps each class to one status code."""

from jpki.profile.errors import JpkiError


class AuthorityError(JpkiError):
    """Base of the authority's refusals."""


class NotFound(AuthorityError, LookupError):
    """No resident, card, certificate or verifier with that identifier."""


class InvalidRequest(AuthorityError, ValueError):
    """A request that cannot be carried out as asked (bad key, wrong state, ineligible holder)."""


class NotAuthorized(AuthorityError, PermissionError):
    """The caller is not an accredited verifier, or lacks the right to this information."""


class ConfigurationError(AuthorityError):
    """The authority's settings or data folder are unusable (e.g. a default secret in production)."""


__all__ = ["AuthorityError", "ConfigurationError", "InvalidRequest", "NotAuthorized", "NotFound"]
