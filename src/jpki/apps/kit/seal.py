"""An organisation's electronic seal (組織の電子署名) for the PDFs a service issues: a
municipality's resident-record copies, a bank's countersignature.

Organisations do not sign with My Number cards; in Japan a municipality signs with the local
government PKI (LGPKI, 地方公共団体組織認証基盤) and a company with a commercial CA. In the
sandbox each service that seals keeps its own small CA (`seal-ca.pem`, key `seal-ca.key`) and
seal certificate (`seal.pem`, key `seal.key`; keys mode 0600) in its folder, made on first
use; a verifier trusts the CA certificate it publishes. pyHanko writes a PAdES signature that
`pdfsig` and pyHanko validate, and every sealed PDF carries the seal's chain and a fresh CRL
of its CA in the Document Security Store, so long-term (AdES) validation needs nothing online.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import DocumentSecurityStore
from pyhanko_certvalidator.registry import SimpleCertificateStore

from jpki.files import atomic_write, write_private_key

VALIDITY = dt.timedelta(days=3650)


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _certificate(
    subject: x509.Name,
    issuer: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer_key: rsa.RSAPrivateKey,
    now: dt.datetime,
    *,
    ca: bool,
) -> x509.Certificate:
    usage = dict.fromkeys(
        ("content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
         "encipher_only", "decipher_only", "key_cert_sign", "crl_sign"),
        False,
    )  # fmt: skip
    usage |= {"key_cert_sign": True, "crl_sign": True} if ca else {"content_commitment": True}
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, **usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def _load_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path} is not an RSA key")
    return key


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


class OrganisationSeal:
    """One organisation's seal key and certificate, and the CA that vouches for it."""

    def __init__(
        self,
        key: rsa.RSAPrivateKey,
        certificate: x509.Certificate,
        ca: x509.Certificate,
        ca_key: rsa.RSAPrivateKey,
    ) -> None:
        self.key, self.certificate, self.ca, self.ca_key = key, certificate, ca, ca_key

    @classmethod
    def open(cls, folder: Path, organisation: str, now: dt.datetime) -> OrganisationSeal:
        """The seal kept in `folder`, made (with its CA) on first use."""
        files = [folder / name for name in ("seal.key", "seal.pem", "seal-ca.pem", "seal-ca.key")]
        if all(path.exists() for path in files):
            return cls(
                _load_key(files[0]),
                x509.load_pem_x509_certificate(files[1].read_bytes()),
                x509.load_pem_x509_certificate(files[2].read_bytes()),
                _load_key(files[3]),
            )
        ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ca_name = _name(f"{organisation} seal CA (sandbox)", organisation)
        ca = _certificate(ca_name, ca_name, ca_key, ca_key, now, ca=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        certificate = _certificate(
            _name(organisation, organisation), ca_name, key, ca_key, now, ca=False
        )
        pem = serialization.Encoding.PEM
        atomic_write(files[2], ca.public_bytes(pem))
        atomic_write(files[1], certificate.public_bytes(pem))
        write_private_key(files[0], key)
        write_private_key(files[3], ca_key)
        return cls(key, certificate, ca, ca_key)

    def crl(self, now: dt.datetime) -> x509.CertificateRevocationList:
        """A CRL of the seal CA as of `now`: nothing revoked (a sandbox seal is never
        compromised), valid for a day."""
        return (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.subject)
            .last_update(now - dt.timedelta(minutes=5))
            .next_update(now + dt.timedelta(days=1))
            .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
            .sign(self.ca_key, hashes.SHA256())
        )

    def signer(self) -> signers.SimpleSigner:
        return signers.SimpleSigner(
            signing_cert=_asn1(self.certificate),
            signing_key=load_private_key_from_pemder_data(
                self.key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
                passphrase=None,
            ),
            cert_registry=SimpleCertificateStore.from_certs([_asn1(self.ca)]),
        )

    def sign_pdf(
        self,
        pdf: bytes,
        *,
        field_name: str,
        reason: str,
        now: dt.datetime,
        timestamper: timestamps.TimeStamper | None = None,
    ) -> bytes:
        """`pdf` with this seal's PAdES signature added as an incremental update (earlier
        signatures stay valid), then the seal's chain and CRL as of `now` in the DSS; with a
        time-stamping authority, a signature time-stamp too (PAdES B-T)."""
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
        )
        out = signers.PdfSigner(metadata, self.signer(), timestamper=timestamper).sign_pdf(writer)
        crl = self.crl(now)
        DocumentSecurityStore.add_dss(
            out,
            None,
            certs=[_asn1(self.certificate), _asn1(self.ca)],
            crls=[asn1_crl.CertificateList.load(crl.public_bytes(serialization.Encoding.DER))],
            strict=False,
        )
        return out.getvalue()


__all__ = ["OrganisationSeal"]
