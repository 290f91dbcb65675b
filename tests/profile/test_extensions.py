import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.errors import ProfileError
from jpki.profile.extensions import (
    CertificateLinkage,
    RevocationDetail,
    decode_latest_four_info,
    decode_linkage,
    decode_revocation_detail,
    encode_latest_four_info,
    encode_linkage,
    encode_revocation_detail,
)
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.reasons import (
    FOUR_INFO_FIELDS,
    REASON_MEANINGS,
    RevocationCause,
    RevocationReason,
)

serials = st.integers(min_value=1, max_value=2**159)


@given(st.sampled_from(RevocationCause), st.frozensets(st.sampled_from(FOUR_INFO_FIELDS)))
def test_revocation_detail_round_trips(cause, fields):
    detail = RevocationDetail(cause, fields)
    assert decode_revocation_detail(encode_revocation_detail(detail)) == detail


@given(serials, st.one_of(st.none(), serials))
def test_linkage_round_trips(other, successor):
    linkage = CertificateLinkage(other, successor)
    assert decode_linkage(encode_linkage(linkage)) == linkage


def test_latest_four_info_round_trips():
    info = FourInfo("山田\u3000花子", "大阪府大阪市北区梅田１番", dt.date(1990, 1, 1), Sex.FEMALE)
    assert decode_latest_four_info(encode_latest_four_info(info)) == info


@given(st.binary(max_size=64))
def test_garbage_is_a_profile_error_not_a_crash(data):
    for decode in (decode_revocation_detail, decode_linkage, decode_latest_four_info):
        with contextlib.suppress(ProfileError):
            decode(data)


def test_every_reason_code_has_a_meaning_in_both_languages():
    for reason in RevocationReason:
        assert REASON_MEANINGS[reason].en
        assert REASON_MEANINGS[reason].ja
        assert RevocationReason.from_flag(reason.to_flag()) is reason


@pytest.mark.parametrize(
    ("cause", "reason", "auth_too"),
    [
        (RevocationCause.FOUR_INFO_CHANGED, RevocationReason.AFFILIATION_CHANGED, False),
        (RevocationCause.DEATH, RevocationReason.AFFILIATION_CHANGED, True),
        (RevocationCause.EMIGRATION, RevocationReason.CESSATION_OF_OPERATION, True),
        (RevocationCause.VOLUNTARY, RevocationReason.CESSATION_OF_OPERATION, True),
        (RevocationCause.CARD_LOST, RevocationReason.CERTIFICATE_HOLD, True),
        (RevocationCause.RENEWAL, RevocationReason.SUPERSEDED, True),
        (RevocationCause.DESTROYED_BEFORE_DELIVERY, RevocationReason.UNSPECIFIED, True),
    ],
)
def test_causes_map_to_jlis_reason_codes(cause, reason, auth_too):
    assert cause.reason is reason
    assert cause.revokes_auth is auth_too
