"""The test world's givens, as plain values and functions any test module imports: the instant
the test clock starts, Taro (the resident of the examples), card keys, holders with an active
card (利用者証明用 and 署名用 certificates), and the PIN and password of a personalised card.

Fixtures that build on these live in tests/conftest.py; these are functions a test calls with
its own arguments (another authority, another resident), so they are not fixtures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jpki.authority.service import Authority, IssuedCard
from jpki.authority.views import CertificateView, ResidentView
from jpki.card.image import generate_key
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.phone import PhoneIssuanceRequest, PhoneIssued

START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
TARO = FourInfo(
    "山田\u3000太郎", "東京都千代田区霞が関２丁目１番２号", dt.date(1980, 5, 17), Sex.MALE
)
AUTH_PIN, SIGN_PASSWORD = "1234", "ABC123XYZ"
"""The personalised card's 利用者証明用 PIN and 署名用 password (the `personalised` fixture)."""
MATCHING_B = "55051720361234"
"""Its 照合番号B (matching number B): era birth date YYMMDD, expiry year, security code."""

AuthorityFactory = Callable[..., Authority]
"""The `make_authority` fixture: another authority, in a folder of its own."""


@dataclasses.dataclass
class Holder:
    """A resident with an active card and the private keys the card would hold."""

    resident: ResidentView
    issued: IssuedCard
    auth_key: rsa.RSAPrivateKey
    sign_key: rsa.RSAPrivateKey | None

    @property
    def auth(self) -> CertificateView:
        certificate = self.issued.of_purpose(CertificatePurpose.AUTH)
        assert certificate is not None
        return certificate

    @property
    def sign(self) -> CertificateView:
        certificate = self.issued.of_purpose(CertificatePurpose.SIGN)
        assert certificate is not None
        return certificate


_KEYS: list[rsa.RSAPrivateKey] = []


def card_key() -> rsa.RSAPrivateKey:
    """A fresh RSA-2048 key (as the card would generate); pooled to keep the suite fast."""
    if len(_KEYS) < 64:
        _KEYS.append(generate_key())
        return _KEYS[-1]
    return _KEYS[uuid.uuid4().int % len(_KEYS)]


def make_holder(authority: Authority, info: FourInfo = TARO, *, sign: bool = True) -> Holder:
    resident = authority.register_resident(info)
    card = authority.apply_for_card(resident.id)
    auth_key, sign_key = card_key(), card_key() if sign else None
    issued = authority.issue_card(
        card.id, auth_key.public_key(), sign_key.public_key() if sign_key else None
    )
    authority.activate_card(card.id)
    return Holder(resident, issued, auth_key, sign_key)


@dataclasses.dataclass
class PostgresServer:
    port: int

    def new_database(self) -> str:
        import psycopg

        name = "jpki_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


@dataclasses.dataclass
class Phone:
    """A holder's phone (スマホ用電子証明書): J-LIS's answer and the keys its secure element holds."""

    issued: PhoneIssued
    auth_key: rsa.RSAPrivateKey
    sign_key: rsa.RSAPrivateKey

    @property
    def auth_der(self) -> bytes:
        return self.issued.auth_certificate

    @property
    def sign_der(self) -> bytes:
        return self.issued.sign_certificate


def phone_request(
    holder: Holder, auth_key: rsa.RSAPrivateKey, sign_key: rsa.RSAPrivateKey, now: dt.datetime
) -> PhoneIssuanceRequest:
    """The request the holder's app sends, signed as the card signs it (PKCS#1 v1.5 SHA-256)."""
    assert holder.sign_key is not None
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    unsigned = PhoneIssuanceRequest(
        resident_id=holder.resident.id,
        card_certificate=holder.sign.der,
        auth_public_key=auth_key.public_key().public_bytes(*spki),
        sign_public_key=sign_key.public_key().public_bytes(*spki),
        nonce=uuid.uuid4().hex,
        requested_at=now,
    )
    signature = holder.sign_key.sign(unsigned.signed_bytes(), padding.PKCS1v15(), hashes.SHA256())
    return unsigned.model_copy(update={"signature": signature})


def make_phone(authority: Authority, holder: Holder) -> Phone:
    """Issue the holder a phone from their card (keys pooled as the card's are)."""
    auth_key, sign_key = card_key(), card_key()
    issued = authority.issue_phone(phone_request(holder, auth_key, sign_key, authority.clock.now()))
    return Phone(issued, auth_key, sign_key)
