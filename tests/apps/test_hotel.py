"""The hotel's key opens the room's door only for the guest's phone it was issued to, during
the stay: not the card, not another phone, not after check-out or departure; check-in keeps
only the register's items and refuses a guest under 18; bad input is a 4xx, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from jpki.apps.hotel.app import build_hotel_app
from jpki.apps.hotel.models import StayRow
from jpki.apps.hotel.service import Hotel
from jpki.apps.kit.card_requests import CardRefusal
from jpki.clock import ManualClock
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.medium import Medium
from tests.apps.people_platform import ORIGIN, FakePlatform, context, login, signed
from tests.holders import START

PEOPLE = {
    "guest": FourInfo("宿泊\u3000一郎", "大阪府大阪市1", dt.date(1980, 1, 2), Sex.MALE),
    "other": FourInfo("別人\u3000二郎", "京都府京都市2", dt.date(1982, 3, 4), Sex.MALE),
    "minor": FourInfo("年少\u3000三郎", "京都府京都市3", START.date().replace(year=2010), Sex.MALE),
}
DOOR = "1310100001"


@pytest.fixture
def hotel(tmp_path):
    return Hotel(context(tmp_path, FakePlatform(ManualClock(START), PEOPLE)))


def challenge(hotel):
    return hotel.context.platform.challenge(ORIGIN)


def at_door(hotel, room, who, medium=Medium.PHONE, serial=2):
    answer = login(who, medium, serial).model_copy(update={"institution_code": DOOR})
    return hotel.door(room, challenge(hotel), answer).reason


def test_the_guests_phone_opens_the_room_during_the_stay_only(hotel):
    stay = hotel.check_in(2, signed("guest"), hotel.register_card(2))
    with hotel.database.transaction() as session:
        kept = session.get(StayRow, stay.reference)
        assert kept is not None
        assert (kept.name, kept.address) == (PEOPLE["guest"].name, PEOPLE["guest"].address)
    assert at_door(hotel, stay.room, "guest") == "no-key"  # no key issued yet
    with pytest.raises(CardRefusal, match="not the card"):
        hotel.issue_key(stay.reference, challenge(hotel), login("guest", Medium.CARD))
    with pytest.raises(CardRefusal, match="not the guest's"):
        hotel.issue_key(stay.reference, challenge(hotel), login("other", Medium.PHONE))
    hotel.issue_key(stay.reference, challenge(hotel), login("guest", Medium.PHONE, 2))
    assert at_door(hotel, stay.room, "guest") == "opened"
    assert at_door(hotel, stay.room, "guest", Medium.CARD, 1) == "not-the-phone"
    assert at_door(hotel, stay.room, "other", Medium.PHONE, 3) == "no-key"
    assert at_door(hotel, stay.room, "guest", Medium.PHONE, 9) == "no-key"  # a new phone
    other_room = next(r for r in ("101", "102") if r != stay.room)
    assert at_door(hotel, other_room, "guest") == "no-key"
    no_reader = login("guest", Medium.PHONE, 2)
    assert hotel.door(stay.room, challenge(hotel), no_reader).reason == "not-at-door"
    platform = hotel.context.platform.http._transport.handler  # type: ignore[attr-defined]
    platform.revoke("other")  # the platform's refusal reaches the door as its code
    assert at_door(hotel, stay.room, "other") == "certificate-rejected"
    hotel.context.clock.advance(dt.timedelta(days=3))  # past 11:00 JST on departure day
    assert at_door(hotel, stay.room, "guest") == "stay-ended"
    assert [d.opened for d in hotel.log(stay.room)].count(True) == 1


def test_check_out_ends_the_key(hotel):
    stay = hotel.check_in(1, signed("guest"), hotel.register_card(1))
    hotel.issue_key(stay.reference, challenge(hotel), login("guest", Medium.PHONE, 2))
    hotel.check_out(stay.reference)
    assert at_door(hotel, stay.room, "guest") == "stay-ended"
    with pytest.raises(CardRefusal, match="ended"):
        hotel.issue_key(stay.reference, challenge(hotel), login("guest", Medium.PHONE, 2))


def test_a_guest_under_18_is_sent_to_the_front_desk_and_nothing_is_kept(hotel):
    with pytest.raises(CardRefusal, match="under 18"):
        hotel.check_in(1, signed("minor"), hotel.register_card(1))
    assert hotel.context.platform.http._transport.handler.links == {}  # type: ignore[attr-defined]


def test_two_guests_get_two_rooms(hotel):
    first = hotel.check_in(1, signed("guest"), hotel.register_card(1))
    second = hotel.check_in(1, signed("other"), hotel.register_card(1))
    assert first.room != second.room


@pytest.mark.parametrize(
    ("method", "path", "form", "status"),
    [
        ("post", "/checkin", {"nights": "0"}, 422),
        ("post", "/checkin", {"nights": "many"}, 422),
        ("post", "/checkin", {"nights": "99"}, 422),
        ("get", "/stays/AAAAAAAAAAAAAAAAAAAAAA", None, 400),
        ("post", "/stays/AAAAAAAAAAAAAAAAAAAAAA/key", {}, 400),
        ("post", "/stays/x/checkout", {}, 422),
        ("get", "/door/999", None, 400),
        ("get", "/door/abc", None, 422),
    ],
)
def test_bad_input_is_a_4xx_never_a_500(hotel, method, path, form, status):
    client = TestClient(build_hotel_app(hotel.context), base_url=ORIGIN, headers={"Origin": ORIGIN})
    reply = getattr(client, method)(path, **({"data": form} if form is not None else {}))
    assert reply.status_code == status, reply.text
