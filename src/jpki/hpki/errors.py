"""The HPKI authority's errors: an application it refuses carries a code the API answers with."""

from __future__ import annotations

from jpki.profile.errors import JpkiError


class HpkiError(JpkiError):
    """Base of the HPKI authority's errors."""


class ApplicationRefused(HpkiError):
    """An application (発行申請) the authority does not accept, with the reason's code:
    `malformed`, `card-signature` (the JPKI signature is not valid), `not-licensed` (the
    registry has no such licence for this person), `wrong-key` (the CSR's own signature fails),
    `platform-unavailable`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class UnknownCertificate(HpkiError):
    """No certificate of that serial was issued here."""


__all__ = ["ApplicationRefused", "HpkiError", "UnknownCertificate"]
