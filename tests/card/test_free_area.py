"""The card's free area (空き領域): installation authorised by J-LIS's install certificates, the
installed applet's own files, PIN and key, a status word for every bad input, and the JPKI AP
left byte for byte as it was (jpki.card.applets.free_area, jpki.profile.free_area)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.apps.kit.applets import AppletIssuer
from jpki.authority.errors import InvalidRequest
from jpki.authority.service import Authority
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.profile.apdu import AID_JPKI, CommandApdu, JpkiFile
from jpki.profile.free_area import (
    AID_FREE_AREA_MANAGER,
    FREE_AREA_CAPACITY,
    Manifest,
    Policy,
    Removal,
    card_binding,
    internal_auth_message,
)
from jpki.profile.purpose import CertificatePurpose
from tests.card.apdus import apdu, select_ef, verify
from tests.holders import AUTH_PIN

AID = bytes.fromhex("D392F00026030000E1")
SELECT = bytes.fromhex("00A4040C")
JPKI_PARTS = ("files", "keys", "pins", "card_info_files", "card_face_files", "terminal_ca")
"""Everything of the card image that is not the free area's."""


def select(card: Card, aid: bytes) -> int:
    return apdu(card, SELECT + bytes((len(aid),)) + aid)[1]


def extended(cla: int, ins: int, p1: int, p2: int, data: bytes) -> bytes:
    return CommandApdu(cla, ins, p1, p2, data, 65536, extended=True).encode()


def install_apdu(package: bytes) -> bytes:
    return extended(0x80, 0xE6, 0x0C, 0x00, package)


def delete_apdu(package: bytes) -> bytes:
    return extended(0x80, 0xE4, 0x00, 0x00, package)


def jpki_state(store: ImageStore) -> dict[str, object]:
    """The card image file's JPKI (and other built-in APs') parts, as the bytes on disk say."""
    document = json.loads(store.path.read_bytes())
    return {part: document[part] for part in JPKI_PARTS}


@pytest.fixture
def issuer(authority: Authority) -> AppletIssuer:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = authority.issue_install_certificate("Demo Employer", AID, key.public_key())
    return AppletIssuer(certificate, key)


@pytest.fixture
def binding(personalised) -> bytes:
    store, _ = personalised
    return card_binding(store.current().files[JpkiFile.AUTH_CERTIFICATE])


def manifest(binding: bytes, **changes: object) -> Manifest:
    fields: dict[str, object] = {
        "aid": AID,
        "sequence": 1,
        "binding": binding,
        "policy": Policy.PINLESS_AUTHENTICATE,
        "files": ((0x0001, b"E-000123"),),
        "pin": "5678",
    }
    fields.update(changes)
    return Manifest(**fields)  # type: ignore[arg-type]


def installed(card: Card, issuer: AppletIssuer, binding: bytes, **changes: object) -> bytes:
    assert select(card, AID_FREE_AREA_MANAGER) == 0x9000
    data, status = apdu(card, install_apdu(issuer.install_package(manifest(binding, **changes))))
    assert status == 0x9000
    return data


def test_an_authorised_package_installs_an_applet_with_its_own_key(card, issuer, binding):
    public = load_der_public_key(installed(card, issuer, binding))
    assert isinstance(public, ec.EllipticCurvePublicKey)
    assert select(card, AID) == 0x9000
    assert select_ef(card, 0x0001) == 0x9000
    assert apdu(card, "00B0000000") == (b"E-000123", 0x9000)
    challenge = bytes(range(16))
    signature, status = apdu(card, bytes((0, 0x88, 0, 0, 16)) + challenge + b"\x00")
    assert status == 0x9000
    public.verify(signature, internal_auth_message(AID, challenge), ec.ECDSA(hashes.SHA256()))


def test_installing_and_using_an_applet_leaves_the_jpki_ap_byte_for_byte(
    personalised, issuer, binding
):
    store, _ = personalised
    card = Card(store)
    before = jpki_state(store)
    installed(card, issuer, binding, policy=Policy.FILES_NEED_PIN, pin="5678")
    select(card, AID)
    assert apdu(card, "00200080")[1] == 0x63C3
    assert apdu(card, bytes.fromhex("0020008004") + b"0000")[1] == 0x63C2
    assert apdu(card, bytes.fromhex("0020008004") + b"5678")[1] == 0x9000
    select_ef(card, 0x0001)
    assert apdu(card, "00B0000000")[1] == 0x9000
    challenge = b"\x01" * 8
    assert apdu(card, bytes((0, 0x88, 0, 0, 8)) + challenge + b"\x00")[1] == 0x9000
    select(card, AID_FREE_AREA_MANAGER)
    removal = issuer.removal_package(Removal(AID, 2, binding))
    assert apdu(card, delete_apdu(removal))[1] == 0x9000
    assert jpki_state(store) == before
    assert store.current().applets == {}
    # and the JPKI AP still signs with its PIN as before
    assert select(card, AID_JPKI) == 0x9000
    assert verify(card, JpkiFile.AUTH_PIN, AUTH_PIN) == 0x9000


def test_the_applet_pin_has_its_own_counter_not_the_jpki_pins(personalised, issuer, binding):
    store, _ = personalised
    card = Card(store)
    installed(card, issuer, binding, policy=Policy.NONE)
    jpki_tries = {name: record.tries_left for name, record in store.current().pins.items()}
    select(card, AID)
    answers = [apdu(card, bytes.fromhex("0020008004") + b"0000")[1] for _ in range(4)]
    assert answers == [0x63C2, 0x63C1, 0x63C0, 0x6984]
    assert apdu(card, bytes.fromhex("0020008004") + b"5678")[1] == 0x6984  # blocked for good
    assert apdu(card, bytes((0, 0x88, 0, 0, 8)) + b"\x02" * 8 + b"\x00")[1] == 0x6982
    assert {n: r.tries_left for n, r in store.current().pins.items()} == jpki_tries


def test_refusals_answer_iso_status_words(authority, personalised, issuer, binding, tmp_path):
    store, _ = personalised
    card = Card(store)
    select(card, AID_FREE_AREA_MANAGER)
    package = issuer.install_package(manifest(binding))

    def status(data: bytes, make=install_apdu) -> int:
        return apdu(card, make(data))[1]

    assert status(b"\x01\x02") == 0x6A80  # not a package
    assert status(package[:-3]) == 0x6A80  # truncated
    forged = bytearray(package)
    forged[-5] ^= 0x01  # the signature no longer holds
    assert status(bytes(forged)) == 0x6982
    other_ca_key = ec.generate_private_key(ec.SECP256R1())
    other = AppletIssuer(issuer.certificate, other_ca_key)  # a key J-LIS did not certify
    assert status(other.install_package(manifest(binding))) == 0x6982
    other_aid = manifest(binding, aid=bytes.fromhex("D392F00026030000E2"))
    assert status(issuer.install_package(other_aid)) == 0x6982  # not the certificate's AID
    assert status(issuer.install_package(manifest(b"\x00" * 32))) == 0x6A80  # another card
    assert apdu(card, CommandApdu(0x80, 0xE6, 0x00, 0x00, package).encode())[1] == 0x6A86
    assert apdu(card, CommandApdu(0x00, 0xE6, 0x0C, 0x00, package).encode())[1] == 0x6D00
    assert apdu(card, "80CA000000")[1] == 0x6D00
    assert select_ef(card, 0x0001) == 0x6A82
    big = tuple((fid, b"x" * 8000) for fid in range(1, 6))
    assert status(issuer.install_package(manifest(binding, files=big))) == 0x6A84
    assert FREE_AREA_CAPACITY < 5 * 8000
    assert status(package) == 0x9000
    assert status(package) == 0x6985  # replayed: not newer than the installed one
    removal = Removal(AID, 1, binding)
    assert status(issuer.removal_package(removal), delete_apdu) == 0x6985
    assert status(issuer.removal_package(Removal(AID, 2, binding)), delete_apdu) == 0x9000
    assert status(issuer.removal_package(Removal(AID, 3, binding)), delete_apdu) == 0x6A82
    assert select(card, AID) == 0x6A82


def test_an_applet_answers_status_words_for_bad_commands(card, issuer, binding):
    installed(card, issuer, binding, policy=Policy.PINLESS_AUTHENTICATE, pin=None)
    select(card, AID)
    assert apdu(card, "00B0000010")[1] == 0x6986  # no file selected
    assert apdu(card, bytes((0, 0x88, 0, 0, 4)) + b"abcd" + b"\x00")[1] == 0x6700
    assert apdu(card, bytes((0, 0x88, 0, 1, 8)) + b"a" * 8 + b"\x00")[1] == 0x6A86
    assert apdu(card, bytes.fromhex("0020008004") + b"5678")[1] == 0x6985  # no PIN
    assert apdu(card, "802A00800101")[1] == 0x6A81
    assert apdu(card, "0084000008")[1] == 0x6D00
    assert select_ef(card, 0x0002) == 0x6A82
    select_ef(card, 0x0001)
    assert apdu(card, "00B0010000")[1] == 0x6B00


def test_a_card_without_the_free_area_ca_has_no_manager(tmp_path: Path):
    store = ImageStore.create(tmp_path / "bare.card", AUTH_PIN, "ABC123")
    assert select(Card(store), AID_FREE_AREA_MANAGER) == 0x6A82


def test_j_lis_certifies_no_install_key_for_the_cards_own_applications(authority):
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    for aid in (AID_JPKI, AID_FREE_AREA_MANAGER, b"\x01\x02"):
        with pytest.raises(InvalidRequest):
            authority.issue_install_certificate("Rogue", aid, key)


def test_a_card_refuses_an_install_certificate_naming_the_jpki_aid(
    authority, personalised, binding
):
    """Even a certificate J-LIS signed for the JPKI AID (made here by hand) installs nothing."""
    store, _ = personalised
    card = Card(store)
    key = ec.generate_private_key(ec.SECP256R1())
    genuine = authority.issue_install_certificate("X", AID, key.public_key())
    issuer = AppletIssuer(genuine, key)
    before = jpki_state(store)
    body = bytearray(issuer.install_package(manifest(binding)))
    at = bytes(body).find(AID)
    body[at : at + len(AID)] = AID_JPKI[: len(AID)]
    select(card, AID_FREE_AREA_MANAGER)
    assert apdu(card, install_apdu(bytes(body)))[1] in (0x6A80, 0x6982)
    assert jpki_state(store) == before


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    commands=st.lists(
        st.one_of(
            st.binary(min_size=0, max_size=300),
            st.tuples(
                st.sampled_from([0x00, 0x80, 0x84]),
                st.sampled_from([0x20, 0x88, 0xA4, 0xB0, 0xE4, 0xE6, 0xC0, 0x2A]),
                st.integers(0, 255),
                st.integers(0, 255),
                st.binary(max_size=260),
            ).map(lambda c: CommandApdu(c[0], c[1], c[2], c[3], c[4], 256).encode()),
        ),
        max_size=12,
    ),
    into=st.sampled_from(["manager", "applet"]),
)
def test_fuzzed_apdus_get_status_words_and_never_touch_the_jpki_ap(
    personalised, issuer, binding, commands, into
):
    store, _ = personalised
    card = Card(store)
    if AID not in store.current().applets:
        installed(card, issuer, binding, policy=Policy.PINLESS_AUTHENTICATE)
    before = jpki_state(store)
    card.reset()
    select(card, AID_FREE_AREA_MANAGER if into == "manager" else AID)
    for raw in commands:
        answer = card.transmit(raw)
        assert len(answer) >= 2
        status = int.from_bytes(answer[-2:])
        assert status != 0x6F00, raw.hex()
        assert status >> 8 in (0x90, 0x61, 0x62, 0x63, 0x67, 0x69, 0x6A, 0x6B, 0x6D, 0x6E)
    assert jpki_state(store) == before
    assert CertificatePurpose.AUTH in store.current().keys


def test_concurrent_wrong_applet_pins_spend_the_shared_counter_once_each(
    personalised, issuer, binding
):
    """Twelve openers of one card image try a wrong applet PIN at once: the applet's own
    counter, under the image lock like the JPKI AP's, answers 63 C2, 63 C1, 63 C0 once each."""
    store, _ = personalised
    installed(Card(store), issuer, binding, policy=Policy.NONE)

    def attempt(_: int) -> int:
        card = Card(ImageStore.open(store.path))
        select(card, AID)
        return apdu(card, bytes.fromhex("0020008004") + b"0000")[1]

    with ThreadPoolExecutor(12) as pool:
        answers = sorted(pool.map(attempt, range(12)))
    assert answers.count(0x63C2) == answers.count(0x63C1) == answers.count(0x63C0) == 1
    assert answers.count(0x6984) == 9
    assert store.current().applets[AID].pin.tries_left == 0


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(at=st.integers(0, 10_000), value=st.integers(0, 255), delete=st.booleans())
def test_a_mutated_install_package_installs_nothing(
    personalised, issuer, binding, at, value, delete
):
    """One byte of a genuine package changed or removed: a status word, never a 9000, and
    nothing of the card written."""
    store, _ = personalised
    card = Card(store)
    package = bytearray(issuer.install_package(manifest(binding)))
    index = at % len(package)
    if delete:
        del package[index]
    elif package[index] == value:
        return
    else:
        package[index] = value
    before = store.path.read_bytes()
    select(card, AID_FREE_AREA_MANAGER)
    status = apdu(card, install_apdu(bytes(package)))[1]
    assert status in (0x6A80, 0x6982, 0x6985, 0x6A84, 0x6700), hex(status)
    assert store.path.read_bytes() == before


def test_a_reselect_of_the_applet_keeps_its_pin_and_another_applet_forgets_it(
    authority, personalised, issuer, binding
):
    store, _ = personalised
    card = Card(store)
    installed(card, issuer, binding, policy=Policy.NONE)
    second_aid = bytes.fromhex("D392F00026030000E2")
    key = ec.generate_private_key(ec.SECP256R1())
    second = AppletIssuer(
        authority.issue_install_certificate("Library", second_aid, key.public_key()), key
    )
    installed_second = second.install_package(manifest(binding, aid=second_aid))
    select(card, AID_FREE_AREA_MANAGER)
    assert apdu(card, install_apdu(installed_second))[1] == 0x9000
    challenge = bytes((0, 0x88, 0, 0, 8)) + b"\x03" * 8 + b"\x00"
    select(card, AID)
    assert apdu(card, bytes.fromhex("0020008004") + b"5678")[1] == 0x9000
    select(card, AID)  # the same applet again: still verified
    assert apdu(card, challenge)[1] == 0x9000
    select(card, second_aid)
    select(card, AID)  # via another applet: forgotten
    assert apdu(card, challenge)[1] == 0x6982
