"""The PHR shows a person's records only to the person and to those the person consented to,
until the person withdraws; every showing to someone else is in the person's disclosure log;
the phone finds the same account as the card; bad input is a 4xx, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.phr.app import build_phr_app
from jpki.apps.phr.records import Entry, Kind
from jpki.apps.phr.service import Phr
from jpki.clock import ManualClock, today_in_japan
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.medium import Medium
from tests.apps.people_platform import ORIGIN, FakePlatform, context, login, signed
from tests.holders import START

PEOPLE = {
    "hanako": FourInfo("健康\u3000花子", "東京都1", dt.date(1970, 1, 2), Sex.FEMALE),
    "doctor": FourInfo("医師\u3000一郎", "東京都2", dt.date(1975, 3, 4), Sex.MALE),
    "nosy": FourInfo("他人\u3000三郎", "東京都3", dt.date(1980, 5, 6), Sex.MALE),
}


@pytest.fixture
def phr(tmp_path):
    return Phr(context(tmp_path, FakePlatform(ManualClock(START), PEOPLE)))


def join(phr, who):
    return phr.join(signed(who), phr.terms())


def challenge(phr):
    return phr.context.platform.challenge(ORIGIN)


def test_records_are_the_persons_and_the_consented_viewers_only(phr):
    hanako, doctor, nosy = join(phr, "hanako"), join(phr, "doctor"), join(phr, "nosy")
    today = today_in_japan(phr.context.clock).isoformat()
    phr.add(hanako.reference, "blood_pressure", "128/84", today)
    assert [r.value for r in phr.records(hanako.reference)] == ["128/84"]
    assert phr.records(doctor.reference) == []
    consent = phr.grant(hanako.reference, doctor.share_code.lower(), "かかりつけ医 / family doctor")
    owner, records = phr.view(doctor.reference, consent.id)
    assert (owner.name, [r.value for r in records]) == (hanako.name, ["128/84"])
    with pytest.raises(CardRefusal):
        phr.view(nosy.reference, consent.id)  # another's consent
    [shown] = phr.disclosures(hanako.reference)
    assert (shown.viewer_name, shown.records) == (doctor.name, 1)
    with pytest.raises(CardRefusal):
        phr.withdraw(doctor.reference, consent.id)  # only the person withdraws
    phr.withdraw(hanako.reference, consent.id)
    with pytest.raises(CardRefusal):
        phr.view(doctor.reference, consent.id)
    assert phr.shared_with(doctor.reference) == []
    assert len(phr.disclosures(hanako.reference)) == 1


def test_the_card_and_the_phone_log_into_the_same_account_and_strangers_into_none(phr):
    hanako = join(phr, "hanako")
    card, medium = phr.login(challenge(phr), login("hanako"))
    phone, on_phone = phr.login(challenge(phr), login("hanako", Medium.PHONE, 2))
    assert (card.reference, phone.reference, medium, on_phone) == (
        hanako.reference, hanako.reference, "card", "phone",
    )  # fmt: skip
    with pytest.raises(CardRefusal, match="no account"):
        phr.login(challenge(phr), login("nosy"))


def test_one_account_per_person(phr):
    join(phr, "hanako")
    with pytest.raises(CardRefusal, match="already"):
        join(phr, "hanako")
    assert len(phr.context.platform.http._transport.handler.links) == 1  # type: ignore[attr-defined]


def test_a_consent_needs_another_persons_code(phr):
    hanako = join(phr, "hanako")
    for code in (hanako.share_code, "NOPE", ""):
        with pytest.raises(CardRefusal):
            phr.grant(hanako.reference, code, "x")


@given(kind=st.text(max_size=20) | st.sampled_from(list(Kind)), value=st.text(max_size=70),
       day=st.text(max_size=12) | st.dates().map(dt.date.isoformat))  # fmt: skip
def test_any_form_entry_is_checked_or_refused(kind, value, day):
    today = dt.date(2026, 12, 1)
    try:
        entry = Entry.checked(kind, value, day, today)
    except CardRefusal:
        return
    assert entry.day <= today
    assert not set(entry.value) & set("<>&\"'\n")


def client(phr):
    return TestClient(build_phr_app(phr.context), base_url=ORIGIN, headers={"Origin": ORIGIN})


@pytest.mark.parametrize(
    ("method", "path", "form", "status"),
    [
        ("get", "/me", None, 400),
        ("post", "/records", {"kind": "weight", "value": "60", "day": "2026-01-01"}, 400),
        ("post", "/records", {"kind": "weight"}, 422),
        ("post", "/consents", {"code": "X", "purpose": "y"}, 400),
        ("post", "/consents/0/withdraw", {}, 422),
        ("post", "/consents/abc/withdraw", {}, 422),
        ("get", "/shared/99999999999999", None, 422),
        ("get", "/shared/1", None, 400),
    ],
)
def test_bad_input_and_no_login_are_a_4xx_never_a_500(phr, method, path, form, status):
    reply = getattr(client(phr), method)(path, **({"data": form} if form is not None else {}))
    assert reply.status_code == status, reply.text
