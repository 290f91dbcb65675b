"""The wallet seals a 代行 service's login answer to the platform (`jpki.protocol.sealing`).

The platform and its key come from the wallet's own configuration and the platform itself,
never from the request: a request's `seal_to` must name the platform the wallet is configured
with (as the J-LIS roots are), and the key is fetched from that platform's `SEALING_KEY_PATH`.
A service that named itself, or served its own key, would get nothing sealed to it.
"""

from __future__ import annotations

import httpx

from jpki.protocol.sealing import SEALING_KEY_PATH, SealedLogin, SealRefused, seal
from jpki.protocol.wallet import LoginAnswer, LoginRequest


def sealed_answer(
    answer: LoginAnswer, request: LoginRequest, platform: str | None, http: httpx.Client
) -> LoginAnswer:
    """`answer` sealed to `platform` for `request`'s challenge when the request names
    `seal_to` (which must be `platform`); `answer` as it is otherwise."""
    if request.seal_to is None:
        return answer
    if platform is None or request.seal_to.platform.rstrip("/") != platform.rstrip("/"):
        raise SealRefused(
            "unknown-platform",
            "the service asks to seal to a platform this wallet does not know / "
            f"未知のプラットフォームへの封緘要求です: {request.seal_to.platform[:200]}",
        )
    if answer.consent_signature is not None or answer.certificate is None:
        raise SealRefused("not-sealable", "a sealed login carries no consent signature")
    try:
        reply = http.get(platform.rstrip("/") + SEALING_KEY_PATH)
        key = reply.json() if reply.status_code == 200 else None
    except (httpx.HTTPError, ValueError) as error:
        raise SealRefused("no-sealing-key", f"the platform's key is unavailable: {error}") from None
    if not isinstance(key, dict):
        raise SealRefused("no-sealing-key", "the platform published no sealing key")
    challenge = request.challenge
    login = SealedLogin(
        nonce=challenge.nonce,
        provider=challenge.provider,
        origin=challenge.origin,
        certificate=answer.certificate,
        signature=answer.signature,
        institution_code=answer.institution_code,
    )
    return LoginAnswer(sealed=seal(login, key))


__all__ = ["sealed_answer"]
