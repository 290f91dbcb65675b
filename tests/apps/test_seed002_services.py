"""The rules of the recycling box, the auction's seller checks, the information bank's
consents and the venue's entry check, each against a faked platform (tests/apps/fake_platform.py)
and the test clock; the browser tests (tests/e2e/test_app_*_browser.py) run them in `jpki up`."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.auction.service import AuctionService
from jpki.apps.infobank.service import InformationBank
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.recycling.service import RecyclingService
from jpki.apps.venue import rules
from jpki.apps.venue.service import Venue, declaration
from jpki.profile.status import Situation
from jpki.protocol.levels import Level
from tests.apps.fake_platform import CARD, Holder, fake_context
from tests.holders import START

CHALLENGE = {"nonce": "n" * 43, "provider": "demo", "origin": "http://service.test"}


def test_the_box_credits_a_registered_card_and_refuses_revoked_or_unknown_ones(tmp_path):
    context, platform = fake_context(tmp_path, START)
    service = RecyclingService(context)
    account = service.register("cms")
    assert service.register("cms") == account  # one account per holder
    assert service.returned(CHALLENGE, CARD, "tv", "box-1").points == 200
    platform.accepted = False
    assert service.returned(CHALLENGE, CARD, "fridge", "box-1").refused == "why_card"
    platform.accepted, platform.holder = True, Holder("u-2")
    assert service.returned(CHALLENGE, CARD, "tv", "box-1").refused == "why_unregistered"
    platform.holder = Holder("u-1")
    with pytest.raises(CardRefusal, match="PIN"):
        service.log_in(CHALLENGE, CARD)  # a PIN-less touch never opens the balance
    platform.assurance = Level.PIN
    row, returns = service.account(service.log_in(CHALLENGE, CARD))
    assert row.points == 200
    assert [r.appliance for r in returns] == ["tv"]


def test_an_auction_seller_is_stopped_by_the_status_check_and_by_a_notification(tmp_path):
    context, platform = fake_context(tmp_path, START)
    auction = AuctionService(context)
    auction.register("cms", "shop")
    platform.assurance = Level.PINLESS
    with pytest.raises(CardRefusal, match="PIN"):
        auction.list_item(CHALLENGE, CARD, "Camera", 1000)
    platform.assurance = Level.PIN
    assert auction.list_item(CHALLENGE, CARD, "Camera", 1000).seller == "shop"
    platform.situation = Situation.CARD_LOST
    with pytest.raises(CardRefusal, match="card-lost"):
        auction.list_item(CHALLENGE, CARD, "Lens", 500)
    assert auction.listings() == []  # the stopped seller's items leave the sale
    assert [s.stopped for s in auction.stopped_sellers()] == ["card-lost"]
    platform.situation = Situation.ALIVE_UNCHANGED
    with pytest.raises(CardRefusal, match="stopped"):
        auction.list_item(CHALLENGE, CARD, "Lens", 500)
    auction.register("cms", "shop again")  # a seller registers anew after a stop
    assert auction.list_item(CHALLENGE, CARD, "Lens", 500).seller == "shop again"


def test_an_auction_notification_stops_the_seller_it_names(tmp_path):
    import hashlib
    import hmac
    import json

    context, platform = fake_context(tmp_path, START)
    auction = AuctionService(context)
    auction.register("cms", "shop")
    reference = next(iter(platform.links))
    secret = "ab" * 32
    (tmp_path / "webhook-secret").write_text(secret)

    def deliver(data: dict) -> bool:
        body = json.dumps({"id": "e1", "data": data}).encode()
        stamp = str(int(START.timestamp()))
        mac = hmac.new(bytes.fromhex(secret), stamp.encode() + b"." + body, hashlib.sha256)
        headers = {
            "x-jpki-webhook-timestamp": stamp, "x-jpki-webhook-signature": f"v1={mac.hexdigest()}",
        }  # fmt: skip
        return auction.notified(headers, body)

    assert not deliver({"reference": reference, "situation": "details-changed"})
    with pytest.raises(CardRefusal):
        deliver({"reference": reference, "situation": "nonsense"})
    assert deliver({"reference": reference, "situation": "died"})
    assert not deliver({"reference": reference, "situation": "died"})  # once
    assert [s.stopped for s in auction.stopped_sellers()] == ["died"]


def test_the_bank_gives_data_only_under_the_drivers_own_consent_in_force(tmp_path):
    context, platform = fake_context(tmp_path, START)
    bank = InformationBank(context)
    driver = bank.register("cms")
    bank.deposit(driver, 30, 2, 1, True)
    terms = bank.propose("insurer", ["braking", "distance"], 7)
    assert terms["items"] == ["distance", "braking"]  # in the bank's order
    platform.holder = Holder("u-2")
    with pytest.raises(CardRefusal, match="driver"):
        bank.consent(driver, "cms", terms)  # signed by someone else
    platform.holder = Holder("u-1")
    consent = bank.consent(driver, "cms", terms)
    token = bank.consents_for("insurer")[0][0].token
    assert bank.disclose("insurer", token).values == {"distance": 30, "braking": 2}
    with pytest.raises(CardRefusal):
        bank.disclose("carshare", token)  # named in no consent to the car-sharing company
    context.clock.advance(dt.timedelta(days=7))
    with pytest.raises(CardRefusal, match="not in force"):
        bank.disclose("insurer", token)
    context.clock.advance(dt.timedelta(days=-1))
    bank.withdraw(driver, consent)
    with pytest.raises(CardRefusal, match="withdrew"):
        bank.disclose("insurer", token)
    assert len(bank.account(driver)[2]) == 1  # the one disclosure, shown to the driver
    for recipient, items, days in (("nobody", ["distance"], 7), ("insurer", ["eyes"], 7),
                                   ("insurer", [], 7), ("insurer", ["distance"], 0)):  # fmt: skip
        with pytest.raises(CardRefusal):
            bank.propose(recipient, items, days)


def test_the_gate_counts_visits_and_refuses_the_excluded_and_the_young(tmp_path):
    context, platform = fake_context(tmp_path, START)
    venue = Venue(context)
    venue.register("cms", venue.consent())
    answers = []
    for hours in (0, 1, 24, 48, 72):  # the second entry is within the first visit's 24 hours
        context.clock.set(START + dt.timedelta(hours=hours))
        answers.append(venue.check(CHALLENGE, CARD))
    assert [a.outcome for a in answers] == ["allowed"] * 4 + ["limit"]
    assert {a.visitor for a in answers[:4]} == {"u-1"}
    assert answers[4].visitor is None
    context.clock.set(START + dt.timedelta(days=7))
    assert venue.check(CHALLENGE, CARD).allowed  # the first day left the 7 days
    until = venue.until_for(6)
    assert venue.exclude("cms", declaration(until), until) == until
    assert venue.exclude("cms", declaration(START.date()), START.date()) == until  # not shorter
    assert venue.check(CHALLENGE, CARD).outcome == "excluded"

    platform.holder = Holder("u-young", birth_date=dt.date(2008, 1, 1))
    venue.register("cms", venue.consent())
    assert venue.check(CHALLENGE, CARD).outcome == "under-age"
    platform.holder = Holder("u-never")
    assert venue.check(CHALLENGE, CARD).outcome == "not-registered"
    platform.accepted = False
    assert venue.check(CHALLENGE, CARD).outcome == "card-refused"
    assert venue.statistics()["visits"] == 4


@given(st.lists(st.integers(min_value=0, max_value=120), max_size=60))
def test_admitting_by_the_rule_never_exceeds_a_limit_in_any_window(days):
    start = dt.date(2026, 1, 1)
    counted: list[dt.date] = []
    for offset in sorted(set(days)):
        today = start + dt.timedelta(days=offset)
        if not rules.over_limit(counted, today):
            counted.append(today)
    for window, limit in rules.VISIT_LIMITS:
        for day in counted:
            inside = [d for d in counted if day <= d < day + dt.timedelta(days=window)]
            assert len(inside) <= limit


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.sampled_from(rules.EXCLUSION_MONTHS))  # fmt: skip
def test_an_exclusion_ends_months_later_on_the_same_day_or_the_months_last(day, months):
    end = rules.months_later(day, months)
    assert (end.year * 12 + end.month) - (day.year * 12 + day.month) == months
    assert end.day == day.day or (end.day < day.day and (end + dt.timedelta(days=1)).day == 1)


def test_the_limits_read_from_the_one_table_in_both_languages():
    words = rules.limits_in_words()
    assert words["en"] == "3 in 7 days or 10 in 28 days"
    assert words["ja"] == "7日間で3回または28日間で10回"
