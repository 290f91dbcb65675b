"""The HPKI signing CA: its key and certificate, issuance after card proofing, revocation and
the CRL it publishes (CRL only, no OCSP responder: docs/hpki.md says why).

Issuance (発行) checks three things before it signs: the CSR's own signature (the doctor's
client holds the key: proof of possession), the JPKI signing certificate's CMS over the
application text (card proofing, judged by the signature verification platform, of which this
authority is a 委託 tenant so that it learns the name and birth date), and the licence in the
qualification registry (the same person, the claimed qualification, in force). The certificate
then names the person and the qualification, never the address.

State is files in the authority's folder: `ca.key` (0600), `ca.pem`, `issued.json` (one row per
certificate: serial, subject, qualification, licence, validity, revocation) and
`crl/hpki-sign.crl`. The HPKI CA is small and runs as one process; the JPKI authority's
database machinery is not needed for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from jpki.clock import Clock
from jpki.files import atomic_write, write_private_key
from jpki.hpki.errors import ApplicationRefused, UnknownCertificate
from jpki.hpki.registry import QualificationRegistry
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import MalformedField, decode_b64
from jpki.protocol.hpki import (
    CRL_PATH,
    HPKI_SIGN_POLICY_OID,
    Application,
    Issued,
    Qualification,
    application_text,
    hc_role_extension,
)
from jpki.protocol.verification import Receipted, SignatureResult

VALIDITY = dt.timedelta(days=365 * 2)
"""How long a signing certificate lasts (sandbox choice; the policy allows up to 5 years)."""
CRL_LIFETIME = dt.timedelta(days=1)
CA_NAME = "HPKI-TEST Signing CA (HPKI署名用)"


class CardSignatureCheck(Protocol):
    """How the authority has a JPKI signature judged: the platform's `/v1/signatures/cms`."""

    def verify_cms(self, signature: bytes, content: bytes) -> Receipted[SignatureResult]: ...


@dataclasses.dataclass(frozen=True)
class IssuedRow:
    """One certificate this CA issued, and its revocation."""

    serial: int
    name: str
    qualification: Qualification
    licence: str
    not_before: dt.datetime
    not_after: dt.datetime
    platform_receipt: str
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "serial": f"{self.serial:x}", "name": self.name,
            "qualification": self.qualification.value, "licence": self.licence,
            "not_before": self.not_before.isoformat(), "not_after": self.not_after.isoformat(),
            "platform_receipt": self.platform_receipt,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "reason": self.reason.value if self.reason else None,
        }  # fmt: skip

    @classmethod
    def from_json(cls, row: dict[str, str | None]) -> IssuedRow:
        revoked, reason = row.get("revoked_at"), row.get("reason")
        return cls(
            int(str(row["serial"]), 16), str(row["name"]), Qualification(str(row["qualification"])),
            str(row["licence"]), dt.datetime.fromisoformat(str(row["not_before"])),
            dt.datetime.fromisoformat(str(row["not_after"])), str(row["platform_receipt"]),
            dt.datetime.fromisoformat(revoked) if revoked else None,
            x509.ReasonFlags(reason) if reason else None,
        )  # fmt: skip


def _ca_name() -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "jpki HPKI sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
        ]
    )


def subject_name(name: str) -> x509.Name:
    """An HPKI subject: the country and the person's registered name, and nothing of where
    they live (no address, no locality: 住所の記載のない署名)."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )


class HpkiAuthority:
    """One HPKI signing CA in `folder`, publishing its CRL under `base_url`."""

    def __init__(
        self, folder: Path, clock: Clock, registry: QualificationRegistry, base_url: str
    ) -> None:
        self.folder = folder
        self.clock = clock
        self.registry = registry
        self.base_url = base_url.rstrip("/")
        key = serialization.load_pem_private_key((folder / "ca.key").read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("the HPKI CA key must be RSA")
        self.key = key
        self.certificate = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
        self._lock = threading.Lock()

    @classmethod
    def create(
        cls, folder: Path, clock: Clock, registry: QualificationRegistry, base_url: str,
        *, years: int = 10,
    ) -> HpkiAuthority:  # fmt: skip
        """A new CA in `folder` (its key 0600), or the one already there."""
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "ca.pem").exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            now = clock.now().replace(microsecond=0)
            name = _ca_name()
            certificate = (
                x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=365 * years))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256())
            )  # fmt: skip
            write_private_key(folder / "ca.key", key)
            atomic_write(folder / "ca.pem", certificate.public_bytes(serialization.Encoding.PEM))
        authority = cls(folder, clock, registry, base_url)
        if not authority.crl_path.exists():
            authority.publish_crl()
        return authority

    # -- the issued certificates ---------------------------------------------------------------

    @property
    def crl_path(self) -> Path:
        return self.folder / CRL_PATH.lstrip("/")

    def _rows(self) -> dict[int, IssuedRow]:
        path = self.folder / "issued.json"
        if not path.exists():
            return {}
        return {
            row.serial: row
            for row in map(IssuedRow.from_json, json.loads(path.read_text(encoding="utf-8")))
        }

    def _save(self, rows: dict[int, IssuedRow]) -> None:
        data = [row.to_json() for row in rows.values()]
        atomic_write(self.folder / "issued.json", json.dumps(data, ensure_ascii=False).encode())

    def issued(self) -> list[IssuedRow]:
        return list(self._rows().values())

    # -- issuance ------------------------------------------------------------------------------

    def issue(self, application: Application, check: CardSignatureCheck) -> Issued:
        """Card proofing, the licence, then the certificate (`ApplicationRefused` otherwise)."""
        try:
            request = x509.load_pem_x509_csr(application.csr.encode())
            signature = decode_b64(application.signature, "signature")
        except (ValueError, MalformedField) as exc:
            raise ApplicationRefused("malformed", f"the application does not parse: {exc}") from exc
        public_key = request.public_key()
        if not request.is_signature_valid:
            raise ApplicationRefused("wrong-key", "the request's own signature does not verify")
        if not (
            (isinstance(public_key, rsa.RSAPublicKey) and public_key.key_size >= 2048)
            or (isinstance(public_key, ec.EllipticCurvePublicKey) and public_key.curve.name == "secp256r1")
        ):  # fmt: skip
            raise ApplicationRefused("malformed", "the key must be RSA-2048 or more, or P-256")
        content = application_text(
            application.csr, application.licence_number, application.qualification
        )
        answer = check.verify_cms(signature, content)
        result = answer.result
        verdict = result.certificate
        if not result.valid or verdict.purpose is not CertificatePurpose.SIGN:
            raise ApplicationRefused(
                "card-signature", f"the card's signature is not accepted: {result.status}"
            )
        info = verdict.four_info
        if info is None:
            raise ApplicationRefused("card-signature", "the platform named no 4 information")
        licence = self.registry.confirm(
            application.licence_number, application.qualification, info.name, info.birth_date
        )
        if licence is None:
            raise ApplicationRefused(
                "not-licensed", "the registry has no such licence in force for this person"
            )
        return self._sign(
            public_key, licence.name, licence.qualification, licence.number, answer.receipt
        )

    def _sign(
        self, public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey | object, name: str,
        qualification: Qualification, licence: str, receipt: str,
    ) -> Issued:  # fmt: skip
        if not isinstance(public_key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise ApplicationRefused("malformed", "unsupported key")
        now = self.clock.now().replace(microsecond=0)
        serial = x509.random_serial_number()
        certificate = (
            x509.CertificateBuilder().subject_name(subject_name(name))
            .issuer_name(self.certificate.subject).public_key(public_key).serial_number(serial)
            .not_valid_before(now).not_valid_after(now + VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            # 署名用: non-repudiation (contentCommitment) only, as the policy's signing profile.
            .add_extension(x509.KeyUsage(False, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(HPKI_SIGN_POLICY_OID), None)]), critical=False)
            .add_extension(hc_role_extension(qualification), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint([x509.UniformResourceIdentifier(self.base_url + CRL_PATH)], None, None, None)]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .sign(self.key, hashes.SHA256())
        )  # fmt: skip
        with self._lock:
            rows = self._rows()
            rows[serial] = IssuedRow(
                serial, name, qualification, licence, now, now + VALIDITY, receipt
            )
            self._save(rows)
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        return Issued(certificate=pem, serial=f"{serial:x}")

    # -- revocation ----------------------------------------------------------------------------

    def revoke(
        self, serial: int, reason: x509.ReasonFlags = x509.ReasonFlags.unspecified
    ) -> IssuedRow:
        """Revoke certificate `serial` (失効) and publish the CRL at once."""
        with self._lock:
            rows = self._rows()
            row = rows.get(serial)
            if row is None:
                raise UnknownCertificate(f"no certificate {serial:x} was issued here")
            if row.revoked_at is None:
                row = dataclasses.replace(
                    row, revoked_at=self.clock.now().replace(microsecond=0), reason=reason
                )
                rows[serial] = row
                self._save(rows)
        self.publish_crl()
        return row

    def crl(self) -> x509.CertificateRevocationList:
        """The complete CRL now: every revoked certificate not yet expired."""
        now = self.clock.now().replace(microsecond=0)
        rows = sorted(self._rows().values(), key=lambda r: r.serial)
        number = int(now.timestamp())
        builder = (
            x509.CertificateRevocationListBuilder().issuer_name(self.certificate.subject)
            .last_update(now).next_update(now + CRL_LIFETIME)
            .add_extension(x509.CRLNumber(number), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
        )  # fmt: skip
        for row in rows:
            if row.revoked_at is None or row.not_after < now:
                continue
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(row.serial)
                .revocation_date(row.revoked_at)
            )
            if row.reason is not None and row.reason is not x509.ReasonFlags.unspecified:
                entry = entry.add_extension(x509.CRLReason(row.reason), critical=False)
            builder = builder.add_revoked_certificate(entry.build())
        return builder.sign(self.key, hashes.SHA256())

    def publish_crl(self) -> Path:
        self.crl_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.crl_path, self.crl().public_bytes(serialization.Encoding.DER))
        return self.crl_path


__all__ = [
    "CA_NAME",
    "CRL_LIFETIME",
    "VALIDITY",
    "CardSignatureCheck",
    "HpkiAuthority",
    "IssuedRow",
    "subject_name",
]
