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

from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.authority.service import Authority, IssuedCard
from jpki.authority.views import CertificateView, ResidentView
from jpki.card.image import generate_key
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose

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
