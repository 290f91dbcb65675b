"""Turning the platform's results into the services' refusals, and its 4 information into the
profile's `FourInfo`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.platform_api import Answer
from jpki.profile.four_info import FourInfo, Sex


def accepted_login(answer: Answer) -> dict[str, Any]:
    """The result of an accepted card login, or a refusal saying why it was not."""
    if not answer.result.get("accepted"):
        raise CardRefusal(
            f"{answer.result.get('error', 'refused')}: {answer.result.get('message', '')}"
        )
    return answer.result


def valid_signature(answer: Answer) -> dict[str, Any]:
    """The platform's verdict on a valid signature with a signing certificate, or a refusal."""
    verdict = answer.result.get("signature", answer.result)
    if not verdict.get("valid") or answer.result.get("registered") is False:
        message = answer.result.get("message") or verdict.get("message") or "invalid signature"
        raise CardRefusal(f"signature-rejected: {message}")
    return answer.result


def four_info_of(data: dict[str, Any]) -> FourInfo:
    """The platform's JSON of the 4 information (birth date ISO or null, sex code)."""
    birth = data.get("birth_date")
    return FourInfo(
        data["name"],
        data["address"],
        dt.date.fromisoformat(birth) if birth else None,
        Sex(data["sex"]),
    )


def consented_four_info(answer: Answer) -> FourInfo:
    """The 4 information of a valid registration made with the holder's consent."""
    info = valid_signature(answer).get("four_info")
    if not info:
        raise CardRefusal("the platform gave no 4 information")
    return four_info_of(info)


def signing_verdict(answer: Answer, refusal: str) -> dict[str, Any]:
    """The certificate verdict of a valid signature made with a signing certificate, with the
    4 information a 委託 tenant's verdict carries; `refusal` says what was expected otherwise."""
    verdict: dict[str, Any] = valid_signature(answer).get("certificate") or {}
    if verdict.get("purpose") != "sign" or not verdict.get("four_info"):
        raise CardRefusal(refusal)
    return verdict


__all__ = [
    "accepted_login",
    "consented_four_info",
    "four_info_of",
    "signing_verdict",
    "valid_signature",
]
