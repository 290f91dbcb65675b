"""The JPKI AP as OpenSC and the real client drive it, and the real card's PIN rules."""

import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.profile.apdu import AID_JPKI, ATR, JpkiFile
from jpki.profile.purpose import CertificatePurpose
from tests.card.apdus import apdu, select_ef, verify
from tests.holders import AUTH_PIN, SIGN_PASSWORD

SELECT_JPKI = bytes.fromhex("00A4040C0A") + AID_JPKI


def read_file(card: Card, fid: int) -> bytes:
    """Read a DER file as OpenSC's JPKI driver does: the header first, then the rest."""
    assert select_ef(card, fid) == 0x9000
    head, status = apdu(card, "00B0000004")
    assert status == 0x9000
    total = 4 + int.from_bytes(head[2:4])
    content = head
    while len(content) < total:
        offset = len(content)
        chunk, status = apdu(card, bytes((0, 0xB0, offset >> 8, offset & 0xFF, 0)))
        assert status == 0x9000
        content += chunk
    return content[:total]


def digest_info_sha256(message: bytes) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(message)
    return bytes.fromhex("3031300d060960864801650304020105000420") + digest.finalize()


def sign(card: Card, key_file: int, message: bytes, le: bool = True) -> tuple[bytes, int]:
    select_ef(card, key_file)
    info = digest_info_sha256(message)
    return apdu(card, bytes((0x80, 0x2A, 0, 0x80, len(info))) + info + (b"\x00" if le else b""))


def test_atr_and_selection(card):
    assert card.reset() == ATR == bytes.fromhex("3BE000FF8131FE4514")
    assert apdu(card, SELECT_JPKI)[1] == 0x9000
    assert apdu(card, bytes.fromhex("00A4040C0AD3921000310001010499"))[1] == 0x6A82


def test_free_files_read_like_opensc_does(card, personalised):
    _, issued = personalised
    apdu(card, SELECT_JPKI)
    auth = x509.load_der_x509_certificate(read_file(card, JpkiFile.AUTH_CERTIFICATE))
    assert auth.public_bytes(Encoding.DER) == issued.of_purpose(CertificatePurpose.AUTH).der
    select_ef(card, JpkiFile.TOKEN_INFO)
    token, _ = apdu(card, "00B0000000")
    assert token[:32] == b"JPKIAPICCTOKEN2".ljust(32)
    select_ef(card, JpkiFile.CERTIFICATE_AVAILABILITY)
    assert apdu(card, "00B0000003") == (bytes.fromhex("8F8F00"), 0x9000)
    assert apdu(card, "00B0100000")[1] == 0x6B00


def test_signing_certificate_needs_the_signing_password(card):
    apdu(card, SELECT_JPKI)
    select_ef(card, JpkiFile.SIGN_CERTIFICATE)
    assert apdu(card, "00B0000004")[1] == 0x6982
    assert verify(card, JpkiFile.SIGN_PIN, SIGN_PASSWORD) == 0x9000
    assert x509.load_der_x509_certificate(read_file(card, JpkiFile.SIGN_CERTIFICATE))


def test_signature_verifies_with_the_certificate(card, personalised):
    _, issued = personalised
    apdu(card, SELECT_JPKI)
    assert sign(card, JpkiFile.AUTH_KEY, b"challenge")[1] == 0x6982
    assert verify(card, JpkiFile.AUTH_PIN, AUTH_PIN) == 0x9000
    signature, status = sign(card, JpkiFile.AUTH_KEY, b"challenge")
    assert status == 0x9000
    assert len(signature) == 256
    certificate = issued.of_purpose(CertificatePurpose.AUTH).certificate
    certificate.public_key().verify(signature, b"challenge", padding.PKCS1v15(), hashes.SHA256())


def test_response_without_le_waits_for_get_response(card):
    apdu(card, SELECT_JPKI)
    verify(card, JpkiFile.AUTH_PIN, AUTH_PIN)
    data, status = sign(card, JpkiFile.AUTH_KEY, b"m", le=False)
    assert (data, status) == (b"", 0x6100)
    signature, status = apdu(card, "00C0000000")
    assert (len(signature), status) == (256, 0x9000)
    assert apdu(card, "00C0000000")[1] == 0x6985


def test_auth_pin_gives_three_tries_then_blocks(card, personalised):
    store, _ = personalised
    apdu(card, SELECT_JPKI)
    select_ef(card, JpkiFile.AUTH_PIN)
    assert apdu(card, "0020008000")[1] == 0x63C3
    assert [verify(card, JpkiFile.AUTH_PIN, "0000") for _ in range(3)] == [0x63C2, 0x63C1, 0x63C0]
    assert verify(card, JpkiFile.AUTH_PIN, AUTH_PIN) == 0x6984
    assert ImageStore(store.path).current().pins[CertificatePurpose.AUTH].tries_left == 0
    with store.change() as change:
        change.image.reset_pin(CertificatePurpose.AUTH, "4321")
    assert verify(card, JpkiFile.AUTH_PIN, "4321") == 0x9000


def test_signing_password_has_five_tries_and_success_restores_them(card):
    apdu(card, SELECT_JPKI)
    assert verify(card, JpkiFile.SIGN_PIN, "WRONG1") == 0x63C4
    assert verify(card, JpkiFile.SIGN_PIN, SIGN_PASSWORD) == 0x9000
    select_ef(card, JpkiFile.SIGN_PIN)
    assert apdu(card, "0020008000")[1] == 0x63C5


def test_counters_survive_a_restart_and_the_try_is_spent_before_comparing(
    personalised, monkeypatch
):
    store, _ = personalised
    card = Card(store)
    apdu(card, SELECT_JPKI)
    verify(card, JpkiFile.AUTH_PIN, "9999")

    def pulled(*_args):
        raise RuntimeError("card pulled from the reader")

    monkeypatch.setattr("jpki.card.image.PinRecord.matches", pulled)
    assert verify(card, JpkiFile.AUTH_PIN, AUTH_PIN) == 0x6F00
    monkeypatch.undo()
    restarted = Card(ImageStore(store.path))
    apdu(restarted, SELECT_JPKI)
    select_ef(restarted, JpkiFile.AUTH_PIN)
    assert apdu(restarted, "0020008000")[1] == 0x63C1


def test_change_pin_needs_the_old_one_and_follows_the_rules(card):
    apdu(card, SELECT_JPKI)
    select_ef(card, JpkiFile.AUTH_PIN)
    assert apdu(card, "0024018004" + b"5678".hex())[1] == 0x6982
    verify(card, JpkiFile.AUTH_PIN, AUTH_PIN)
    assert apdu(card, "0024018003" + b"567".hex())[1] == 0x6A80
    assert apdu(card, "0024018004" + b"5678".hex())[1] == 0x9000
    card.reset()
    apdu(card, SELECT_JPKI)
    assert verify(card, JpkiFile.AUTH_PIN, "5678") == 0x9000


def test_verified_state_does_not_survive_a_reset(card):
    apdu(card, SELECT_JPKI)
    verify(card, JpkiFile.AUTH_PIN, AUTH_PIN)
    card.reset()
    apdu(card, SELECT_JPKI)
    assert sign(card, JpkiFile.AUTH_KEY, b"x")[1] == 0x6982


VALID_COMMANDS = [
    SELECT_JPKI,
    bytes.fromhex("00A4020C02000A"),
    bytes.fromhex("00A4020C020018"),
    bytes.fromhex("00A4020C020017"),
    bytes.fromhex("00A4020C020001"),
    bytes.fromhex("00B0000004"),
    bytes.fromhex("00B0000000"),
    bytes.fromhex("002000800431313131"),
    bytes.fromhex("0020008000"),
    bytes.fromhex("00240180043939393939"),
    bytes.fromhex("802A008033") + digest_info_sha256(b"m") + b"\x00",
    bytes.fromhex("00C0000000"),
]


@st.composite
def mutated(draw):
    """A valid JPKI command with a few bytes changed, cut short or extended."""
    raw = bytearray(draw(st.sampled_from(VALID_COMMANDS)))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        raw[draw(st.integers(min_value=0, max_value=len(raw) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(min_value=0, max_value=len(raw)))
    return bytes(raw[:cut]) + draw(st.binary(max_size=4))


@settings(
    max_examples=int(os.environ.get("JPKI_FUZZ_EXAMPLES", "600")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(commands=st.lists(st.one_of(st.binary(max_size=300), mutated()), max_size=12))
def test_random_and_mutated_apdus_never_crash_leak_keys_or_bypass_pins(personalised, commands):
    store, _ = personalised
    card = Card(ImageStore(store.path))
    image = card.store.current()
    secrets = [key.private_numbers().d.to_bytes(256)[:32] for key in image.keys.values()]
    before = {p: r.tries_left for p, r in image.pins.items()}
    for raw in [SELECT_JPKI, *commands]:
        answer = card.transmit(raw)
        assert len(answer) >= 2
        assert not any(secret in answer for secret in secrets)
        assert int.from_bytes(answer[-2:]) != 0x6F00
    card.reset()
    apdu(card, SELECT_JPKI)
    assert sign(card, JpkiFile.AUTH_KEY, b"x")[1] == 0x6982
    reloaded = ImageStore(store.path).current()
    assert all(reloaded.pins[p].tries_left <= before[p] for p in before)


def test_a_write_interrupted_before_the_rename_leaves_the_old_image(personalised, monkeypatch):
    store, _ = personalised
    before = store.path.read_bytes()

    def power_cut(*_args):
        raise OSError("power cut")

    monkeypatch.setattr("jpki.files.os.replace", power_cut)
    card = Card(store)
    apdu(card, SELECT_JPKI)
    assert verify(card, JpkiFile.AUTH_PIN, "0000") == 0x6F00  # the card died mid-command
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert ImageStore(store.path).current().pins[CertificatePurpose.AUTH].tries_left == 3
    assert not list(store.path.parent.glob(f".{store.path.name}.*"))
