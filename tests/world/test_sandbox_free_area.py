"""The sandbox and the card's free area: every new card trusts J-LIS's free-area CA, an older
card gains it when re-personalised, and an issuer's install key is made once."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.card.store import ImageStore
from jpki.clock import ManualClock
from jpki.profile.free_area import install_certificate_aid, install_certificate_issuer
from jpki.world.sandbox import Sandbox
from tests.holders import START

AID = bytes.fromhex("D392F000260300000E01")


def test_cards_trust_the_free_area_ca_and_issuers_keys_are_made_once(tmp_path: Path) -> None:
    sandbox = Sandbox.init(tmp_path / "world", 1, 3, ManualClock(START))
    try:
        person = json.loads((tmp_path / "world" / "residents.json").read_text())[0]
        store = ImageStore.open(Path(person["card"]))
        ca = sandbox.authority.free_area.ca.certificate.public_bytes(Encoding.DER)
        assert store.current().free_area_ca == ca
        assert (tmp_path / "world" / "roots" / "free-area-ca.pem").exists()

        with store.change() as change:  # a card issued before the free area existed
            change.image.free_area_ca = None
        sandbox.repersonalise(person["id"])
        assert store.current().free_area_ca == ca

        folder = sandbox.make_install_issuer("employer", "Demo Corporation", AID)
        first = (folder / "install.pem").read_bytes()
        assert sandbox.make_install_issuer("employer", "Demo Corporation", AID) == folder
        assert (folder / "install.pem").read_bytes() == first
        certificate = x509.load_pem_x509_certificate(first)
        assert install_certificate_aid(certificate) == AID
        assert install_certificate_issuer(certificate) == "Demo Corporation"
        assert (folder / "install.key").stat().st_mode & 0o077 == 0
    finally:
        sandbox.close()
