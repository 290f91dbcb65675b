"""The procurement site's rule for an electronic power of attorney (電子委任状): a delegate's
bid is accepted only under a delegation from the company's representative that is unrevoked,
in its period, covering the tender, and whose representative's certificate stands; every
other bid is refused with its reason, and bad input is a 4xx, never a 500."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.procurement.app import build_procurement_app
from jpki.apps.procurement.delegation import (
    Category,
    DelegationTerms,
    Reason,
    Standing,
    applicable,
    corporate_number,
)
from jpki.apps.procurement.service import TENDERS, ProcurementSite
from jpki.clock import ManualClock, today_in_japan
from jpki.profile.four_info import FourInfo, Sex
from tests.apps.people_platform import ORIGIN, FakePlatform, context, signed
from tests.holders import START

NUMBER = "9234567890123"  # check digit 9
PEOPLE = {
    "boss": FourInfo("代表\u3000太郎", "東京都千代田区1", dt.date(1960, 1, 2), Sex.MALE),
    "clerk": FourInfo("社員\u3000花子", "東京都港区2", dt.date(1990, 3, 4), Sex.FEMALE),
    "other": FourInfo("他人\u3000次郎", "東京都港区3", dt.date(1985, 5, 6), Sex.MALE),
}
GOODS, CONSTRUCTION = TENDERS[0], TENDERS[2]


@pytest.fixture
def world(tmp_path):
    platform = FakePlatform(ManualClock(START), PEOPLE)
    site = ProcurementSite(context(tmp_path, platform))
    number = corporate_number(NUMBER)
    site.register(
        number, "デモ建設", signed("boss"), site.registration_document(number, "デモ建設")
    )
    return platform, site


def delegation(site, days=30, scope=("goods",), delegate="clerk", birth=None):
    today = today_in_japan(site.context.clock)
    info = PEOPLE[delegate]
    return DelegationTerms.checked(
        site.new_id(), (NUMBER, "デモ建設", PEOPLE["boss"].name),
        (info.name.replace("\u3000", " "), birth or info.birth_date, "主任"), scope,
        (today, today + dt.timedelta(days=days)),
    )  # fmt: skip


def test_a_delegates_bid_in_scope_is_accepted_and_names_the_delegation(world):
    _platform, site = world
    row = site.delegate(delegation(site), signed("boss"))
    bid = site.bid(GOODS, NUMBER, 1000, signed("clerk"))
    assert (bid.accepted, bid.reason, bid.delegation) == (True, "delegated", row.id)
    assert site.bid(GOODS, NUMBER, 1000, signed("boss")).reason == "representative"


def test_each_refusal_says_why(world):
    platform, site = world
    assert site.bid(GOODS, NUMBER, 1, signed("clerk")).reason == "no-delegation"
    row = site.delegate(delegation(site, days=10), signed("boss"))
    assert site.bid(CONSTRUCTION, NUMBER, 1, signed("clerk")).reason == "out-of-scope"
    assert site.bid(GOODS, NUMBER, 1, signed("other")).reason == "no-delegation"
    platform.clock.advance(dt.timedelta(days=11))
    assert site.bid(GOODS, NUMBER, 1, signed("clerk")).reason == "delegation-expired"
    site.revoke(row.id, signed("boss"))
    assert site.bid(GOODS, NUMBER, 1, signed("clerk")).reason == "delegation-revoked"
    assert not any(b.accepted for b in site.bids())


def test_a_delegation_falls_with_the_representatives_certificate(world):
    platform, site = world
    site.delegate(delegation(site), signed("boss"))
    assert site.bid(GOODS, NUMBER, 1, signed("clerk")).accepted
    platform.revoke("boss")
    bid = site.bid(GOODS, NUMBER, 1, signed("clerk"))
    assert (bid.accepted, bid.reason) == (False, "representative-revoked")


def test_only_the_representative_signs_or_revokes_a_delegation(world):
    platform, site = world
    with pytest.raises(CardRefusal, match="not-the-representative"):
        site.delegate(delegation(site, delegate="clerk"), signed("clerk"))  # self-delegation
    row = site.delegate(delegation(site), signed("boss"))
    with pytest.raises(CardRefusal, match="not-the-representative"):
        site.revoke(row.id, signed("other"))
    platform.revoke("boss")
    with pytest.raises(CardRefusal, match="signature-rejected"):  # not valid at signing
        site.delegate(delegation(site), signed("boss"))


def test_a_delegation_for_another_birth_date_does_not_cover_a_namesake(world):
    _platform, site = world
    site.delegate(delegation(site, birth=dt.date(1991, 1, 1)), signed("boss"))
    assert site.bid(GOODS, NUMBER, 1, signed("clerk")).reason == "no-delegation"


def terms(scope, start, end):
    return DelegationTerms("D000000001", NUMBER, "c", "r", "社員 花子", dt.date(1990, 3, 4),
                           "", frozenset(scope), start, end)  # fmt: skip


@given(
    scope=st.sets(st.sampled_from(list(Category))),
    category=st.sampled_from(list(Category)),
    start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    length=st.integers(0, 400),
    day=st.dates(dt.date(2019, 1, 1), dt.date(2032, 1, 1)),
    revoked=st.booleans(),
)
def test_a_bid_is_delegated_exactly_when_an_unrevoked_delegation_covers_it(
    scope, category, start, length, day, revoked
):
    delegation = terms(scope, start, start + dt.timedelta(days=length))
    reason, found = applicable([Standing(delegation, revoked)], PEOPLE["clerk"], category, day)
    assert (reason is Reason.DELEGATED) == (not revoked and delegation.covers(category, day))
    assert bool(found) == (reason is Reason.DELEGATED)
    assert (
        applicable([Standing(delegation, revoked)], PEOPLE["other"], category, day)[0]
        is Reason.NO_DELEGATION
    )


@given(
    scope=st.lists(st.text(max_size=12), max_size=4),
    name=st.text(max_size=80),
    title=st.text(max_size=80),
    start=st.dates(),
    end=st.dates(),
)
def test_terms_from_any_form_are_checked_terms_or_a_refusal(scope, name, title, start, end):
    try:
        checked = DelegationTerms.checked(
            "D1", ("n", "c", "r"), (name, dt.date(1990, 1, 1), title), scope, (start, end)
        )
    except CardRefusal:
        return
    assert checked.scope
    assert checked.valid_from <= checked.valid_until
    assert checked.delegate_name
    assert checked.document().decode()


@given(number=st.text(max_size=20))
def test_a_corporate_number_is_checked_or_refused(number):
    with contextlib.suppress(CardRefusal):
        assert len(corporate_number(number)) == 13


@pytest.mark.parametrize(
    ("path", "form", "status"),
    [
        ("/bids", {"tender": "T2026-001", "number": NUMBER, "amount": "many"}, 422),
        ("/bids", {"tender": "nowhere", "number": NUMBER, "amount": "5"}, 400),
        ("/bids", {"tender": "T2026-001", "number": "1234567890123", "amount": "5"}, 400),
        ("/bids", {"tender": "T2026-001", "number": NUMBER, "amount": "-5"}, 422),
        ("/bids", {"tender": "T2026-001", "number": NUMBER, "amount": str(10**30)}, 422),
        ("/companies", {"name": " ", "number": NUMBER}, 400),
        ("/companies", {"name": "x" * 300, "number": NUMBER}, 422),
        (
            "/delegations",
            {
                "number": NUMBER,
                "delegate_name": "a",
                "delegate_birth_date": "1990-13-01",
                "valid_from": "2026-01-01",
                "valid_until": "2026-02-01",
                "scope": "goods",
            },
            400,
        ),
        (
            "/delegations",
            {
                "number": NUMBER,
                "delegate_name": "a",
                "delegate_birth_date": "1990-01-01",
                "valid_from": "2026-01-01",
                "valid_until": "2026-02-01",
                "scope": "ships",
            },
            400,
        ),
        (
            "/delegations",
            {
                "number": NUMBER,
                "delegate_name": "a",
                "delegate_birth_date": "1990-01-01",
                "valid_from": "2027-01-01",
                "valid_until": "2026-02-01",
                "scope": "goods",
            },
            400,
        ),
        ("/delegations", {"number": NUMBER}, 422),
        ("/delegations/D000000001/revoke", {}, 400),
        ("/delegations/../revoke", {}, 404),
        ("/delegations/nothing/revoke", {}, 422),
    ],
)
def test_bad_input_is_a_4xx_never_a_500(world, path, form, status):
    _platform, site = world
    client = TestClient(build_procurement_app(site.context), base_url=ORIGIN)
    reply = client.post(path, data=form, headers={"Origin": ORIGIN})
    assert reply.status_code == status, reply.text
    assert client.get("/?lang=ja").status_code == 200
