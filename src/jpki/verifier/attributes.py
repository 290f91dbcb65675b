"""Attribute certificates (属性証明書, RFC 5755) verified together with their holder's JPKI
certificate.

An AC is accepted when it is an AC (else `malformed`, never an exception: a stranger's bytes),
signed by the authority the relying party trusts (else `untrusted`), names a holder of that
authority's tenant (else `foreign`), is within its validity at the clock's time, is not on the
authority's CRL (a CRL that is missing, not the authority's, or stale is `revocation
unknown`), and its holder's card is valid and is the holder it names. Only the signature
verification platform can say the last (the holder is the platform's stable ID for the
authority), so the caller hands in a `holder_matches` callback; it is asked only once
everything else passed, so nothing is learned about the holders of refused ACs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections.abc import Callable

from asn1crypto import cms, core
from asn1crypto import parser as asn1_parser
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from jpki.protocol.attributes import AttributeKind, AttributeStatus, HolderName
from jpki.verifier.verdict import Verdict

KNOWN_EXTENSIONS = frozenset({"authority_key_identifier", "crl_distribution_points"})
"""The AC extensions we understand; an AC with any other critical extension (AC targeting,
noRevAvail marked critical) is refused as `malformed`: RFC 5280 4.2 for critical extensions."""
NO_REV_AVAIL = "2.5.29.56"
HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@dataclasses.dataclass(frozen=True)
class TrustedAuthority:
    """An attribute authority a relying party trusts: its certificate and platform tenant."""

    certificate: x509.Certificate
    tenant: str


@dataclasses.dataclass(frozen=True)
class ParsedAttributeCertificate:
    """What an AC says, read (not yet trusted)."""

    serial: int
    holder: HolderName
    issuer: bytes
    """The issuer's directory name, DER."""
    kind: AttributeKind
    details: dict[str, str]
    not_before: dt.datetime
    not_after: dt.datetime
    signed: bytes
    signature: bytes
    algorithm: str
    """asn1crypto's name, e.g. `sha256_ecdsa`."""
    no_rev_avail: bool


class MalformedAttributeCertificate(ValueError):
    """Bytes that are not an AC of our profile (the reason in words)."""


@dataclasses.dataclass(frozen=True)
class AttributeVerdict:
    """An AC's verdict at one time, with its holder's card."""

    status: AttributeStatus
    message: str
    checked_at: dt.datetime
    certificate: ParsedAttributeCertificate | None = None
    """The AC as read (None when malformed)."""
    revoked_at: dt.datetime | None = None
    holder_certificate: Verdict | None = None
    """The holder's JPKI certificate verdict, when the AC got that far."""
    holder_matches: bool | None = None
    """The platform's answer, when asked."""

    @property
    def valid(self) -> bool:
        return self.status is AttributeStatus.VALID

    def lines(self) -> list[str]:
        """A human-readable account, English with the Japanese terms."""
        en, ja = self.status.words
        out = [f"status / 結果: {self.status.value} ({ja})", f"{en}: {self.message}"]
        parsed = self.certificate
        if parsed is not None:
            out += [
                f"attribute / 属性: {parsed.kind.label_en} ({parsed.kind.label_ja})",
                f"holder / 名義人: {parsed.holder.urn}",
                f"serial / シリアル番号: {parsed.serial}",
                f"validity / 有効期間: {parsed.not_before.isoformat()} .. "
                f"{parsed.not_after.isoformat()}",
            ]
            out += [f"detail / 詳細: {key} = {value}" for key, value in parsed.details.items()]
        if self.revoked_at is not None:
            out.append(f"revoked at / 失効日時: {self.revoked_at.isoformat()}")
        if self.holder_matches is None:
            out.append("holder / 名義人の確認: not checked (only the platform can tell)")
        else:
            out.append(f"holder matches / 名義人の一致: {self.holder_matches}")
        return out

    def to_json(self) -> dict[str, object]:
        """The verdict as JSON for scripts (`jpki verify attribute-cert --json`)."""
        parsed = self.certificate
        return {
            "status": self.status.value,
            "valid": self.valid,
            "message": self.message,
            "checked_at": self.checked_at.isoformat(),
            "kind": parsed.kind.value if parsed else None,
            "holder": parsed.holder.urn if parsed else None,
            "serial": str(parsed.serial) if parsed else None,
            "details": parsed.details if parsed else None,
            "not_before": parsed.not_before.isoformat() if parsed else None,
            "not_after": parsed.not_after.isoformat() if parsed else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "holder_matches": self.holder_matches,
        }


PEM_LABEL = "ATTRIBUTE CERTIFICATE"


def der_of_pem(data: bytes) -> bytes:
    """The DER of an AC given as PEM (`-----BEGIN ATTRIBUTE CERTIFICATE-----`), or `data` as
    it is; what does not decode is returned as it is, to be judged malformed."""
    import base64
    import binascii

    text = data.strip()
    if not text.startswith(b"-----BEGIN"):
        return data
    body = b"".join(line for line in text.splitlines() if not line.startswith(b"-----"))
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return data


def read_attribute_certificate(der: bytes) -> ParsedAttributeCertificate:
    """The AC in `der`; MalformedAttributeCertificate for anything else."""
    try:
        return _read(der)
    except MalformedAttributeCertificate:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        # asn1crypto parses lazily and raises these for bad encodings met on access
        raise MalformedAttributeCertificate(f"not an attribute certificate: {exc}") from None


def _read(der: bytes) -> ParsedAttributeCertificate:
    ac = cms.AttributeCertificateV2.load(der, strict=True)
    info = ac["ac_info"]
    if info["version"].native != "v2":
        raise MalformedAttributeCertificate("not a version 2 attribute certificate")
    holder_names = info["holder"]["entity_name"]
    if isinstance(holder_names, core.Void) or len(holder_names) != 1:
        raise MalformedAttributeCertificate("the holder must be one entityName")
    holder_name = holder_names[0]
    if holder_name.name != "uniform_resource_identifier":
        raise MalformedAttributeCertificate("the holder must be a URI")
    holder = HolderName.of_urn(holder_name.native)
    issuer_form = info["issuer"]
    if issuer_form.name != "v2_form":
        raise MalformedAttributeCertificate("the issuer must be in v2Form")
    names = issuer_form.chosen["issuer_name"]
    if isinstance(names, core.Void) or len(names) != 1 or names[0].name != "directory_name":
        raise MalformedAttributeCertificate("the issuer must be one directory name")
    issuer = asn1_parser.parse(names[0].chosen.dump())[4]  # the Name inside [4] EXPLICIT
    _ = asn1_x509.Name.load(issuer, strict=True).native  # every RDN read now, or malformed
    kind: AttributeKind | None = None
    details: dict[str, str] = {}
    for attribute in info["attributes"]:
        kind_name = attribute["type"].native
        values = attribute["values"]
        if kind_name == "role":
            if kind is not None or len(values) != 1:
                raise MalformedAttributeCertificate("exactly one role is allowed")
            role_name = values[0]["role_name"]
            if role_name.name != "uniform_resource_identifier":
                raise MalformedAttributeCertificate("the role must be a URI")
            kind = AttributeKind.of_role(role_name.native)
        elif kind_name == "group":
            for syntax in values:
                for value in syntax["values"]:
                    if value.name != "string":
                        raise MalformedAttributeCertificate("details must be strings")
                    key, separator, text = value.native.partition("=")
                    if not separator or not key:
                        raise MalformedAttributeCertificate("a detail must be key=value")
                    details[key] = text
    if kind is None:
        raise MalformedAttributeCertificate("the attribute certificate names no role")
    no_rev_avail = False
    for extension in info["extensions"] or []:
        name = extension["extn_id"].native
        if extension["extn_id"].dotted == NO_REV_AVAIL:
            no_rev_avail = True
        if extension["critical"].native and name not in KNOWN_EXTENSIONS:
            raise MalformedAttributeCertificate(f"unsupported critical extension {name}")
        _ = extension["extn_value"].parsed  # a bad extension value is malformed
    period = info["att_cert_validity_period"]
    algorithm = ac["signature_algorithm"]["algorithm"].native
    if info["signature"]["algorithm"].native != algorithm:
        raise MalformedAttributeCertificate("the two signature algorithms differ")
    return ParsedAttributeCertificate(
        serial=info["serial_number"].native,
        holder=holder,
        issuer=issuer,
        kind=kind,
        details=details,
        not_before=period["not_before_time"].native,
        not_after=period["not_after_time"].native,
        signed=info.dump(),
        signature=ac["signature"].native,
        algorithm=algorithm,
        no_rev_avail=no_rev_avail,
    )


def _same_name(der: bytes, name: x509.Name) -> bool:
    """Whether two names are one: the same DER, or equal under RFC 5280 7.1's comparison
    (asn1crypto's, about a millisecond, so only when the encodings differ)."""
    theirs = name.public_bytes()
    return der == theirs or bool(asn1_x509.Name.load(der) == asn1_x509.Name.load(theirs))


def _signed_by(certificate: x509.Certificate, parsed: ParsedAttributeCertificate) -> bool:
    """Whether the AA's key signed the AC (ECDSA or RSA PKCS#1 v1.5 with SHA-2)."""
    digest, _, scheme = parsed.algorithm.partition("_")
    hash_type = HASHES.get(digest)
    if hash_type is None:
        return False
    key = certificate.public_key()
    try:
        if scheme == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(parsed.signature, parsed.signed, ec.ECDSA(hash_type()))
        elif scheme == "rsa" and isinstance(key, rsa.RSAPublicKey):
            key.verify(parsed.signature, parsed.signed, padding.PKCS1v15(), hash_type())
        else:
            return False
    except InvalidSignature:
        return False
    return True


@dataclasses.dataclass(frozen=True)
class _CheckedCrl:
    """An authority's CRL whose signature verified: its times and revoked serials."""

    this_update: dt.datetime
    next_update: dt.datetime | None
    revoked: dict[int, dt.datetime]


_CHECKED: dict[tuple[bytes, bytes], _CheckedCrl] = {}
_CHECKED_LOCK = threading.Lock()
CHECKED_CRLS = 16
"""How many verified CRLs are kept (by the SHA-256 of the CRL and of the authority's key):
a relying party hands the same CRL with every check until the authority signs the next."""


def _checked(authority: TrustedAuthority, crl: bytes) -> _CheckedCrl | None:
    """The authority's CRL read and its signature verified, once per CRL; None when it is not
    a CRL or not the authority's."""
    key = (
        hashlib.sha256(crl).digest(),
        authority.certificate.fingerprint(hashes.SHA256()),
    )
    with _CHECKED_LOCK:
        known = _CHECKED.get(key)
    if known is not None:
        return known
    try:
        loaded = x509.load_der_x509_crl(crl)
        if loaded.issuer != authority.certificate.subject:
            return None
        if not loaded.is_signature_valid(authority.certificate.public_key()):  # type: ignore[arg-type]
            return None
        revoked = {entry.serial_number: entry.revocation_date_utc for entry in loaded}
    except ValueError:
        return None
    checked = _CheckedCrl(loaded.last_update_utc, loaded.next_update_utc, revoked)
    with _CHECKED_LOCK:
        if len(_CHECKED) >= CHECKED_CRLS:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = checked
    return checked


def _crl_of(authority: TrustedAuthority, crl: bytes | None, at: dt.datetime) -> _CheckedCrl | None:
    """The authority's CRL if it is one, signed by it and current at `at`."""
    if crl is None:
        return None
    checked = _checked(authority, crl)
    if checked is None:
        return None
    if checked.this_update > at or checked.next_update is None or checked.next_update < at:
        return None
    return checked


def verify_attribute_certificate(
    der: bytes,
    *,
    authority: TrustedAuthority,
    crl: bytes | None,
    at: dt.datetime,
    holder_certificate: Verdict | None = None,
    holder_matches: Callable[[HolderName], bool] | None = None,
) -> AttributeVerdict:
    """The verdict on the AC `der` at `at` (see the module); with `holder_certificate` (the
    JPKI certificate of the card that logged in) and `holder_matches` (the platform's answer),
    also whether the card's holder is the AC's."""
    try:
        parsed = read_attribute_certificate(der)
    except MalformedAttributeCertificate as exc:
        return AttributeVerdict(AttributeStatus.MALFORMED, str(exc), at)

    def verdict(status: AttributeStatus, message: str, **more: object) -> AttributeVerdict:
        return AttributeVerdict(status, message, at, parsed, **more)  # type: ignore[arg-type]

    trusted = authority.certificate
    if not _same_name(parsed.issuer, trusted.subject) or not _signed_by(trusted, parsed):
        return verdict(AttributeStatus.UNTRUSTED, "not signed by the trusted attribute authority")
    if parsed.holder.tenant != authority.tenant:
        return verdict(AttributeStatus.FOREIGN, f"the holder is of tenant {parsed.holder.tenant}")
    if at < parsed.not_before:
        return verdict(AttributeStatus.NOT_YET_VALID, f"valid from {parsed.not_before.isoformat()}")
    if at > parsed.not_after:
        return verdict(AttributeStatus.EXPIRED, f"expired at {parsed.not_after.isoformat()}")
    if parsed.no_rev_avail:
        return verdict(AttributeStatus.REVOCATION_UNKNOWN, "the AC says no revocation is available")
    current = _crl_of(authority, crl, at)
    if current is None:
        return verdict(AttributeStatus.REVOCATION_UNKNOWN, "no current CRL of the authority")
    revoked_at = current.revoked.get(parsed.serial)
    if revoked_at is not None and revoked_at <= at:
        return verdict(
            AttributeStatus.REVOKED, f"revoked at {revoked_at.isoformat()}", revoked_at=revoked_at
        )
    if holder_certificate is None or holder_matches is None:
        return verdict(AttributeStatus.VALID, "valid (the holder was not checked)")
    if not holder_certificate.valid:
        return verdict(
            AttributeStatus.HOLDER_CERTIFICATE_REJECTED,
            holder_certificate.message,
            holder_certificate=holder_certificate,
        )
    matches = holder_matches(parsed.holder)
    if not matches:
        return verdict(
            AttributeStatus.OTHER_HOLDER,
            "the card's holder is not the holder the AC names",
            holder_certificate=holder_certificate,
            holder_matches=False,
        )
    return verdict(
        AttributeStatus.VALID,
        "valid, and the card's holder is the AC's holder",
        holder_certificate=holder_certificate,
        holder_matches=True,
    )


__all__ = [
    "PEM_LABEL",
    "AttributeVerdict",
    "MalformedAttributeCertificate",
    "ParsedAttributeCertificate",
    "TrustedAuthority",
    "der_of_pem",
    "read_attribute_certificate",
    "verify_attribute_certificate",
]
