"""The root of every jpki exception, and the profile's own errors.

Every package's `errors.py` derives from `JpkiError`, so a caller can catch "anything jpki
refused" in one clause while each error still carries its protocol meaning.
"""


class JpkiError(Exception):
    """Base class of every error jpki raises on purpose."""


class ProfileError(JpkiError, ValueError):
    """Data does not follow the JPKI profile (a certificate, a name, an identifier)."""


class MalformedFourInfo(ProfileError):
    """The 4 information entries of a signing certificate are missing or malformed."""


__all__ = ["JpkiError", "MalformedFourInfo", "ProfileError"]
