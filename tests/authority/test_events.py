"""Life events and what they revoke, on SQLite and on PostgreSQL (JPKI.md §4, seed 002)."""

import pytest
from cryptography.x509.oid import NameOID

from jpki.authority import events
from jpki.authority.errors import InvalidRequest
from jpki.profile.certificate import describe_certificate
from jpki.profile.overseas import OVERSEAS_ADDRESS
from jpki.profile.reasons import RevocationCause, RevocationReason
from tests.holders import card_key, make_holder

AC, CE, HOLD = (
    RevocationReason.AFFILIATION_CHANGED,
    RevocationReason.CESSATION_OF_OPERATION,
    RevocationReason.CERTIFICATE_HOLD,
)


@pytest.mark.parametrize(
    ("event", "sign_reason", "auth_reason", "cause"),
    [
        (
            events.Move("大阪府大阪市北区梅田１丁目１番"),
            AC,
            None,
            RevocationCause.FOUR_INFO_CHANGED,
        ),
        (events.Rename("佐藤\u3000太郎"), AC, None, RevocationCause.FOUR_INFO_CHANGED),
        (events.Die(), AC, AC, RevocationCause.DEATH),
        (events.Emigrate(), CE, CE, RevocationCause.EMIGRATION),
        (events.LoseCard(), HOLD, HOLD, RevocationCause.CARD_LOST),
        (events.ReturnCard(), CE, CE, RevocationCause.CARD_RETURNED),
        (events.RevokeVoluntarily(), CE, CE, RevocationCause.VOLUNTARY),
    ],
)
def test_events_revoke_with_jlis_reason_codes(
    any_authority, event, sign_reason, auth_reason, cause
):
    holder = make_holder(any_authority)
    outcome = any_authority.apply_event(holder.resident.id, event)
    sign = any_authority.certificate(holder.sign.serial).revocation
    auth = any_authority.certificate(holder.auth.serial).revocation
    assert sign.reason is sign_reason
    assert sign.cause is cause
    if auth_reason is None:
        assert auth is None
        assert outcome.revoked_serials == (holder.sign.serial,)
    else:
        assert auth.reason is auth_reason
        assert set(outcome.revoked_serials) == {holder.sign.serial, holder.auth.serial}


def test_change_records_which_fields_changed(authority, holder):
    authority.apply_event(holder.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    assert authority.certificate(holder.sign.serial).revocation.changed_fields == {"address"}
    assert authority.resident(holder.resident.id).four_info.address.startswith("大阪府")


def test_removed_residents_accept_no_more_events_or_cards(authority, holder):
    authority.apply_event(holder.resident.id, events.Die())
    assert authority.resident(holder.resident.id).status == "dead"
    with pytest.raises(InvalidRequest, match="dead"):
        authority.apply_event(holder.resident.id, events.Move("東京都港区六本木１丁目"))
    with pytest.raises(InvalidRequest, match="dead"):
        authority.apply_for_card(holder.resident.id)


def test_an_event_that_changes_nothing_is_refused(authority, holder):
    with pytest.raises(InvalidRequest, match="changes nothing"):
        authority.apply_event(holder.resident.id, events.Rename(holder.resident.four_info.name))


def test_new_signing_certificate_after_a_move_links_to_the_old(authority, holder):
    authority.apply_event(holder.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    new = authority.reissue_signing(holder.issued.card.id, card_key().public_key())
    verifier, _ = authority.accredit_verifier("insurer")
    _, old_link = authority.linkage(verifier, holder.sign.serial)
    _, auth_link = authority.linkage(verifier, holder.auth.serial)
    assert old_link.successor_serial == new.serial
    assert auth_link.other_purpose_serial == new.serial
    assert new.certificate.subject != holder.sign.certificate.subject


def test_unknown_life_event_names_are_refused():
    with pytest.raises(InvalidRequest, match="unknown life event"):
        events.life_event("marry")
    with pytest.raises(InvalidRequest, match="address"):
        events.life_event("move")


# -- 国外転出後の継続利用 (since 2024-05-27): the card and its authentication certificate stay ---


def test_emigration_keeping_the_card_revokes_only_the_signing_certificate(any_authority):
    holder = make_holder(any_authority)
    outcome = any_authority.apply_event(
        holder.resident.id, events.Emigrate(keep_card=True, domicile="東京都清瀬市")
    )
    assert outcome.revoked_serials == (holder.sign.serial,)
    sign = any_authority.certificate(holder.sign.serial).revocation
    assert (sign.reason, sign.cause) == (AC, RevocationCause.FOUR_INFO_CHANGED)
    assert sign.changed_fields == {"address"}
    assert any_authority.certificate(holder.auth.serial).revocation is None
    resident = any_authority.resident(holder.resident.id)
    assert resident.status == "overseas"
    assert resident.four_info.address == OVERSEAS_ADDRESS


def test_an_emigrants_new_signing_certificate_names_the_koseki_fuhyo_municipality(authority):
    holder = make_holder(authority)
    authority.apply_event(
        holder.resident.id, events.Emigrate(keep_card=True, domicile="東京都清瀬市")
    )
    new = authority.reissue_signing(holder.issued.card.id, card_key().public_key())
    localities = [
        a.value for a in new.certificate.subject.get_attributes_for_oid(NameOID.LOCALITY_NAME)
    ]
    assert localities == ["Tokyo-to", "Kiyose-shi"]
    assert describe_certificate(new.certificate).four_info.address == OVERSEAS_ADDRESS
    # Renewal goes on abroad (at an embassy or consulate, through the 附票管理市町村).
    issued, revoked = authority.renew_card(
        holder.issued.card.id, card_key().public_key(), card_key().public_key()
    )
    assert set(revoked) == {new.serial, holder.auth.serial}
    assert len(issued.certificates) == 2


def test_emigration_keeping_the_card_needs_a_known_domicile(authority, holder):
    with pytest.raises(InvalidRequest, match="戸籍の附票"):
        authority.apply_event(holder.resident.id, events.Emigrate(keep_card=True))
    with pytest.raises(InvalidRequest, match="附票管理市町村"):
        authority.apply_event(
            holder.resident.id, events.Emigrate(keep_card=True, domicile="どこか")
        )
    assert authority.resident(holder.resident.id).status == "resident"
    assert authority.certificate(holder.sign.serial).revocation is None


def test_an_emigrant_keeping_the_card_cannot_move_within_japan(authority, holder):
    authority.apply_event(
        holder.resident.id, events.life_event("emigrate", domicile="東京都清瀬市")
    )
    with pytest.raises(InvalidRequest, match="overseas"):
        authority.apply_event(holder.resident.id, events.Move("東京都港区六本木１丁目"))
