"""J-LIS's two root CAs, their key generations, and the certificates they sign.

Each purpose (auth, sign) has one root name and any number of key generations (rollover:
the real 2015 and 2023 roots share a name). Certificates point at their generation by
authority key identifier, which is how verifiers pick the issuer. Every generation has its
own delegated OCSP responder certificate, because a responder may only speak for the key
that signed the certificates it answers for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import secrets

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jpki.authority.errors import InvalidRequest, NotFound
from jpki.authority.keystore import KeyStore
from jpki.authority.store.models import CaGenerationRow
from jpki.clock import JST, Clock
from jpki.profile import oids
from jpki.profile.four_info import FourInfo, encode_four_info
from jpki.profile.medium import PHONE_POLICY, Medium
from jpki.profile.purpose import CertificatePurpose, root_name, root_san_name

RSA_BITS = 2048
PUBLIC_EXPONENT = 65537


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(PUBLIC_EXPONENT, RSA_BITS)


MAX_SERIAL = 2**63 - 1
"""The largest serial the authority issues or stores (a signed 64-bit column, SQL BIGINT).

A serial beyond it, in a path, a body or an OCSP request, was never issued: the edges answer
"unknown" or 422 for it rather than handing it to the database, which would overflow.
"""


def new_serial() -> int:
    """A random positive 63-bit serial (fits a signed 64-bit column, unguessable)."""
    return secrets.randbits(62) | (1 << 62)


def key_id(public_key: rsa.RSAPublicKey) -> bytes:
    """RFC 5280 method-1 key identifier (SHA-1 of the subjectPublicKey bits)."""
    return x509.SubjectKeyIdentifier.from_public_key(public_key).digest


def end_of_day_jst(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=JST).astimezone(dt.UTC)


@dataclasses.dataclass(frozen=True)
class CaGeneration:
    """One loaded key generation of a root: certificate, key, responder, OCSP hashes."""

    id: int
    purpose: CertificatePurpose
    number: int
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    responder_certificate: x509.Certificate
    responder_key: rsa.RSAPrivateKey

    @property
    def name(self) -> x509.Name:
        return self.certificate.subject

    @property
    def key_id(self) -> bytes:
        return key_id(self.certificate.public_key())  # type: ignore[arg-type]

    @functools.cached_property
    def responder_key_hash(self) -> bytes:
        """SHA-1 of the responder's public key bits: its OCSP ResponderID (byKey)."""
        return hashlib.sha1(_subject_public_key_bits(self.responder_certificate)).digest()

    @functools.cached_property
    def responder_certificate_asn1(self) -> asn1_x509.Certificate:
        """The responder certificate as asn1crypto embeds it in every response."""
        return asn1_x509.Certificate.load(
            self.responder_certificate.public_bytes(serialization.Encoding.DER)
        )

    def issuer_key_hash(self, algorithm: str) -> bytes:
        """Hash of the root's subjectPublicKey bit string, as in an OCSP CertID."""
        return hashlib.new(algorithm, _subject_public_key_bits(self.certificate)).digest()

    def issuer_name_hash(self, algorithm: str) -> bytes:
        return hashlib.new(algorithm, self.name.public_bytes()).digest()


def _subject_public_key_bits(cert: x509.Certificate) -> bytes:
    info = keys.PublicKeyInfo.load(
        cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return bytes(info["public_key"].contents[1:])


def _root_certificate(
    purpose: CertificatePurpose, key: rsa.RSAPrivateKey, now: dt.datetime, *, test: bool, years: int
) -> x509.Certificate:
    name = root_name(purpose, test=test)
    not_after = end_of_day_jst(now.astimezone(JST).date().replace(year=now.year + years))
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(new_serial())
        .not_valid_before(now.replace(microsecond=0))
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DirectoryName(root_san_name())]), False)
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.DirectoryName(name)], None, None, None)]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )


def _responder_certificate(
    root: x509.Certificate, root_key: rsa.RSAPrivateKey, key: rsa.RSAPrivateKey, number: int
) -> x509.Certificate:
    units = [a.value for a in root.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]
    organization = root.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, str(organization)),
            *[x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, str(u)) for u in units],
            x509.NameAttribute(NameOID.COMMON_NAME, f"OCSP Responder G{number}"),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(new_serial())
        .not_valid_before(root.not_valid_before_utc)
        .not_valid_after(root.not_valid_after_utc)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), False)
        .add_extension(x509.OCSPNoCheck(), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
        .sign(root_key, hashes.SHA256())
    )


def crl_shard_name(generation: CaGeneration, shard: int) -> x509.Name:
    """Distribution point name of one CRL shard: the root name plus `CN=CRL<shard>`."""
    return x509.Name([*generation.name, x509.NameAttribute(NameOID.COMMON_NAME, f"CRL{shard:05d}")])


@dataclasses.dataclass(frozen=True)
class EndEntityRequest:
    """What the CA needs to certify a public key the card handed over."""

    purpose: CertificatePurpose
    public_key: rsa.RSAPublicKey
    subject_id: str
    not_after: dt.datetime
    four_info: FourInfo | None = None
    localities: tuple[str, str] | None = None
    """Prefecture and municipality (signing certificates only)."""
    medium: Medium = Medium.CARD
    """A phone's certificates also carry `PHONE_POLICY` (jpki.profile.medium, modelled)."""


def build_end_entity(
    generation: CaGeneration, request: EndEntityRequest, serial: int, shard: int, now: dt.datetime
) -> x509.Certificate:
    """Sign an end-entity certificate of the JPKI profile (JPKI.md §3)."""
    purpose = request.purpose
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "JP")]
    if purpose is CertificatePurpose.SIGN:
        if request.four_info is None or request.localities is None:
            raise InvalidRequest("a signing certificate needs the 4 information")
        attributes += [x509.NameAttribute(NameOID.LOCALITY_NAME, x) for x in request.localities]
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, request.subject_id))
    sign = purpose is CertificatePurpose.SIGN
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(generation.name)
        .public_key(request.public_key)
        .serial_number(serial)
        .not_valid_before(now.replace(microsecond=0))
        .not_valid_after(request.not_after)
        .add_extension(
            x509.KeyUsage(True, sign, False, False, False, False, False, False, False), True
        )
        .add_extension(
            x509.CertificatePolicies(
                [x509.PolicyInformation(purpose.policy_oid, [oids.CPS_URI])]
                + (
                    [x509.PolicyInformation(PHONE_POLICY, None)]
                    if request.medium is Medium.PHONE
                    else []
                )
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(generation.key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(request.public_key), False)
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.DirectoryName(crl_shard_name(generation, shard))], None, None, None
                    )
                ]
            ),
            critical=False,
        )
    )
    if sign and request.four_info is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(encode_four_info(request.four_info)), critical=False
        )
    return builder.sign(generation.key, hashes.SHA256())


class CertificateAuthorities:
    """The generations of both roots, loaded from the database and the key store."""

    def __init__(self, keys: KeyStore, clock: Clock, *, test: bool, root_years: int) -> None:
        self._keys = keys
        self._clock = clock
        self._test = test
        self._root_years = root_years
        self._by_id: dict[int, CaGeneration] = {}

    def load(self, session: Session) -> None:
        for row in session.scalars(select(CaGenerationRow).order_by(CaGenerationRow.id)):
            if row.id not in self._by_id:
                self._by_id[row.id] = self._from_row(row)

    def _from_row(self, row: CaGenerationRow) -> CaGeneration:
        return CaGeneration(
            id=row.id,
            purpose=CertificatePurpose(row.purpose),
            number=row.number,
            certificate=x509.load_der_x509_certificate(row.certificate_der),
            key=self._keys.load(row.key_file),
            responder_certificate=x509.load_der_x509_certificate(row.responder_certificate_der),
            responder_key=self._keys.load(row.responder_key_file),
        )

    def create_generation(self, session: Session, purpose: CertificatePurpose) -> CaGeneration:
        """Key rollover: a new root key and certificate with the same name, and its responder."""
        number = (
            session.scalar(
                select(func.max(CaGenerationRow.number)).where(
                    CaGenerationRow.purpose == purpose.value
                )
            )
            or 0
        ) + 1
        now = self._clock.now()
        key, responder_key = new_rsa_key(), new_rsa_key()
        root = _root_certificate(purpose, key, now, test=self._test, years=self._root_years)
        responder = _responder_certificate(root, key, responder_key, number)
        key_file, responder_file = f"{purpose}-g{number}.pem", f"{purpose}-g{number}-ocsp.pem"
        self._keys.save(key_file, key)
        self._keys.save(responder_file, responder_key)
        row = CaGenerationRow(
            purpose=purpose.value,
            number=number,
            certificate_der=root.public_bytes(serialization.Encoding.DER),
            key_file=key_file,
            responder_certificate_der=responder.public_bytes(serialization.Encoding.DER),
            responder_key_file=responder_file,
            issued_count=0,
            created_at=now,
        )
        session.add(row)
        session.flush()
        generation = self._from_row(row)
        self._by_id[row.id] = generation
        return generation

    def all(self) -> list[CaGeneration]:
        return sorted(self._by_id.values(), key=lambda g: (g.purpose, g.number))

    def of_purpose(self, purpose: CertificatePurpose) -> list[CaGeneration]:
        """All generations of one root, oldest first."""
        return [g for g in self.all() if g.purpose is purpose]

    def current(self, purpose: CertificatePurpose) -> CaGeneration:
        generations = self.of_purpose(purpose)
        if not generations:
            raise NotFound(f"no {purpose} CA generation; initialise the authority first")
        return generations[-1]

    def by_id(self, generation_id: int) -> CaGeneration:
        try:
            return self._by_id[generation_id]
        except KeyError:
            raise NotFound(f"no CA generation {generation_id}") from None

    def reserve(
        self, session: Session, purpose: CertificatePurpose, count: int
    ) -> tuple[CaGeneration, int]:
        """Reserve `count` issuance slots of the current generation; returns the first index.

        The index decides the CRL shard; one UPDATE serves a whole batch of cards.
        """
        generation = self.current(purpose)
        end = session.execute(
            update(CaGenerationRow)
            .where(CaGenerationRow.id == generation.id)
            .values(issued_count=CaGenerationRow.issued_count + count)
            .returning(CaGenerationRow.issued_count)
        ).scalar_one()
        return generation, end - count

    def sign(
        self, generation: CaGeneration, request: EndEntityRequest, index: int, shard_size: int
    ) -> tuple[x509.Certificate, int]:
        """Certify a public key in a reserved slot; returns (certificate, shard)."""
        if request.purpose is not generation.purpose:
            raise InvalidRequest("certificate purpose does not match the CA generation")
        shard = index // shard_size
        return build_end_entity(generation, request, new_serial(), shard, self._clock.now()), shard


__all__ = [
    "CaGeneration",
    "CertificateAuthorities",
    "EndEntityRequest",
    "build_end_entity",
    "crl_shard_name",
    "key_id",
    "new_rsa_key",
    "new_serial",
]
