"""The attribute authority's CRL (属性証明書失効リスト): an X.509 v2 CRL (RFC 5280) of the ACs it
revoked, signed by its key. RFC 5755 section 6 lets an AC issuer publish its revocations this
way; `openssl crl -verify` checks it against the authority's certificate."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.attributes.keys import AuthorityKeys
from jpki.protocol.attributes import RevocationReasonName

LIFETIME = dt.timedelta(hours=24)
"""nextUpdate after thisUpdate."""
REFRESH = dt.timedelta(hours=6)
"""A cached CRL older than this is signed anew even with no new revocation."""

REASONS: dict[RevocationReasonName, x509.ReasonFlags] = {
    "unspecified": x509.ReasonFlags.unspecified,
    "affiliationChanged": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessationOfOperation": x509.ReasonFlags.cessation_of_operation,
}
"""The revocation reasons an office may give (`RevocationRequest.reason`)."""


def reason_of(stored: str | None) -> RevocationReasonName:
    """A stored reason as the protocol names it (`unspecified` for none or an unknown one)."""
    for name in REASONS:
        if name == stored:
            return name
    return "unspecified"


@dataclasses.dataclass(frozen=True)
class RevokedEntry:
    serial: int
    revoked_at: dt.datetime
    reason: RevocationReasonName


def build_crl(
    keys: AuthorityKeys, number: int, this_update: dt.datetime, revoked: list[RevokedEntry]
) -> bytes:
    """The DER of CRL `number` listing `revoked`, valid from `this_update` for `LIFETIME`."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(keys.certificate.subject)
        .last_update(this_update)
        .next_update(this_update + LIFETIME)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(keys.key.public_key()),
            critical=False,
        )
    )
    for entry in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial)
            .revocation_date(entry.revoked_at)
            .add_extension(x509.CRLReason(REASONS[entry.reason]), critical=False)
            .build()
        )
    return builder.sign(keys.key, hashes.SHA256()).public_bytes(Encoding.DER)


__all__ = ["LIFETIME", "REASONS", "REFRESH", "RevokedEntry", "build_crl", "reason_of"]
