"""A phone's secure element (スマホ用電子証明書) is another image of the same card OS: its JPKI AP
answers as the card's does, its token file reads `JPKIAPGPSETOKEN`, and it has its own PIN and
password and no card-info or card-face application."""

from __future__ import annotations

from pathlib import Path

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.profile.apdu import AID_CARD_FACE, AID_CARD_INFO, AID_JPKI, JpkiFile
from jpki.profile.medium import Medium, medium_of_label
from tests.card.apdus import apdu, select_ef, verify


def test_the_phone_token_file_reads_the_phone_label(tmp_path: Path) -> None:
    phone = Card(ImageStore.create(tmp_path / "p.phone", "4321", "PHONE2026", Medium.PHONE))
    assert apdu(phone, bytes.fromhex("00A4040C0A") + AID_JPKI)[1] == 0x9000
    assert select_ef(phone, JpkiFile.TOKEN_INFO) == 0x9000
    label, status = apdu(phone, "00B0000020")
    assert status == 0x9000
    assert label == b"JPKIAPGPSETOKEN".ljust(32, b" ")
    assert medium_of_label(label) is Medium.PHONE
    assert phone.store.current().medium is Medium.PHONE
    assert verify(phone, JpkiFile.AUTH_PIN, "4321") == 0x9000
    assert verify(phone, JpkiFile.SIGN_PIN, "PHONE2026") == 0x9000
    for aid in (AID_CARD_INFO, AID_CARD_FACE):
        assert apdu(phone, bytes.fromhex("00A4040C0A") + aid)[1] == 0x6A82


def test_a_card_still_reads_the_card_label(tmp_path: Path) -> None:
    card = ImageStore.create(tmp_path / "c.card", "1234", "ABC123XYZ")
    assert card.current().medium is Medium.CARD
    assert medium_of_label(card.current().files[JpkiFile.TOKEN_INFO]) is Medium.CARD
    assert medium_of_label(b"JPKIAPICCTOKEN".ljust(32, b"\x00")) is Medium.CARD  # 住基カード
    assert medium_of_label(b"SOMETHING ELSE") is None
