"""Loading a CRL for the index: signature checked once, scope and freshness read, entries decoded.

A CRL is accepted only when a trust anchor of its issuer name, preferably the generation its
authority key identifier names, verifies its signature. Its scope (full, delta with the base
CRL number, or one shard named by its issuing distribution point) decides where the index
files it. Unknown critical extensions make it unusable, as RFC 5280 requires.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.x509.oid import ExtensionOID

from jpki.verifier.anchors import Anchor, TrustAnchors
from jpki.verifier.der import read_header
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.parsing import Malformed, parsing
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


def signed_part(der: bytes) -> bytes:
    """The TBSCertList exactly as signed: the first element of the CertificateList.

    cryptography's `tbs_certlist_bytes` (and `is_signature_valid`) re-encode the whole list,
    which for a million entries costs more than everything else together; the original
    bytes are also what the signature is over, whatever the encoder would produce.
    """
    _, start, end = read_header(der, 0, len(der))
    _, _, tbs_end = read_header(der, start, end)
    return der[start:tbs_end]


def signature_verifies(
    crl: x509.CertificateRevocationList, tbs: bytes, key: PublicKeyTypes
) -> bool:
    """Whether `key` signed `tbs` with the CRL's signature algorithm (RSA or ECDSA)."""
    algorithm = crl.signature_hash_algorithm
    if algorithm is None:
        return False
    try:
        if isinstance(key, rsa.RSAPublicKey):
            parameters = crl.signature_algorithm_parameters
            scheme = parameters if isinstance(parameters, padding.PSS) else padding.PKCS1v15()
            key.verify(crl.signature, tbs, scheme, algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(crl.signature, tbs, ec.ECDSA(algorithm))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _issuer(crl: x509.CertificateRevocationList, tbs: bytes, anchors: TrustAnchors) -> Anchor:
    candidates = anchors.named(crl.issuer)
    try:
        hint = crl.extensions.get_extension_for_class(
            x509.AuthorityKeyIdentifier
        ).value.key_identifier
        candidates = sorted(candidates, key=lambda anchor: anchor.key_id != hint)
    except x509.ExtensionNotFound:
        pass
    for anchor in candidates:
        if signature_verifies(crl, tbs, anchor.certificate.public_key()):
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
    """Verify and decode one DER CRL; raises RevocationDataError for anything unusable.

    Every parser failure, in cryptography's lazily read extensions too, is a malformed CRL.
    """
    try:
        with parsing("CRL"):
            return _load(der, anchors)
    except Malformed as exc:
        raise RevocationDataError(str(exc)) from exc


def _load(der: bytes, anchors: TrustAnchors) -> LoadedCrl:
    crl = x509.load_der_x509_crl(der)
    tbs = signed_part(der)
    anchor = _issuer(crl, tbs, anchors)
    extensions = crl.extensions
    for extension in extensions:
        if extension.critical and extension.oid not in UNDERSTOOD:
            raise RevocationDataError(
                f"the CRL has an unknown critical extension {extension.oid.dotted_string}"
            )
    number = _value(extensions, ExtensionOID.CRL_NUMBER)
    base = _value(extensions, ExtensionOID.DELTA_CRL_INDICATOR)
    scope = _scope(crl)
    bounds = revoked_list_bounds(tbs)
    entries = decode_entries(tbs, *bounds) if bounds else decode_entries(b"", 0, 0)
    return LoadedCrl(anchor, number, base, scope, crl.last_update_utc, crl.next_update_utc, entries)


def _value(extensions: x509.Extensions, oid: x509.ObjectIdentifier) -> int | None:
    try:
        value = extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None
    return int(getattr(value, "crl_number", getattr(value, "base_crl_number", 0)))


_WORKER_ANCHORS: TrustAnchors | None = None


def _start_worker(anchor_ders: list[bytes]) -> None:
    global _WORKER_ANCHORS  # noqa: PLW0603  (one set of anchors per worker process)
    _WORKER_ANCHORS = TrustAnchors(x509.load_der_x509_certificate(d) for d in anchor_ders)


def _load_in_worker(source: bytes | Path) -> tuple[bytes, LoadedCrl]:
    """Load in a worker; the anchor travels back as its key id (certificates do not pickle)."""
    assert _WORKER_ANCHORS is not None
    der = source if isinstance(source, bytes) else source.read_bytes()
    crl = load_crl(der, _WORKER_ANCHORS)
    key_id, crl.anchor = crl.anchor.key_id, None  # type: ignore[assignment]
    return key_id, crl


def load_crls(
    sources: Sequence[bytes | Path], anchors: TrustAnchors, *, workers: int = 1
) -> list[LoadedCrl]:
    """Load many CRLs (e.g. the shards of a national CRL), in `workers` processes if > 1.

    Decoding is CPU-bound Python and numpy, so shards load in parallel on several cores.
    File paths are read by the workers themselves, so no CRL crosses a process boundary.
    """
    if workers <= 1 or len(sources) <= 1:
        return [load_crl(s if isinstance(s, bytes) else _read(s), anchors) for s in sources]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=([a.der for a in anchors],)
    ) as pool:
        results = list(pool.map(_load_in_worker, sources))
    loaded = []
    for key_id, crl in results:
        anchor = anchors.by_key_id(key_id)
        assert anchor is not None
        crl.anchor = anchor
        loaded.append(crl)
    return loaded


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RevocationDataError(f"cannot read {path}: {exc.strerror}") from exc


__all__ = ["LoadedCrl", "load_crl", "load_crls"]
