"""The counter's verdicts on licence data read from a card (jpki.apps.licence.service.judge):
valid, expired on the day after its last day (JST dates), altered, copied, malformed."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from jpki.apps.licence.service import judge
from jpki.profile.free_area import card_binding
from jpki.profile.licence import Category, LicenceRecord

CERTIFICATE = b"0\x82 the card's authentication certificate"
COMMISSION = ec.generate_private_key(ec.SECP256R1())
RECORD = LicenceRecord(
    "301234567890", dt.date(2024, 4, 1), dt.date(2029, 5, 31), (Category.ORDINARY,), ("眼鏡等",),
    "東京都公安委員会", card_binding(CERTIFICATE),
)  # fmt: skip
RAW = RECORD.encode()
SIGNATURE = COMMISSION.sign(RAW, ec.ECDSA(hashes.SHA256()))
KEY = COMMISSION.public_key()


def test_valid_through_its_last_day_and_expired_the_day_after() -> None:
    assert judge(KEY, dt.date(2029, 5, 31), RAW, SIGNATURE, CERTIFICATE) == ("valid", RECORD)
    assert judge(KEY, dt.date(2029, 6, 1), RAW, SIGNATURE, CERTIFICATE)[0] == "expired"


def test_altered_copied_and_malformed_records_are_refused() -> None:
    altered = RAW.replace(b"20290531", b"20390531")
    assert judge(KEY, dt.date(2025, 1, 1), altered, SIGNATURE, CERTIFICATE)[0] == "forged"
    other = b"0\x82 another card's certificate"
    assert judge(KEY, dt.date(2025, 1, 1), RAW, SIGNATURE, other)[0] == "other-card"
    assert judge(KEY, dt.date(2025, 1, 1), b"\x01\x02", SIGNATURE, CERTIFICATE) == (
        "malformed",
        None,
    )
    stranger = ec.generate_private_key(ec.SECP256R1()).public_key()
    assert judge(stranger, dt.date(2025, 1, 1), RAW, SIGNATURE, CERTIFICATE)[0] == "forged"
