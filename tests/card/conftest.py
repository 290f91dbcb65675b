"""A card personalised by our authority, as the factory and the municipal counter would."""

import pytest

from conftest import TARO
from jpki.card.image import CardImage
from jpki.card.os import Card
from jpki.profile.purpose import CertificatePurpose

AUTH_PIN, SIGN_PASSWORD = "1234", "ABC123XYZ"
MATCHING_B = "55051720361234"


@pytest.fixture
def personalised(authority, tmp_path):
    image = CardImage.create(tmp_path / "taro.card", AUTH_PIN, SIGN_PASSWORD)
    resident = authority.register_resident(TARO)
    card = authority.apply_for_card(resident.id)
    issued = authority.issue_card(
        card.id,
        image.public_key(CertificatePurpose.AUTH),
        image.public_key(CertificatePurpose.SIGN),
    )
    for certificate in issued.certificates:
        ca = authority.authorities.by_id(certificate.generation_id).certificate
        image.install_certificate(certificate.purpose, certificate.certificate, ca)
    image.install_terminal_ca(authority.terminals.ca.certificate)
    image.install_card_info(
        authority.card_info_files(card.id),
        card_info_pin=AUTH_PIN,
        matching_a=resident.my_number,
        matching_b=MATCHING_B,
    )
    authority.activate_card(card.id)
    return image, issued


@pytest.fixture
def card(personalised):
    return Card(personalised[0])
