"""Why the IdP refuses a request from a wallet, a browser or an RP."""

from __future__ import annotations

import base64


class RequestRefused(Exception):
    """A request the IdP cannot serve; `code` names why in one word for APIs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def b64_field(value: object, what: str) -> bytes:
    """A base64 field of a JSON body, or a `bad-request` refusal."""
    if not isinstance(value, str):
        raise RequestRefused("bad-request", f"{what} (base64) is required")
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        raise RequestRefused("bad-request", f"{what} is not base64") from None


__all__ = ["RequestRefused", "b64_field"]
