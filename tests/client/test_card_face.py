"""The card-face AP through the client: 照合番号B or A, the issuer's seal, and refusals for an
altered, foreign, malformed or missing card face."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from jpki.card.image import generate_key
from jpki.card.os import Card
from jpki.client.card_face import CardFaceSession, FaceOpener, SealStatus
from jpki.client.errors import ApplicationMissing, MalformedCardData, PinBlocked, WrongPin
from jpki.client.readers import InProcessReader
from jpki.profile.card_face import CARD_FACE_FILE, decode_card_face, encode_card_face
from tests.holders import MATCHING_B, TARO


@pytest.fixture
def issuer(authority):
    return x509.load_pem_x509_certificate(
        (authority.settings.roots_dir / "card-info-issuer.pem").read_bytes()
    )


def _session(personalised) -> CardFaceSession:
    return CardFaceSession(InProcessReader(Card(personalised[0])))


def _rewrite(personalised, **changes) -> None:
    """Replace fields of the card face on the card (a forger with a card writer)."""
    store, _ = personalised
    with store.change() as change:
        face = decode_card_face(change.image.card_face_files[CARD_FACE_FILE])
        fields = {
            "birth_date": face.birth_date,
            "sex": face.sex,
            "issuer_key": face.issuer_key,
            "name_image": face.name_image,
            "address_image": face.address_image,
            "photo": face.photo,
            "expiry": face.expiry,
            "security_code_image": face.security_code_image,
        }
        fields.update(changes.pop("fields", {}))
        sign = changes.pop("sign", lambda _data: face.signature)
        change.image.card_face_files[CARD_FACE_FILE] = encode_card_face(**fields, sign=sign)


def test_matching_number_b_opens_the_face_and_the_seal_holds(personalised, issuer):
    session = _session(personalised)
    session.open(FaceOpener.MATCHING_B, MATCHING_B)
    reading = session.read(issuer)
    assert reading.seal is SealStatus.VERIFIED
    assert reading.face.birth_date == TARO.birth_date
    assert reading.face.photo.startswith(bytes.fromhex("0000000C6A502020"))
    assert reading.basic_info.municipality == "千代田区"
    assert session.read().seal is SealStatus.UNCHECKED


def test_a_wrong_number_tells_the_tries_left_and_blocks(personalised):
    session = _session(personalised)
    with pytest.raises(WrongPin) as wrong:
        session.open(FaceOpener.MATCHING_B, "00000000000000")
    assert wrong.value.tries_left == 9
    for _ in range(8):
        with pytest.raises(WrongPin):
            session.open(FaceOpener.MATCHING_B, "00000000000000")
    with pytest.raises(PinBlocked):
        session.open(FaceOpener.MATCHING_B, "00000000000000")


def test_an_altered_photo_breaks_the_seal(personalised, issuer):
    _rewrite(personalised, fields={"photo": b"someone else's photo"})
    session = _session(personalised)
    session.open(FaceOpener.MATCHING_B, MATCHING_B)
    assert session.read(issuer).seal is SealStatus.FORGED


def test_a_face_sealed_by_another_key_names_an_unknown_issuer(personalised, issuer):
    forger = generate_key()
    _rewrite(
        personalised,
        fields={"issuer_key": forger.public_key(), "photo": b"forged"},
        sign=lambda data: forger.sign(data, padding.PKCS1v15(), hashes.SHA256()),
    )
    session = _session(personalised)
    session.open(FaceOpener.MATCHING_B, MATCHING_B)
    assert session.read(issuer).seal is SealStatus.UNKNOWN_ISSUER


@pytest.mark.parametrize(
    "garbage",
    [b"", b"\xff\x20\x05\xdf\x22\x01\x31", b"\xff\x20\x82\x10\x00" + b"\x00" * 40, b"\x00" * 300],
)
def test_malformed_card_face_data_is_a_clear_refusal(personalised, garbage):
    store, _ = personalised
    with store.change() as change:
        change.image.card_face_files[CARD_FACE_FILE] = garbage or b"\x00"
    session = _session(personalised)
    session.open(FaceOpener.MATCHING_B, MATCHING_B)
    with pytest.raises(MalformedCardData, match="card face"):
        session.read()


def test_a_card_without_the_application_says_how_to_get_it(personalised):
    store, _ = personalised
    with store.change() as change:
        change.image.card_face_files = {}
    with pytest.raises(ApplicationMissing, match="jpki card personalise"):
        _session(personalised)
