"""Parent support: a pregnancy notification signed with the card is filed with the signer's
name, address and age from the certificate and answered with personal notices that only the
notifier's later card login shows; the TV's choices are checked; bad input is a 4xx, never a
500."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.parent_support.app import build_parent_support_app
from jpki.apps.parent_support.notification import CLINICS, MONTHS, Choices
from jpki.apps.parent_support.service import ParentSupport
from jpki.clock import ManualClock
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.medium import Medium
from tests.apps.people_platform import ORIGIN, FakePlatform, context, login, signed
from tests.holders import START

PEOPLE = {
    "mother": FourInfo("母田\u3000花子", "東京都1", dt.date(1995, 6, 1), Sex.FEMALE),
    "neighbour": FourInfo("隣野\u3000恵子", "東京都2", dt.date(1990, 1, 1), Sex.FEMALE),
}


@pytest.fixture
def desk(tmp_path):
    return ParentSupport(context(tmp_path, FakePlatform(ManualClock(START), PEOPLE)))


def challenge(desk):
    return desk.context.platform.challenge(ORIGIN)


def test_a_notification_brings_notices_that_only_the_notifiers_login_shows(desk):
    choices = Choices.checked("3", "city-hospital")
    document = desk.document(choices)
    assert "3か月" in document.decode()
    row = desk.file(choices, signed("mother"), document)
    assert (row.name, row.address, row.age) == (PEOPLE["mother"].name, "東京都1", 31)
    mine = desk.log_in(challenge(desk), login("mother", Medium.PHONE))
    assert mine == [row.reference]
    assert {n.notice.key for n in desk.notices(mine)} == {"handbook", "vouchers"}
    theirs = desk.log_in(challenge(desk), login("neighbour"))
    assert theirs == []
    assert desk.notices(theirs) == []
    assert desk.notifications(theirs) == []


def test_an_invalid_signature_files_nothing(desk):
    desk.context.platform.http._transport.handler.revoke("mother")  # type: ignore[attr-defined]
    choices = Choices.checked("2", "none")
    with pytest.raises(CardRefusal, match="signature-rejected"):
        desk.file(choices, signed("mother"), desk.document(choices))
    assert desk.notifications([]) == []


@given(
    months=st.text(max_size=4) | st.sampled_from(MONTHS),
    clinic=st.text(max_size=20) | st.sampled_from(list(CLINICS)),
)
def test_only_the_tvs_choices_are_taken(months, clinic):
    try:
        chosen = Choices.checked(months, clinic)
    except CardRefusal:
        assert months not in MONTHS or clinic not in CLINICS
        return
    assert chosen.months_label.count(" / ") == 1


@pytest.mark.parametrize(
    ("method", "path", "form", "status"),
    [
        ("get", "/apply?months=9", None, 400),
        ("get", "/apply?months=3&clinic=elsewhere", None, 400),
        ("get", "/apply?clinic=none", None, 200),
        ("post", "/apply", {"months": "3"}, 422),
        ("post", "/apply", {"months": "30", "clinic": "none"}, 400),
        ("get", "/notifications/P000000001", None, 400),
        ("get", "/notifications/nothing", None, 422),
        ("get", "/notices", None, 200),
    ],
)
def test_bad_input_is_a_4xx_never_a_500(desk, method, path, form, status):
    client = TestClient(
        build_parent_support_app(desk.context), base_url=ORIGIN, headers={"Origin": ORIGIN}
    )
    reply = getattr(client, method)(path, **({"data": form} if form is not None else {}))
    assert reply.status_code == status, reply.text
