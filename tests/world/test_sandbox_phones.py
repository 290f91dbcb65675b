"""The sandbox's phones (スマホ用電子証明書): residents of 15 and over get one issued from their card
at creation, some do not; residents.json lists each phone beside the card, the card's entries
stay the card's, and the phone is a JPKI token of its own medium."""

from __future__ import annotations

import json
from pathlib import Path

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.clock import ManualClock
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.world.phones import has_phone
from jpki.world.sandbox import Sandbox
from tests.holders import START


def test_adults_get_phones_from_their_cards_some_without(tmp_path: Path) -> None:
    sandbox = Sandbox.init(tmp_path / "world", 6, 0, ManualClock(START))
    try:
        residents = json.loads((tmp_path / "world" / "residents.json").read_text())
        adults = [r for r in residents if r["sign"]]
        with_phone = [r for r in adults if has_phone(r["id"])]
        assert with_phone, "the population has no adult with a phone"
        for resident in residents:
            phone = resident["phone"]
            if resident not in with_phone:
                assert phone is None
                continue
            assert phone["status"] == "active"
            assert phone["auth"]["status"] == phone["sign"]["status"] == "valid"
            assert phone["auth"]["serial"] != resident["auth"]["serial"]
            token = JpkiToken(InProcessReader(Card(ImageStore.open(Path(phone["image"])))))
            assert token.medium() is Medium.PHONE
            assert (
                str(token.certificate(CertificatePurpose.AUTH).serial_number)
                == (phone["auth"]["serial"])
            )
            token.verify(CertificatePurpose.AUTH, phone["auth_pin"])
            token.verify(CertificatePurpose.SIGN, phone["sign_password"])
            card = JpkiToken(InProcessReader(Card(ImageStore.open(Path(resident["card"])))))
            assert (
                str(card.certificate(CertificatePurpose.AUTH).serial_number)
                == (resident["auth"]["serial"])
            )
        sandbox.apply_event(with_phone[0]["id"], "lose-phone")
        again = json.loads((tmp_path / "world" / "residents.json").read_text())
        lost = next(r for r in again if r["id"] == with_phone[0]["id"])
        assert lost["phone"]["status"] == "lost"
        assert lost["phone"]["auth"]["status"] == "revoked"
        assert lost["auth"]["status"] == "valid"  # the card is untouched
    finally:
        sandbox.close()


def test_a_sandbox_phone_answers_pinless_at_the_registered_terminal(tmp_path: Path) -> None:
    from jpki.wallet.cards import Terminal

    sandbox = Sandbox.init(tmp_path / "world", 6, 0, ManualClock(START))
    try:
        residents = json.loads((tmp_path / "world" / "residents.json").read_text())
        phone = next(r["phone"] for r in residents if r["phone"])
        terminal = Terminal.load(tmp_path / "world" / "terminal")
        token = JpkiToken(InProcessReader(Card(ImageStore.open(Path(phone["image"])))))
        token.authenticate_terminal(terminal.certificate, terminal.key)
        assert token.sign_digest_pinless(b"\x01" * 32).institution_code == "1310100001"
    finally:
        sandbox.close()


def test_a_move_reissues_the_cards_signing_certificate_not_the_phones(tmp_path: Path) -> None:
    sandbox = Sandbox.init(tmp_path / "world", 6, 0, ManualClock(START))
    try:
        residents = json.loads((tmp_path / "world" / "residents.json").read_text())
        holder = next(r for r in residents if r["phone"])
        sandbox.apply_event(holder["id"], "move", address="大阪府大阪市北区梅田１丁目１番")
        after = next(
            r
            for r in json.loads((tmp_path / "world" / "residents.json").read_text())
            if r["id"] == holder["id"]
        )
        assert after["sign"]["status"] == "valid"  # the card's new signing certificate
        assert after["sign"]["serial"] != holder["sign"]["serial"]
        assert after["phone"]["sign"]["status"] == "revoked"  # the phone's went with the move
        assert after["phone"]["auth"]["status"] == "valid"
        card = JpkiToken(InProcessReader(Card(ImageStore.open(Path(holder["card"])))))
        card.verify(CertificatePurpose.SIGN, holder["sign_password"])
        assert (
            str(card.certificate(CertificatePurpose.SIGN).serial_number) == after["sign"]["serial"]
        )
    finally:
        sandbox.close()
