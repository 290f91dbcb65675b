"""The check of an e-prescription (電子処方箋の検証) that the clinic makes when the doctor hands
in the signature and the pharmacy makes before dispensing: the CMS, the HPKI certificate chain
and its revocation, the signer's qualification, then the document itself.

Everything is judged here with `asn1crypto` (to read the CMS) and `cryptography` (signatures,
the certificate and the CRL), against the one HPKI CA the pharmacy trusts and the CRL that CA
publishes (fetched and kept until its nextUpdate). Whatever a stranger sends, the answer is a
`PrescriptionCheck` with a verdict, never an exception: a tampered file is `invalid-signature`
or `malformed`, a revoked certificate `revoked`, a pharmacist's signature `not-a-doctor`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.protocol.hpki import (
    MalformedHpki,
    Prescription,
    Published,
    Qualification,
    parse_prescription,
    qualification_of,
)

MAX_PRESCRIPTION = 64 * 1024
"""The largest signed prescription a pharmacy reads (bytes)."""


class Verdict(enum.StrEnum):
    """What the pharmacy concludes about an e-prescription."""

    VALID = "valid"
    MALFORMED = "malformed"
    INVALID_SIGNATURE = "invalid-signature"
    UNTRUSTED = "untrusted"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NO_REVOCATION_INFO = "no-revocation-info"
    NOT_A_DOCTOR = "not-a-doctor"
    WRONG_PATIENT = "wrong-patient"
    ALREADY_DISPENSED = "already-dispensed"
    OTHER_PRESCRIPTION = "other-prescription"
    """The signature is valid but over another prescription than the clinic wrote."""


@dataclasses.dataclass(frozen=True)
class PrescriptionCheck:
    """The verdict on one signed prescription, with what it could read."""

    verdict: Verdict
    message: str
    """Why, in English (the page words it in both languages from the verdict)."""
    prescription: Prescription | None = None
    doctor: str | None = None
    """The signer's name as the HPKI certificate names it."""
    qualification: Qualification | None = None
    serial: int | None = None

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID


class _Refused(Exception):
    def __init__(self, verdict: Verdict, message: str) -> None:
        super().__init__(message)
        self.verdict = verdict


CrlSource = Callable[[], bytes]
"""Fetches the HPKI CA's current CRL (DER)."""


class HpkiTrust:
    """The one HPKI CA the pharmacy trusts and its CRL, refreshed once the CRL is stale."""

    def __init__(
        self, ca: x509.Certificate, fetch_crl: CrlSource, max_age: dt.timedelta | None = None
    ) -> None:
        self.ca = ca
        self.fetch_crl = fetch_crl
        self.max_age = max_age
        """How long a fetched CRL is kept before it is fetched again (None: until its
        nextUpdate; zero: fetched for every check, so a revocation counts at once)."""
        self._crl: x509.CertificateRevocationList | None = None
        self._fetched_at: dt.datetime | None = None
        self._lock = threading.Lock()

    def _stale(self, at: dt.datetime) -> bool:
        if self._crl is None or self._fetched_at is None or _next_update(self._crl) < at:
            return True
        return self.max_age is not None and at - self._fetched_at >= self.max_age

    def crl(self, at: dt.datetime) -> x509.CertificateRevocationList | None:
        """A CRL of the CA current at `at` (signed by it), or None when none can be had."""
        with self._lock:
            if self._stale(at):
                try:
                    fetched = x509.load_der_x509_crl(self.fetch_crl())
                except (ValueError, OSError):
                    return None
                key = self.ca.public_key()
                if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
                    return None
                if fetched.issuer != self.ca.subject or not fetched.is_signature_valid(key):
                    return None
                self._crl, self._fetched_at = fetched, at
            kept = self._crl
        if kept is None or kept.last_update_utc > at or _next_update(kept) < at:
            return None
        return kept

    def refresh(self) -> None:
        """Forget the kept CRL (after a revocation the pharmacy was told of)."""
        with self._lock:
            self._crl = self._fetched_at = None


CRL_MAX_AGE = dt.timedelta(0)
"""The services fetch the HPKI CRL for every check: a dispensing is rare beside a loopback
fetch, and a doctor's revoked certificate is refused from the moment of its revocation."""


def hpki_trust(
    ca: Path,
    base_url: str,
    http: httpx.Client | None = None,
    max_age: dt.timedelta | None = CRL_MAX_AGE,
) -> HpkiTrust:
    """The trust in the HPKI CA whose certificate is the file `ca`, fetching its CRL from the
    authority at `base_url` over HTTP (an unreachable authority: no revocation information)."""
    client = http or httpx.Client(timeout=10.0)
    url = Published(base_url).crl_url

    def fetch() -> bytes:
        try:
            reply = client.get(url)
        except httpx.HTTPError as exc:
            raise OSError(f"the HPKI authority is unreachable: {exc}") from exc
        if reply.status_code != 200:
            raise OSError(f"the HPKI authority answered {reply.status_code}")
        return reply.content

    return HpkiTrust(x509.load_pem_x509_certificate(ca.read_bytes()), fetch, max_age)


def configured_hpki_trust(context: ServiceContext) -> HpkiTrust:
    """The HPKI CA the world gave the service (`ServiceContext.hpki_ca`, `hpki_url`), or a
    bilingual refusal where none is configured."""
    if context.hpki_ca is None or context.hpki_url is None:
        raise CardRefusal("no HPKI authority is configured / HPKI認証局が設定されていません")
    return hpki_trust(context.hpki_ca, context.hpki_url)


def _next_update(crl: x509.CertificateRevocationList) -> dt.datetime:
    return crl.next_update_utc or dt.datetime.min.replace(tzinfo=dt.UTC)


def check_prescription(signed: bytes, trust: HpkiTrust, at: dt.datetime) -> PrescriptionCheck:
    """Judge `signed` (a CMS SignedData, DER, with the prescription attached) at `at`."""
    try:
        content, certificate = _verified_cms(signed)
        _check_certificate(certificate, trust, at)
        try:
            qualification = qualification_of(certificate)
        except MalformedHpki as exc:
            raise _Refused(Verdict.NOT_A_DOCTOR, str(exc)) from exc
        names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        doctor = str(names[0].value) if names else None
        if qualification is not Qualification.DOCTOR:
            return PrescriptionCheck(
                Verdict.NOT_A_DOCTOR, f"the signer is a {qualification.value}, not a doctor",
                doctor=doctor, qualification=qualification, serial=certificate.serial_number,
            )  # fmt: skip
        try:
            prescription = parse_prescription(content)
        except MalformedHpki as exc:
            raise _Refused(Verdict.MALFORMED, str(exc)) from exc
        return PrescriptionCheck(
            Verdict.VALID, "signed by a doctor whose HPKI certificate stands",
            prescription, doctor, qualification, certificate.serial_number,
        )  # fmt: skip
    except _Refused as refused:
        return PrescriptionCheck(refused.verdict, str(refused))
    except (
        ValueError,
        UnsupportedAlgorithm,
    ) as exc:  # a certificate field `cryptography` reads lazily and refuses
        return PrescriptionCheck(Verdict.MALFORMED, f"the certificate does not parse: {exc}")


def _signer_certificate(data: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate:
    """The one certificate in `data` that `signer` names by issuer and serial."""
    sid = signer["sid"]
    if sid.name != "issuer_and_serial_number":
        raise ValueError("the signer is not named by issuer and serial")
    certificates = [
        x509.load_der_x509_certificate(c.chosen.dump())
        for c in data["certificates"] or []
        if c.name == "certificate"
    ]
    wanted = sid.chosen["serial_number"].native
    matching = [c for c in certificates if c.serial_number == wanted]
    if len(matching) != 1:
        raise ValueError("the signer's certificate is not in the CMS")
    return matching[0]


def _signed_attributes(signer: cms.SignerInfo, content: bytes) -> bytes:
    """The DER the signature is over (the signed attributes as a SET), once their content type
    is data and their message digest (SHA-256) is the content's."""
    attributes = signer["signed_attrs"]
    if not attributes:
        raise ValueError("no signed attributes")
    by_type = {a["type"].native: a["values"] for a in attributes}
    digest_name = signer["digest_algorithm"]["algorithm"].native
    if digest_name != "sha256":
        raise ValueError(f"digest {digest_name} is not SHA-256")
    digests = by_type.get("message_digest")
    kinds = by_type.get("content_type")
    if not digests or len(digests) != 1 or not kinds or kinds[0].native != "data":
        raise ValueError("message-digest and content-type attributes are required")
    if digests[0].native != hashlib.sha256(content).digest():
        raise _Refused(Verdict.INVALID_SIGNATURE, "the prescription was changed after signing")
    return bytes(attributes.untag().dump())


def _verified_cms(signed: bytes) -> tuple[bytes, x509.Certificate]:
    """The content and signer certificate of an intact CMS, else `_Refused`."""
    if len(signed) > MAX_PRESCRIPTION:
        raise _Refused(Verdict.MALFORMED, "too large for a prescription")
    try:
        info = cms.ContentInfo.load(signed, strict=True)
        if info["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        data = info["content"]
        encap = data["encap_content_info"]
        if encap["content_type"].native != "data" or encap["content"].native is None:
            raise ValueError("the prescription is not attached")
        content = bytes(encap["content"].native)
        signers = data["signer_infos"]
        if len(signers) != 1:
            raise ValueError("a prescription has exactly one signer")
        signer = signers[0]
        certificate = _signer_certificate(data, signer)
        signed_attributes = _signed_attributes(signer, content)
        signature = bytes(signer["signature"].native)
        algorithm = signer["signature_algorithm"].signature_algo
        key = certificate.public_key()
    except _Refused:
        raise
    except (
        ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError,
        UnsupportedAlgorithm,
    ) as exc:  # fmt: skip
        raise _Refused(Verdict.MALFORMED, f"not a signed prescription: {exc}") from exc
    try:
        if isinstance(key, ec.EllipticCurvePublicKey) and algorithm == "ecdsa":
            key.verify(signature, signed_attributes, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey) and algorithm == "rsassa_pkcs1v15":
            key.verify(signature, signed_attributes, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise _Refused(Verdict.MALFORMED, f"unsupported signature algorithm {algorithm}")
    except InvalidSignature as exc:
        raise _Refused(Verdict.INVALID_SIGNATURE, "the signature does not verify") from exc
    return content, certificate


def _check_certificate(certificate: x509.Certificate, trust: HpkiTrust, at: dt.datetime) -> None:
    try:
        certificate.verify_directly_issued_by(trust.ca)
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise _Refused(Verdict.UNTRUSTED, "the certificate is not from the HPKI CA") from exc
    if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
        raise _Refused(Verdict.EXPIRED, "the HPKI certificate is not valid at this time")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except (x509.ExtensionNotFound, ValueError) as exc:
        raise _Refused(Verdict.UNTRUSTED, "the certificate has no key usage") from exc
    if not usage.content_commitment:
        raise _Refused(Verdict.UNTRUSTED, "not a signing (non-repudiation) certificate")
    crl = trust.crl(at)
    if crl is None:
        raise _Refused(Verdict.NO_REVOCATION_INFO, "no current CRL of the HPKI CA")
    revoked = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
    if revoked is not None and revoked.revocation_date_utc <= at:
        raise _Refused(Verdict.REVOKED, "the HPKI certificate was revoked")


__all__ = [
    "CRL_MAX_AGE",
    "MAX_PRESCRIPTION",
    "CrlSource",
    "HpkiTrust",
    "PrescriptionCheck",
    "Verdict",
    "check_prescription",
    "configured_hpki_trust",
    "hpki_trust",
]
