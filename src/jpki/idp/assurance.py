"""OpenID Connect for Identity Assurance 1.0 (本人確認の保証): `verified_claims`.

An RP asks for them through the `claims` parameter (OIDC Core 5.5):

    {"id_token": {"verified_claims": {"verification": {"trust_framework": null},
                                      "claims": {"name": null, "birthdate": null}}}}

and receives, beside the plain claims its scopes release, the 4 information verified from the
holder's JPKI signing certificate, with how: the trust framework (`jp_jpki`: the Act on
Electronic Certification Services of J-LIS, 公的個人認証法), when the platform verified the
certificate, who did (the signature verification platform, with its receipt as `txn`), and
the revocation check it made (CRL or OCSP, with the data's time). The certificate is named by
a pairwise reference, never by its serial number, which identifies the holder at J-LIS and
across RPs.

Requests are parsed here: malformed JSON, a member that is not an object, or a claim the IdP
cannot verify (anything but the four) is refused (`ClaimsRefused`, answered
`invalid_request`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from typing import Any

from jpki.protocol.verification import SignatureResult

VERIFIABLE = ("name", "address", "birthdate", "gender")
"""The claims a signing certificate verifies (基本4情報)."""
TRUST_FRAMEWORK = "jp_jpki"
"""公的個人認証サービス (JPKI) under the 公的個人認証法; not (yet) in the IDA registry of
predefined values, so chosen here."""
EVIDENCE_TYPE = "electronic_signature"
SIGNATURE_TYPE = "jp_jpki_sign"
"""The signing certificate's key, RSA-2048 with SHA-256 (chosen name)."""
VERIFIER = "JPKI signature verification platform (署名検証プラットフォーム)"
MAX_REQUEST = 4096
TARGETS = ("id_token", "userinfo")


class ClaimsRefused(ValueError):
    """A `claims` parameter the IdP refuses (`invalid_request`)."""


@dataclasses.dataclass(frozen=True)
class ClaimsRequest:
    """What the `claims` parameter asks to be verified (for the ID token and UserInfo alike:
    both carry what the holder released)."""

    verified: tuple[str, ...]

    @property
    def wants_verified(self) -> bool:
        return bool(self.verified)


def parse_claims_request(raw: str | None) -> ClaimsRequest:
    """The `claims` parameter as a request; raises ClaimsRefused."""
    if not raw:
        return ClaimsRequest(())
    if len(raw) > MAX_REQUEST:
        raise ClaimsRefused("the claims parameter is too long")
    try:
        document = json.loads(raw)
    except ValueError:
        raise ClaimsRefused("the claims parameter is not JSON") from None
    if not isinstance(document, dict):
        raise ClaimsRefused("the claims parameter must be a JSON object")
    wanted: list[str] = []
    for target, members in document.items():
        if target not in TARGETS:
            raise ClaimsRefused(f"claims: unknown member {str(target)[:40]!r}")
        if not isinstance(members, dict):
            raise ClaimsRefused(f"claims.{target} must be an object")
        verified = members.get("verified_claims")
        if verified is None:
            continue
        for entry in verified if isinstance(verified, list) else [verified]:
            wanted += _verified_entry(entry, target)
    return ClaimsRequest(tuple(dict.fromkeys(wanted)))


def _verified_entry(entry: Any, target: str) -> list[str]:
    where = f"claims.{target}.verified_claims"
    if not isinstance(entry, dict) or not isinstance(entry.get("claims"), dict):
        raise ClaimsRefused(f"{where} needs a `claims` object")
    verification = entry.get("verification", {})
    if not isinstance(verification, dict):
        raise ClaimsRefused(f"{where}.verification must be an object")
    framework = verification.get("trust_framework")
    if isinstance(framework, dict):
        allowed = framework.get("value", framework.get("values"))
        values = allowed if isinstance(allowed, list) else [allowed] if allowed else []
        if values and TRUST_FRAMEWORK not in values:
            raise ClaimsRefused(f"{where}: only the trust framework {TRUST_FRAMEWORK} is offered")
    names = list(entry["claims"])
    unknown = [name for name in names if name not in VERIFIABLE]
    if unknown or not names:
        raise ClaimsRefused(
            f"{where}: only {', '.join(VERIFIABLE)} can be verified"
            + (f" (not {str(unknown[0])[:40]})" if unknown else "")
        )
    return names


def certificate_reference(secret: str, sector: str, issuer: str, serial: str) -> str:
    """The signing certificate as one RP's sector may know it: stable for that sector, useless
    to any other, and never the serial number."""
    message = f"jpki-evidence\n{sector}\n{issuer}\n{serial}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def verified_claims(
    claims: dict[str, Any],
    asked: ClaimsRequest,
    result: SignatureResult,
    receipt: str | None,
    reference: str,
) -> dict[str, Any]:
    """The `verified_claims` element for the asked claims read from the signing certificate
    that `result` (the platform's check of the consent signature) verified."""
    verdict = result.certificate
    checked = verdict.checked_at.isoformat()
    source = verdict.source
    revocation = {
        "check_method": "data",
        "organization": "J-LIS (地方公共団体情報システム機構)",
        "time": (source.this_update or verdict.checked_at).isoformat(),
        "detail": f"{source.kind}: {verdict.status}",
    }
    evidence = {
        "type": EVIDENCE_TYPE,
        "signature_type": SIGNATURE_TYPE,
        "issuer": "J-LIS",
        "serial_number": reference,
        "created_at": (result.signing_time or verdict.checked_at).isoformat(),
        "check_details": [
            {"check_method": "vcrypt", "organization": VERIFIER, "txn": receipt, "time": checked},
            revocation,
        ],
    }
    return {
        "verification": {
            "trust_framework": TRUST_FRAMEWORK,
            "time": checked,
            "verification_process": receipt,
            "evidence": [evidence],
        },
        "claims": {name: claims[name] for name in asked.verified if name in claims},
    }


__all__ = [
    "TRUST_FRAMEWORK",
    "VERIFIABLE",
    "ClaimsRefused",
    "ClaimsRequest",
    "certificate_reference",
    "parse_claims_request",
    "verified_claims",
]
