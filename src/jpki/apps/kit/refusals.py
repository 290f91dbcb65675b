"""Turning the platform's results into the services' refusals, and the 4 information it
released into what a service keeps."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from jpki.apps.kit.card_requests import CardRefusal
from jpki.profile.four_info import FourInfo
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.four_info import FourInfoItem, ReleasedFourInfo
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


def consented_four_info(
    answer: Receipted[RegistrationResult], items: Iterable[FourInfoItem]
) -> ReleasedFourInfo:
    """The `items` of the 4 information of a valid registration made with the holder's signed
    consent text (the platform releases exactly the items the text names)."""
    info = registered(answer).four_info
    missing = set(items) - (info.items if info is not None else set())
    if info is None or missing:
        raise CardRefusal(
            "the platform released no consented 4 information / 基本4情報の提供がありません"
        )
    return info


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
