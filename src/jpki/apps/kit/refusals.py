"""Turning the platform's results into the services' refusals, and its 4 information into the
profile's `FourInfo`."""

from __future__ import annotations

import dataclasses

from jpki.apps.kit.card_requests import CardRefusal
from jpki.profile.four_info import FourInfo
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.verification import (
    LoginAccepted,
    LoginResult,
    Receipted,
    RegistrationResult,
    SignatureResult,
)


@dataclasses.dataclass(frozen=True)
class Signer:
    """Who signed with a signing certificate, as a 委託 tenant's verdict tells."""

    four_info: FourInfo
    serial: str | None
    """The signing certificate's serial number, decimal."""


def accepted_login(answer: Receipted[LoginResult]) -> LoginAccepted:
    """The result of an accepted card login, or a refusal saying why it was not."""
    result = answer.result
    if not result.accepted:
        raise CardRefusal(f"{result.error}: {result.message}")
    return result


def registered(answer: Receipted[RegistrationResult]) -> RegistrationResult:
    """A registration made with a valid signature, or a refusal saying why it was not."""
    result = answer.result
    if not result.signature.valid or not result.registered:
        message = result.message or result.signature.message or "invalid signature"
        raise CardRefusal(f"signature-rejected: {message}")
    return result


def consented_four_info(answer: Receipted[RegistrationResult]) -> FourInfo:
    """The 4 information of a valid registration made with the holder's consent."""
    info = registered(answer).four_info
    if info is None:
        raise CardRefusal("the platform gave no 4 information")
    return info.to_four_info()


def signer_of(answer: Receipted[SignatureResult], refusal: str) -> Signer:
    """The signer of a valid signature made with a signing certificate, with the 4 information
    a 委託 tenant's verdict carries; `refusal` says what was expected otherwise."""
    result = answer.result
    if not result.valid:
        raise CardRefusal(f"signature-rejected: {result.message or 'invalid signature'}")
    verdict = result.certificate
    if verdict.purpose is not CertificatePurpose.SIGN or verdict.four_info is None:
        raise CardRefusal(refusal)
    return Signer(verdict.four_info.to_four_info(), verdict.serial)


__all__ = [
    "Signer",
    "accepted_login",
    "consented_four_info",
    "registered",
    "signer_of",
]
