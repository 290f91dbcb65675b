"""The wallet seals a 代行 service's answers to the platform (`jpki.protocol.sealing`): its
logins (certificate and signature) and its signatures (the CMS, which carries the signing
certificate).

The platform and its key come from the wallet's own configuration and the platform itself,
never from the request: a request's `seal_to` must name the platform the wallet is configured
with (as the J-LIS roots are), and the key is fetched from that platform's `SEALING_KEY_PATH`.
A service that named itself, or served its own key, would get nothing sealed to it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from jpki.protocol.sealing import (
    SEALING_KEY_PATH,
    SealedLogin,
    SealedSignature,
    SealRefused,
    seal,
)
from jpki.protocol.wallet import (
    LoginAnswer,
    LoginRequest,
    SealTo,
    SignatureAnswer,
    SignatureRequest,
)


def sealed_answer(
    answer: LoginAnswer, request: LoginRequest, platform: str | None, http: httpx.Client
) -> LoginAnswer:
    """`answer` sealed to `platform` for `request`'s challenge when the request names
    `seal_to` (which must be `platform`); `answer` as it is otherwise."""
    if request.seal_to is None:
        return answer
    key = _platform_key(request.seal_to, platform, http)
    if answer.consent_signature is not None or answer.certificate is None:
        raise SealRefused("not-sealable", "a sealed login carries no consent signature")
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


def sealed_signature(
    answer: SignatureAnswer,
    request: SignatureRequest,
    target: str,
    platform: str | None,
    http: httpx.Client,
) -> SignatureAnswer:
    """`answer` sealed to `platform` when `request` (fetched from `target`) names `seal_to`,
    bound to the tenant it names, the origin of `target` (the wallet's own knowledge of who
    asked, not the request's word) and the digest of the signed content; `answer` as it is
    otherwise. A signed PDF is never sealed: the service keeps the document itself."""
    if request.seal_to is None:
        return answer
    key = _platform_key(request.seal_to, platform, http)
    if request.pdf or answer.cms is None or request.seal_to.tenant is None:
        raise SealRefused(
            "not-sealable",
            "only a detached CMS for a named tenant is sealed / 封緘できない署名要求です",
        )
    parts = urlsplit(target)
    signature = SealedSignature(
        request=request.id,
        tenant=request.seal_to.tenant,
        origin=f"{parts.scheme}://{parts.netloc}",
        digest=request.digest,
        cms=answer.cms,
    )
    return SignatureAnswer(sealed=seal(signature, key))


def _platform_key(seal_to: SealTo, platform: str | None, http: httpx.Client) -> dict[str, Any]:
    """The sealing key `platform` publishes, when `seal_to` names it (the one this wallet is
    configured with); `SealRefused` otherwise."""
    if platform is None or seal_to.platform.rstrip("/") != platform.rstrip("/"):
        raise SealRefused(
            "unknown-platform",
            "the service asks to seal to a platform this wallet does not know / "
            f"未知のプラットフォームへの封緘要求です: {seal_to.platform[:200]}",
        )
    try:
        reply = http.get(platform.rstrip("/") + SEALING_KEY_PATH)
        key = reply.json() if reply.status_code == 200 else None
    except (httpx.HTTPError, ValueError) as error:
        raise SealRefused("no-sealing-key", f"the platform's key is unavailable: {error}") from None
    if not isinstance(key, dict):
        raise SealRefused("no-sealing-key", "the platform published no sealing key")
    return key


__all__ = ["sealed_answer", "sealed_signature"]
