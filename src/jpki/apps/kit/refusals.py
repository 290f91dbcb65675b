"""Turning the platform's results into the services' refusals."""

from __future__ import annotations

from typing import Any

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.platform_api import Answer


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


__all__ = ["accepted_login", "valid_signature"]
