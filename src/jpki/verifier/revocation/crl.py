"""Loading a CRL for the index: signature checked once, scope and freshness read, entries decoded.

A CRL is accepted only when a trust anchor of its issuer name, preferably the generation its
authority key identifier names, verifies its signature. Its scope (full, delta with the base
CRL number, or one shard named by its issuing distribution point) decides where the index
files it. Unknown critical extensions make it unusable, as RFC 5280 requires.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.x509.oid import ExtensionOID

from jpki.verifier.anchors import Anchor, TrustAnchors
from jpki.verifier.der import MalformedDer
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.revocation.entries import EntryArrays, decode_entries, revoked_list_bounds

UNDERSTOOD = {
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
    ExtensionOID.CRL_NUMBER,
    ExtensionOID.DELTA_CRL_INDICATOR,
    ExtensionOID.ISSUING_DISTRIBUTION_POINT,
}


@dataclasses.dataclass
class LoadedCrl:
    """A verified CRL: who issued it, what it covers, until when, and its entries."""

    anchor: Anchor
    number: int | None
    base_number: int | None
    """The DeltaCRLIndicator's base CRL number (None for a full CRL or shard)."""
    scope: bytes | None
    """DER of the issuing distribution point's directory name (a shard); None for the whole CA."""
    this_update: dt.datetime
    next_update: dt.datetime | None
    entries: EntryArrays

    @property
    def is_delta(self) -> bool:
        return self.base_number is not None


def _issuer(crl: x509.CertificateRevocationList, anchors: TrustAnchors) -> Anchor:
    candidates = anchors.named(crl.issuer)
    try:
        hint = crl.extensions.get_extension_for_class(
            x509.AuthorityKeyIdentifier
        ).value.key_identifier
        candidates = sorted(candidates, key=lambda anchor: anchor.key_id != hint)
    except x509.ExtensionNotFound:
        pass
    for anchor in candidates:
        if crl.is_signature_valid(anchor.certificate.public_key()):  # type: ignore[arg-type]
            return anchor
    raise RevocationDataError(f"no trusted root verifies the CRL of {crl.issuer.rfc4514_string()}")


def _scope(crl: x509.CertificateRevocationList) -> bytes | None:
    try:
        point = crl.extensions.get_extension_for_class(x509.IssuingDistributionPoint).value
    except x509.ExtensionNotFound:
        return None
    names = [n for n in point.full_name or [] if isinstance(n, x509.DirectoryName)]
    if point.only_some_reasons or point.indirect_crl or point.only_contains_attribute_certs:
        raise RevocationDataError("partitioned CRLs by reason or indirect CRLs are not supported")
    return names[0].value.public_bytes() if names else None


def load_crl(der: bytes, anchors: TrustAnchors) -> LoadedCrl:
    """Verify and decode one DER CRL; raises RevocationDataError for anything unusable."""
    try:
        crl = x509.load_der_x509_crl(der)
        anchor = _issuer(crl, anchors)
        extensions = crl.extensions
        for extension in extensions:
            if extension.critical and extension.oid not in UNDERSTOOD:
                raise RevocationDataError(
                    f"the CRL has an unknown critical extension {extension.oid.dotted_string}"
                )
        number = _value(extensions, ExtensionOID.CRL_NUMBER)
        base = _value(extensions, ExtensionOID.DELTA_CRL_INDICATOR)
        scope = _scope(crl)
        tbs = crl.tbs_certlist_bytes
        this_update, next_update = crl.last_update_utc, crl.next_update_utc
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise RevocationDataError(f"malformed CRL: {exc}") from exc
    try:
        bounds = revoked_list_bounds(tbs)
        entries = decode_entries(tbs, *bounds) if bounds else decode_entries(b"", 0, 0)
    except MalformedDer as exc:
        raise RevocationDataError(f"malformed CRL: {exc}") from exc
    return LoadedCrl(anchor, number, base, scope, this_update, next_update, entries)


def _value(extensions: x509.Extensions, oid: x509.ObjectIdentifier) -> int | None:
    try:
        value = extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None
    return int(getattr(value, "crl_number", getattr(value, "base_crl_number", 0)))


__all__ = ["LoadedCrl", "load_crl"]
