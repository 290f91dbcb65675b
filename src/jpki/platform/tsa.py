"""A time-stamping authority (RFC 3161, タイムスタンプ局) that the platform runs.

The evidence log's chain head is sealed with time-stamp tokens from here, and later the
e-contract service stamps its signatures (PAdES B-T). A token is a CMS SignedData over a
TSTInfo (policy, message imprint, serial, time, nonce) signed by a certificate whose only
extended key usage is id-kp-timeStamping (critical), with ESS signing-certificate-v2 as RFC 5816
requires. `openssl ts -verify` accepts our tokens; `verify_token` checks them without openssl.
Bad requests get an RFC 3161 rejection with a failure reason, never an exception.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from jpki.clock import Clock
from jpki.files import atomic_write, private_folder, write_private_key
from jpki.platform.errors import InvalidTimestamp, TimestampRefused
from jpki.profile.oids import PRIVATE_ARC
from jpki.verifier.anchors import Anchor

TSA_POLICY = f"{PRIVATE_ARC}.4"
"""Our time-stamp policy OID (private arc)."""
HASHES = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
MAX_REQUEST = 16 * 1024


@dataclasses.dataclass(frozen=True)
class TsaKeys:
    """The TSA's root, its time-stamping certificate and key (files in one folder)."""

    root: x509.Certificate
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @classmethod
    def create(cls, folder: Path, now: dt.datetime, *, years: int = 10) -> TsaKeys:
        """A new root and TSA certificate, written as tsa-root.pem, tsa.pem and tsa.key (0600)."""
        root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        start, end = (
            now.replace(microsecond=0),
            now.replace(microsecond=0) + dt.timedelta(days=365 * years),
        )
        root_name = _name("JPKI-TEST Platform Time-Stamping Root")
        root = (
            x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
            .sign(root_key, hashes.SHA256())
        )  # fmt: skip
        certificate = (
            x509.CertificateBuilder().subject_name(_name("JPKI-TEST Platform TSA 1"))
            .issuer_name(root_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(root_key, hashes.SHA256())
        )  # fmt: skip
        private_folder(folder)
        atomic_write(folder / "tsa-root.pem", root.public_bytes(serialization.Encoding.PEM))
        atomic_write(folder / "tsa.pem", certificate.public_bytes(serialization.Encoding.PEM))
        write_private_key(folder / "tsa.key", key)
        return cls(root, certificate, key)

    @classmethod
    def load(cls, folder: Path) -> TsaKeys:
        key = serialization.load_pem_private_key((folder / "tsa.key").read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("the TSA key must be RSA")
        return cls(
            x509.load_pem_x509_certificate((folder / "tsa-root.pem").read_bytes()),
            x509.load_pem_x509_certificate((folder / "tsa.pem").read_bytes()),
            key,
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "jpki"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


class _Response(core.Sequence):
    """TimeStampResp with the token optional, as RFC 3161 has it (asn1crypto requires it)."""

    _fields = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


class TimestampAuthority:
    """Answers TimeStampReq DER with TimeStampResp DER."""

    def __init__(self, keys: TsaKeys, clock: Clock) -> None:
        self.keys, self.clock = keys, clock
        self._certificate = asn1_x509.Certificate.load(
            keys.certificate.public_bytes(serialization.Encoding.DER)
        )
        self._ess = tsp.SigningCertificateV2(
            {
                "certs": [
                    {
                        "cert_hash": hashlib.sha256(self._certificate.dump()).digest(),
                        "issuer_serial": {
                            "issuer": [
                                asn1_x509.GeneralName({"directory_name": self._certificate.issuer})
                            ],
                            "serial_number": self._certificate.serial_number,
                        },
                    }
                ]
            }
        )

    def respond(self, request_der: bytes) -> bytes:
        """A granted response with a token, or a rejection saying why."""
        try:
            token = self.stamp(request_der)
        except TimestampRefused as refused:
            return _Response(
                {
                    "status": {
                        "status": "rejection",
                        "status_string": [str(refused)],
                        "fail_info": tsp.PKIFailureInfo({refused.failure}),
                    }
                }
            ).dump()
        return tsp.TimeStampResp(
            {"status": {"status": "granted"}, "time_stamp_token": token}
        ).dump()

    def stamp(self, request_der: bytes) -> cms.ContentInfo:
        """The time-stamp token for a request; raises TimestampRefused for a bad one."""
        if len(request_der) > MAX_REQUEST:
            raise TimestampRefused("bad_data_format", "the request is too large")
        try:
            request = tsp.TimeStampReq.load(request_der)
            imprint = request["message_imprint"]
            algorithm = imprint["hash_algorithm"]["algorithm"].native
            hashed = imprint["hashed_message"].native
            policy = request["req_policy"].native
            nonce = request["nonce"].native
            cert_req = bool(request["cert_req"].native)
            if request["version"].native != "v1":
                raise TimestampRefused("bad_request", "only version 1 requests are understood")
            if request["extensions"].native:
                raise TimestampRefused(
                    "unaccepted_extensions", "no request extensions are accepted"
                )
        except (ValueError, TypeError, KeyError) as exc:
            raise TimestampRefused("bad_data_format", f"not a TimeStampReq: {exc}") from exc
        if algorithm not in HASHES or len(hashed) != HASHES[algorithm].digest_size:
            raise TimestampRefused("bad_alg", "the message imprint must be SHA-256/384/512")
        if policy not in (None, TSA_POLICY):
            raise TimestampRefused("unaccepted_policy", f"only policy {TSA_POLICY} is offered")
        info = tsp.TSTInfo(
            {
                "version": "v1",
                "policy": TSA_POLICY,
                "message_imprint": {
                    "hash_algorithm": {"algorithm": algorithm},
                    "hashed_message": hashed,
                },
                "serial_number": int.from_bytes(os.urandom(15)),
                "gen_time": self.clock.now().astimezone(dt.UTC),
                "accuracy": {"seconds": 1},
                "nonce": nonce,
            }
        )
        return self._sign(info, cert_req)

    def _sign(self, info: tsp.TSTInfo, cert_req: bool) -> cms.ContentInfo:
        content = info.dump()
        attributes = cms.CMSAttributes(
            [
                cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
                cms.CMSAttribute(
                    {"type": "message_digest", "values": [hashlib.sha256(content).digest()]}
                ),
                cms.CMSAttribute({"type": "signing_certificate_v2", "values": [self._ess]}),
            ]
        )
        signature = self.keys.key.sign(attributes.dump(), padding.PKCS1v15(), hashes.SHA256())
        signed = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
                "encap_content_info": {
                    "content_type": "tst_info",
                    "content": cms.ParsableOctetString(content),
                },
                "certificates": [self._certificate] if cert_req else None,
                "signer_infos": [
                    {
                        "version": "v1",
                        "sid": {
                            "issuer_and_serial_number": {
                                "issuer": self._certificate.issuer,
                                "serial_number": self._certificate.serial_number,
                            }
                        },
                        "digest_algorithm": {"algorithm": "sha256"},
                        "signed_attrs": attributes,
                        "signature_algorithm": {"algorithm": "rsassa_pkcs1v15"},
                        "signature": signature,
                    }
                ],
            }
        )
        return cms.ContentInfo({"content_type": "signed_data", "content": signed})


def timestamp_request(
    digest: bytes, *, algorithm: str = "sha256", nonce: int | None = None
) -> bytes:
    """A TimeStampReq for a digest, asking for the TSA's certificate in the token."""
    return tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {
                "hash_algorithm": {"algorithm": algorithm},
                "hashed_message": digest,
            },
            "nonce": nonce,
            "cert_req": True,
        }
    ).dump()


def token_of(response_der: bytes) -> bytes:
    """The token (DER ContentInfo) of a granted response; InvalidTimestamp otherwise."""
    try:
        response = _Response.load(response_der)
        status = response["status"]["status"].native
        if status not in ("granted", "granted_with_mods"):
            text = response["status"]["status_string"].native or []
            raise InvalidTimestamp(f"the TSA refused: {status} {' '.join(text)}".strip())
        return response["time_stamp_token"].dump()
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidTimestamp(f"not a TimeStampResp: {exc}") from exc


@dataclasses.dataclass(frozen=True)
class VerifiedTimestamp:
    time: dt.datetime
    serial: int
    tsa: str
    """The TSA certificate's subject."""


def verify_token(
    token_der: bytes, digest: bytes, roots: list[x509.Certificate]
) -> VerifiedTimestamp:
    """Check a token over `digest` (SHA-256) signed by a TSA one of `roots` certified."""
    try:
        signed = cms.ContentInfo.load(token_der)["content"]
        encapsulated = signed["encap_content_info"]
        if encapsulated["content_type"].native != "tst_info":
            raise InvalidTimestamp("the token does not carry a TSTInfo")
        info_der = encapsulated["content"].contents
        info = tsp.TSTInfo.load(info_der)
        imprint = info["message_imprint"]
        if (
            imprint["hash_algorithm"]["algorithm"].native != "sha256"
            or imprint["hashed_message"].native != digest
        ):
            raise InvalidTimestamp("the token is over other data / 対象データ不一致")
        signer = signed["signer_infos"][0]
        certificates = [c.chosen.dump() for c in signed["certificates"] or []]
        if not certificates:
            raise InvalidTimestamp("the token does not include the TSA certificate")
        tsa = x509.load_der_x509_certificate(certificates[0])
        _check_tsa_certificate(tsa, roots)
        attributes = signer["signed_attrs"]
        digests = [
            a["values"][0].native for a in attributes if a["type"].native == "message_digest"
        ]
        if digests != [hashlib.sha256(info_der).digest()]:
            raise InvalidTimestamp("the token's message digest does not match its TSTInfo")
        public_key = tsa.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        public_key.verify(
            signer["signature"].native,
            attributes.untag().dump(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
        return VerifiedTimestamp(
            info["gen_time"].native, info["serial_number"].native, tsa.subject.rfc4514_string()
        )
    except InvalidSignature:
        raise InvalidTimestamp("the token's signature does not verify") from None
    except (ValueError, TypeError, KeyError, IndexError, AssertionError) as exc:
        raise InvalidTimestamp(f"malformed time-stamp token: {exc}") from exc


def _check_tsa_certificate(tsa: x509.Certificate, roots: list[x509.Certificate]) -> None:
    usage = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    if not usage.critical or list(usage.value) != [ExtendedKeyUsageOID.TIME_STAMPING]:
        raise InvalidTimestamp("the signer is not a time-stamping certificate")
    if not any(Anchor.of(root).issued(tsa) for root in roots):
        raise InvalidTimestamp("the TSA certificate is not issued by a trusted TSA root")


__all__ = [
    "TSA_POLICY",
    "TimestampAuthority",
    "TsaKeys",
    "VerifiedTimestamp",
    "timestamp_request",
    "token_of",
    "verify_token",
]
