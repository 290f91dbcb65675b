"""The card-face AP (券面事項確認AP), the card-info AP's free files, and the JPKI AP's answers to
input that is not a DigestInfo and to a re-SELECT, replayed as APDUs the public readers send."""

import hashlib
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from jpki.card.os import Card
from jpki.profile.apdu import AID_CARD_FACE, AID_CARD_INFO, AID_JPKI, JpkiFile
from jpki.profile.card_face import decode_card_face, decode_face_basic_info
from jpki.profile.card_verifiable import decode_ap_basic_info, decode_cv_certificate
from jpki.profile.purpose import CertificatePurpose
from tests.card.apdus import apdu, select_ef, verify
from tests.holders import AUTH_PIN, MATCHING_B

SELECT_FACE = bytes.fromhex("00A4040C0A") + AID_CARD_FACE
SELECT_INFO = bytes.fromhex("00A4040C0A") + AID_CARD_INFO
SELECT_JPKI = bytes.fromhex("00A4040C0A") + AID_JPKI
PIN_A, PIN_B, FACE = 0x0013, 0x0012, 0x0002


def read_whole(card: Card, fid: int) -> tuple[bytes, int]:
    """READ BINARY in 256-byte steps as the public readers do, until a short answer."""
    assert select_ef(card, fid) == 0x9000
    content = b""
    while True:
        offset = len(content)
        chunk, status = apdu(card, bytes((0, 0xB0, offset >> 8, offset & 0xFF, 0)))
        if status == 0x6B00 and content:  # the file ended on a 256-byte boundary
            return content, 0x9000
        if status != 0x9000:
            return content, status
        content += chunk
        if len(chunk) < 256:
            return content, status


def my_number(card: Card) -> str:
    apdu(card, SELECT_INFO)
    verify(card, 0x0011, AUTH_PIN)
    select_ef(card, 0x0001)
    data, _ = apdu(card, "00B0000011")
    return data[3:15].decode()


def test_the_pin_status_listing_of_public_readers_goes_through(card):
    """myna's `pin status`: SELECT card-face AP, VERIFY without data on 0013 and 0012, ..."""
    assert apdu(card, SELECT_JPKI)[1] == 0x9000
    assert apdu(card, SELECT_FACE)[1] == 0x9000
    for fid in (PIN_A, PIN_B):
        assert select_ef(card, fid) == 0x9000
        assert apdu(card, "00200080")[1] == 0x63CA


def test_reads_before_verification_are_refused_and_either_number_opens_the_face(card):
    apdu(card, SELECT_FACE)
    assert read_whole(card, FACE) == (b"", 0x6982)
    assert verify(card, PIN_B, MATCHING_B) == 0x9000
    data, status = read_whole(card, FACE)
    assert status == 0x9000
    face = decode_card_face(data)
    assert face.sex.value == "1"
    assert face.photo[:12] == bytes.fromhex("0000000C6A5020200D0A870A")  # JPEG 2000 signature
    assert face.name_image[:8] == b"\x89PNG\r\n\x1a\n"
    offset = len(data)
    assert apdu(card, bytes((0, 0xB0, offset >> 8, offset & 0xFF, 0x10)))[1] == 0x6B00
    other = Card(card.store)
    number = my_number(other)
    apdu(other, SELECT_FACE)
    assert verify(other, PIN_A, number) == 0x9000
    assert read_whole(other, FACE)[0] == data


def test_a_wrong_matching_number_counts_down_and_blocks_at_zero(card):
    apdu(card, SELECT_FACE)
    statuses = [verify(card, PIN_B, "00000000000000") for _ in range(11)]
    assert statuses[:9] == [0x63C0 | n for n in range(9, 0, -1)]
    assert statuses[9:] == [0x63C0, 0x6984]
    assert verify(card, PIN_B, MATCHING_B) == 0x6984
    assert read_whole(card, FACE)[1] == 0x6982
    select_ef(card, PIN_B)
    assert apdu(card, "00200080")[1] == 0x6984
    # 照合番号A is another EF with its own counter, and the card-info AP's B too
    select_ef(card, PIN_A)
    assert apdu(card, "00200080")[1] == 0x63CA
    apdu(card, SELECT_INFO)
    select_ef(card, 0x0015)
    assert apdu(card, "00200080")[1] == 0x63CA


def test_a_wrong_number_after_a_right_one_closes_the_face_again(card):
    apdu(card, SELECT_FACE)
    assert verify(card, PIN_B, MATCHING_B) == 0x9000
    assert verify(card, PIN_B, "11111111111111") == 0x63C9
    assert read_whole(card, FACE)[1] == 0x6982


def test_basic_information_and_the_certificate_are_free(card, authority):
    apdu(card, SELECT_FACE)
    info = decode_face_basic_info(read_whole(card, 0x0003)[0])
    assert info.municipality == "千代田区"
    certificate = read_whole(card, 0x0004)[0]
    assert len(certificate) == 568
    issuer = (authority.settings.roots_dir / "card-info-issuer.pem").read_bytes()
    from cryptography import x509

    key = x509.load_pem_x509_certificate(issuer).public_key()
    assert decode_cv_certificate(certificate).public_key == key
    assert select_ef(card, 0x0005) == 0x6A82


def test_the_card_info_ap_serves_ef_0004_and_0005_without_a_pin(card):
    apdu(card, SELECT_INFO)
    certificate, status = read_whole(card, 0x0004)
    assert status == 0x9000
    assert len(certificate) == 568
    assert certificate[:5] == bytes.fromhex("7F21820233")
    basic, status = read_whole(card, 0x0005)
    assert (len(basic), status) == (256, 0x9000)
    assert basic[:2] == b"\xff\x40"
    parsed = decode_ap_basic_info(basic)
    assert parsed.public_key_id == decode_cv_certificate(certificate).subject_id
    assert read_whole(card, 0x0001)[1] == 0x6982  # the protected files stay protected


def test_a_card_issued_before_the_card_face_ap_lacks_it(card):
    with card.store.change() as change:
        change.image.card_face_files = {}
    assert apdu(card, SELECT_FACE)[1] == 0x6A82
    assert apdu(card, SELECT_JPKI)[1] == 0x9000


# -- the JPKI AP ---------------------------------------------------------------------------


def _public_key(card: Card):
    return card.store.current().public_key(CertificatePurpose.AUTH)


def test_input_that_is_not_a_digest_info_is_signed_as_raw_pkcs1(card):
    apdu(card, SELECT_JPKI)
    assert verify(card, JpkiFile.AUTH_PIN, AUTH_PIN) == 0x9000
    select_ef(card, JpkiFile.AUTH_KEY)
    for data in (hashlib.sha256(b"mynaportal").digest(), b"\x01" * 36, b"x" * 245):
        signature, status = apdu(card, bytes((0x80, 0x2A, 0, 0x80, len(data))) + data + b"\x00")
        assert status == 0x9000
        recovered = pow(
            int.from_bytes(signature),
            _public_key(card).public_numbers().e,
            _public_key(card).public_numbers().n,
        ).to_bytes(256)
        assert recovered == b"\x00\x01" + b"\xff" * (253 - len(data)) + b"\x00" + data
    too_long = b"x" * 246
    assert apdu(card, b"\x80\x2a\x00\x80" + b"\x00\x00\xf6" + too_long + b"\x00\x00")[1] == 0x6A80


def test_a_digest_info_still_signs_as_before(card):
    apdu(card, SELECT_JPKI)
    verify(card, JpkiFile.AUTH_PIN, AUTH_PIN)
    select_ef(card, JpkiFile.AUTH_KEY)
    digest = hashlib.sha256(b"hello").digest()
    info = bytes.fromhex("3031300d060960864801650304020105000420") + digest
    signature, status = apdu(card, bytes((0x80, 0x2A, 0, 0x80, len(info))) + info + b"\x00")
    assert status == 0x9000
    _public_key(card).verify(signature, b"hello", padding.PKCS1v15(), hashes.SHA256())
    # the same DigestInfo without NULL parameters is signed exactly as given
    bare = bytes.fromhex("302f300b0609608648016503040201") + b"\x04\x20" + digest
    signature, status = apdu(card, bytes((0x80, 0x2A, 0, 0x80, len(bare))) + bare + b"\x00")
    assert status == 0x9000
    numbers = _public_key(card).public_numbers()
    assert pow(int.from_bytes(signature), numbers.e, numbers.n).to_bytes(256).endswith(bare)


def test_a_verified_pin_survives_a_reselect_of_the_same_application(card):
    apdu(card, SELECT_JPKI)
    assert verify(card, JpkiFile.AUTH_PIN, AUTH_PIN) == 0x9000
    assert apdu(card, SELECT_JPKI)[1] == 0x9000
    select_ef(card, JpkiFile.AUTH_KEY)
    data = hashlib.sha256(b"x").digest()
    assert apdu(card, bytes((0x80, 0x2A, 0, 0x80, 32)) + data + b"\x00")[1] == 0x9000


def test_the_reselect_forgets_the_current_ef(card):
    apdu(card, SELECT_JPKI)
    verify(card, JpkiFile.AUTH_PIN, AUTH_PIN)
    select_ef(card, JpkiFile.AUTH_KEY)
    apdu(card, SELECT_JPKI)
    data = hashlib.sha256(b"x").digest()
    assert apdu(card, bytes((0x80, 0x2A, 0, 0x80, 32)) + data + b"\x00")[1] == 0x6986


def test_selecting_another_application_forgets_the_pin(card):
    apdu(card, SELECT_JPKI)
    verify(card, JpkiFile.AUTH_PIN, AUTH_PIN)
    apdu(card, SELECT_FACE)
    apdu(card, SELECT_JPKI)
    select_ef(card, JpkiFile.AUTH_KEY)
    data = hashlib.sha256(b"x").digest()
    assert apdu(card, bytes((0x80, 0x2A, 0, 0x80, 32)) + data + b"\x00")[1] == 0x6982


def test_the_card_face_keeps_its_verification_over_a_reselect_too(card):
    apdu(card, SELECT_FACE)
    verify(card, PIN_B, MATCHING_B)
    apdu(card, SELECT_FACE)
    assert read_whole(card, FACE)[1] == 0x9000


def test_an_image_file_from_before_the_card_face_ap_still_opens_and_lacks_it(card):
    document = json.loads(card.store.path.read_text())
    del document["card_face_files"]
    for credential in ("face-matching-a", "face-matching-b"):
        del document["pins"][credential]
    card.store.path.write_text(json.dumps(document))
    assert apdu(card, SELECT_FACE)[1] == 0x6A82
    assert apdu(card, SELECT_INFO)[1] == 0x9000
