"""The card-info AP through the client: three credentials, three views, the issuer's seal."""

import pytest
from cryptography import x509

from jpki.card.os import Card
from jpki.client.card_info import CardInfoSession, Opener
from jpki.client.errors import WrongPin
from jpki.client.readers import InProcessReader
from jpki.profile.card_info import MY_NUMBER_FILE
from jpki.profile.numbers import is_valid_my_number
from tests.holders import AUTH_PIN, MATCHING_B


@pytest.fixture
def session(personalised):
    return CardInfoSession(InProcessReader(Card(personalised[0])))


@pytest.fixture
def issuer(authority):
    return x509.load_pem_x509_certificate(
        (authority.settings.roots_dir / "card-info-issuer.pem").read_bytes()
    )


def test_the_pin_opens_everything_and_the_seal_holds(session, issuer, authority):
    session.open(Opener.PIN, AUTH_PIN)
    info = session.read(issuer)
    assert is_valid_my_number(info.my_number)
    assert info.four_info.name == "山田\u3000太郎"
    assert info.integrity_verified is True


def test_matching_number_a_opens_only_the_my_number(session, personalised):
    pin_session = CardInfoSession(InProcessReader(Card(personalised[0])))
    pin_session.open(Opener.PIN, AUTH_PIN)
    number = pin_session.read().my_number
    session.open(Opener.MATCHING_A, number)
    result = session.read()
    assert (result.my_number, result.four_info) == (number, None)


def test_matching_number_b_opens_only_the_four_information(session):
    session.open(Opener.MATCHING_B, MATCHING_B)
    result = session.read()
    assert result.my_number is None
    assert result.four_info.address.startswith("東京都")


def test_matching_numbers_have_ten_tries(session):
    with pytest.raises(WrongPin) as wrong:
        session.open(Opener.MATCHING_A, "000000000000")
    assert wrong.value.tries_left == 9


def test_a_changed_file_breaks_the_seal(personalised, issuer):
    store, _ = personalised
    with store.change() as change:
        change.image.card_info_files[MY_NUMBER_FILE] = (
            b"\xff\x10\x0c" + b"621498320257" + b"\xff\xff"
        )
    session = CardInfoSession(InProcessReader(Card(store)))
    session.open(Opener.PIN, AUTH_PIN)
    assert session.read(issuer).integrity_verified is False
