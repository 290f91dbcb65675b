"""Attribute certificates checked for a relying party together with the holder's card
(issue 24): the AC by `jpki.verifier.attributes`, the holder by the platform alone.

An AC names its holder by the platform's stable ID of the person for the attribute authority
as a tenant (ID変換). A relying party cannot compute that ID, and must not: it would let it
join its customers with the authority's. So it asks the platform one question, "is the holder
of this JPKI certificate the holder this AC names?", and the platform computes the authority's
pairwise ID of the certificate's person (the person is found through the linkage information,
so a renewed or a phone's certificate is the same person) and answers yes or no, nothing more.
The question is asked only after the AC verified and the JPKI certificate is valid.
"""

from __future__ import annotations

import hmac

from cryptography import x509
from sqlalchemy.orm import Session

from jpki.platform.errors import InvalidRequest, NotFound
from jpki.platform.linkage import LinkageManager, pairwise_id
from jpki.platform.tenants import Identifiers, TenantDirectory
from jpki.protocol.attributes import AttributeCheck, AttributeCheckRequest, HolderName
from jpki.protocol.codec import decode_b64
from jpki.verifier.attributes import AttributeVerdict, TrustedAuthority
from jpki.verifier.verdict import Verdict


def trusted_authority(request: AttributeCheckRequest) -> TrustedAuthority:
    """The authority the relying party trusts, as it named it (400 when unreadable)."""
    der = decode_b64(request.authority, "authority", InvalidRequest)
    try:
        certificate = x509.load_der_x509_certificate(der)
    except ValueError:
        try:
            certificate = x509.load_pem_x509_certificate(der)
        except ValueError:
            raise InvalidRequest("authority is not a certificate (DER or PEM)") from None
    return TrustedAuthority(certificate, request.authority_tenant)


class HolderQuestion:
    """The yes/no question for one JPKI certificate, asked inside the check's transaction."""

    def __init__(
        self,
        session: Session,
        linkage: LinkageManager,
        tenants: TenantDirectory,
        secret: bytes,
        verdict: Verdict,
    ) -> None:
        self.session, self.linkage, self.tenants = session, linkage, tenants
        self.secret, self.verdict = secret, verdict

    def __call__(self, holder: HolderName) -> bool:
        """Whether the certificate's person has `holder.user_id` at `holder.tenant`."""
        if self.verdict.serial is None:
            return False
        try:
            issuer = self.tenants.get(holder.tenant)
        except NotFound:
            return False
        if issuer.identifiers is Identifiers.PER_USE:
            return False  # a per-use tenant's IDs name no one for long
        person = self.linkage.learn(self.session, self.verdict.serial)
        expected = pairwise_id(self.secret, issuer.id, person)
        return hmac.compare_digest(expected, holder.user_id)


def check_message(verdict: AttributeVerdict) -> AttributeCheck:
    """The relying party's answer, from the verifier's verdict."""
    en, ja = verdict.status.words
    fields: dict[str, object] = {
        "status": verdict.status,
        "valid": verdict.valid,
        "message_en": f"{en}: {verdict.message}" if not verdict.valid else en,
        "message_ja": ja,
        "checked_at": verdict.checked_at,
    }
    parsed = verdict.certificate
    if parsed is not None:
        fields |= {
            "serial": str(parsed.serial),
            "kind": parsed.kind,
            "details": parsed.details,
            "not_before": parsed.not_before,
            "not_after": parsed.not_after,
        }
    if verdict.revoked_at is not None:
        fields["revoked_at"] = verdict.revoked_at
    if verdict.holder_matches is not None:
        fields["holder_matches"] = verdict.holder_matches
    return AttributeCheck.model_validate(fields)


__all__ = ["HolderQuestion", "check_message", "trusted_authority"]
