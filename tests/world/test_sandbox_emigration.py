"""海外転出後の継続利用 in the sandbox: `jpki authority event DATA emigrate ID --domicile ...`
keeps the card, revokes the signing certificate only, writes the emigrants' signing
certificate to the card (the marker as address, the 附票管理市町村 as `L=`), and the card still
signs and logs in with its PINs."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.x509.oid import NameOID

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.clock import ManualClock
from jpki.profile.certificate import describe_certificate
from jpki.profile.overseas import OVERSEAS_ADDRESS
from jpki.profile.purpose import CertificatePurpose
from jpki.world.sandbox import Sandbox
from tests.holders import START


def test_an_emigrant_keeps_the_card_with_a_new_signing_certificate(tmp_path: Path) -> None:
    sandbox = Sandbox.init(tmp_path / "world", 3, 0, ManualClock(START))
    try:
        before = json.loads((tmp_path / "world" / "residents.json").read_text())
        person = next(r for r in before if r["sign"])
        revoked = sandbox.apply_event(person["id"], "emigrate", domicile="東京都清瀬市")
        assert str(person["sign"]["serial"]) in {str(s) for s in revoked}
        assert str(person["auth"]["serial"]) not in {str(s) for s in revoked}
        after = next(
            r
            for r in json.loads((tmp_path / "world" / "residents.json").read_text())
            if r["id"] == person["id"]
        )
        assert after["status"] == "overseas"
        assert after["auth"]["serial"] == person["auth"]["serial"]
        assert after["sign"]["status"] == "valid"
        token = JpkiToken(InProcessReader(Card(ImageStore.open(Path(after["card"])))))
        token.verify(CertificatePurpose.AUTH, after["auth_pin"])
        token.verify(CertificatePurpose.SIGN, after["sign_password"])  # to read the certificate
        signing = token.certificate(CertificatePurpose.SIGN)
        assert str(signing.serial_number) == after["sign"]["serial"] != person["sign"]["serial"]
        assert describe_certificate(signing).four_info.address == OVERSEAS_ADDRESS
        places = [a.value for a in signing.subject.get_attributes_for_oid(NameOID.LOCALITY_NAME)]
        assert places == ["Tokyo-to", "Kiyose-shi"]
    finally:
        sandbox.close()
