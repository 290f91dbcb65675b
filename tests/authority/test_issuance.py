"""Card issuance (seed 003), eligibility and validity rules."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from jpki.authority.errors import InvalidRequest
from jpki.authority.events import RevokeVoluntarily
from jpki.profile.certificate import describe_certificate
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.numbers import is_valid_my_number
from jpki.profile.purpose import CertificatePurpose
from tests.holders import TARO, card_key, make_holder
from tests.openssl_cli import openssl, write_pem

CHILD = FourInfo(
    "山田\u3000陽翔", "東京都千代田区霞が関２丁目１番２号", dt.date(2015, 4, 1), Sex.MALE
)


def test_residents_get_valid_unique_my_numbers(authority):
    numbers = {authority.register_resident(TARO).my_number for _ in range(30)}
    assert len(numbers) == 30
    assert all(is_valid_my_number(n) for n in numbers)


def test_issuance_follows_application_lock_activation(authority):
    resident = authority.register_resident(TARO)
    card = authority.apply_for_card(resident.id)
    assert card.status == "applied"
    with pytest.raises(InvalidRequest, match="not issued"):
        authority.activate_card(card.id)
    issued = authority.issue_card(card.id, card_key().public_key(), card_key().public_key())
    assert issued.card.status == "issued"
    assert issued.card.expires_on == dt.date(2036, 5, 17)
    with pytest.raises(InvalidRequest, match="not applied"):
        authority.issue_card(card.id, card_key().public_key(), None)
    assert authority.activate_card(card.id).status == "active"


def test_certificates_follow_the_jpki_profile(holder):
    auth = describe_certificate(holder.auth.certificate)
    sign = describe_certificate(holder.sign.certificate)
    assert auth.purpose is CertificatePurpose.AUTH
    assert auth.four_info is None
    assert len(auth.subject_id) == 23
    assert sign.four_info == TARO
    assert sign.localities == ("Tokyo-to", "Chiyoda-ku")
    assert sign.not_after == dt.datetime(2031, 5, 17, 14, 59, 59, tzinfo=dt.UTC)
    assert auth.authority_key_id != sign.authority_key_id


def test_no_signing_certificate_under_15(authority):
    holder = make_holder(authority, CHILD, sign=False)
    assert holder.issued.of_purpose(CertificatePurpose.SIGN) is None
    resident = authority.register_resident(CHILD)
    card = authority.apply_for_card(resident.id)
    with pytest.raises(InvalidRequest, match="15"):
        authority.issue_card(card.id, card_key().public_key(), card_key().public_key())


def test_only_rsa_2048_public_keys_are_certified(authority):
    resident = authority.register_resident(TARO)
    card = authority.apply_for_card(resident.id)
    with pytest.raises(InvalidRequest, match="RSA"):
        authority.issue_card(card.id, ec.generate_private_key(ec.SECP256R1()).public_key(), None)  # type: ignore[arg-type]
    small = rsa.generate_private_key(65537, 1024)
    with pytest.raises(InvalidRequest, match="2048"):
        authority.issue_card(card.id, small.public_key(), None)


def test_undelivered_card_is_destroyed_with_reason_unspecified(authority):
    resident = authority.register_resident(TARO)
    card = authority.apply_for_card(resident.id)
    issued = authority.issue_card(card.id, card_key().public_key(), card_key().public_key())
    revoked = authority.destroy_undelivered_card(card.id)
    assert set(revoked) == {c.serial for c in issued.certificates}
    for serial in revoked:
        assert authority.certificate(serial).revocation.reason == 0


def test_renewal_supersedes_and_links_old_to_new(authority, holder):
    issued, revoked = authority.renew_card(
        holder.issued.card.id, card_key().public_key(), card_key().public_key()
    )
    assert set(revoked) == {holder.auth.serial, holder.sign.serial}
    assert all(authority.certificate(s).revocation.reason == 4 for s in revoked)
    verifier, _ = authority.accredit_verifier("bank")
    _, linkage = authority.linkage(verifier, holder.sign.serial)
    assert linkage.successor_serial == issued.of_purpose(CertificatePurpose.SIGN).serial


def test_mykey_id_replaces_the_random_part_on_reissue(authority, holder):
    issued, _ = authority.renew_card(
        holder.issued.card.id, card_key().public_key(), None, mykey_id="MYKEYABCDE1234"
    )
    auth = issued.of_purpose(CertificatePurpose.AUTH)
    assert auth.subject_id == "MYKEYABCDE1234" + holder.issued.card.terminal_code


def test_certificates_expire_after_five_birthdays(authority, holder, clock):
    clock.set(dt.datetime(2031, 5, 17, 14, 59, 58, tzinfo=dt.UTC))
    assert authority.certificate(holder.auth.serial).not_after > clock.now()
    clock.advance(dt.timedelta(seconds=2))
    assert authority.certificate(holder.auth.serial).not_after < clock.now()
    with pytest.raises(InvalidRequest, match="no valid certificate"):
        authority.apply_event(holder.resident.id, RevokeVoluntarily())


def test_the_signing_subject_names_the_place_in_romaji_as_jlis_writes_it(authority, tmp_path):
    """A J-LIS test card reads `L=...Kiyose-shi` (JPKI.md §7); openssl reads the same subject."""
    kiyose = FourInfo(
        "清瀬\u3000花子", "東京都清瀬市中里５丁目８４２番地", dt.date(1990, 4, 1), Sex.FEMALE
    )
    holder = make_holder(authority, kiyose)
    assert describe_certificate(holder.sign.certificate).localities == ("Tokyo-to", "Kiyose-shi")
    assert describe_certificate(holder.sign.certificate).four_info == kiyose  # kanji stays there
    pem = write_pem(tmp_path / "sign.pem", holder.sign.certificate)
    subject = openssl("x509", "-in", pem, "-noout", "-subject", "-nameopt", "RFC2253", check=True)
    assert subject.stdout.strip().startswith(
        f"subject=CN={holder.sign.subject_id},L=Kiyose-shi,L=Tokyo-to,C=JP"
    )
    auth = openssl("x509", "-in", write_pem(tmp_path / "auth.pem", holder.auth.certificate),
                   "-noout", "-subject", "-nameopt", "RFC2253", check=True)  # fmt: skip
    assert "L=" not in auth.stdout


def test_an_address_without_a_romanisation_is_refused_at_the_register(authority):
    unknown = FourInfo(
        "山田\u3000一郎", "長野県松本市丸の内３番７号", dt.date(1980, 1, 1), Sex.MALE
    )
    with pytest.raises(InvalidRequest, match="romanisation of 松本市"):
        authority.register_resident(unknown)
