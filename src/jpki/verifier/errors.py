"""Errors of the verifier. A rejected certificate is a `Verdict`, not an error; these are for
requests that cannot be answered at all and for refused authentication responses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jpki.profile.errors import JpkiError

if TYPE_CHECKING:
    from jpki.verifier.verdict import Verdict


class VerifierError(JpkiError):
    """Base class of the verifier's deliberate errors."""


class TrustAnchorError(VerifierError):
    """A trust anchor file could not be used."""


class RevocationDataError(VerifierError):
    """A CRL or OCSP response was malformed, wrongly signed or not for a known issuer."""


class AuthenticationRefused(VerifierError):
    """A challenge response was refused; `code` says why in one word for APIs."""

    code = "refused"


class UnknownChallenge(AuthenticationRefused):
    code = "unknown-challenge"


class ReplayedChallenge(AuthenticationRefused):
    code = "replayed"


class ExpiredChallenge(AuthenticationRefused):
    code = "expired"


class CrossOrigin(AuthenticationRefused):
    code = "cross-origin"


class CrossProvider(AuthenticationRefused):
    code = "cross-provider"


class BadSignature(AuthenticationRefused):
    code = "bad-signature"


class CertificateRejected(AuthenticationRefused):
    """The signature was right but the certificate is not valid; `verdict` says why."""

    code = "certificate-rejected"

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(f"the authentication certificate is {verdict.status}: {verdict.message}")
        self.verdict = verdict


__all__ = [
    "AuthenticationRefused",
    "BadSignature",
    "CertificateRejected",
    "CrossOrigin",
    "CrossProvider",
    "ExpiredChallenge",
    "ReplayedChallenge",
    "RevocationDataError",
    "TrustAnchorError",
    "UnknownChallenge",
    "VerifierError",
]
