"""The businesses' minimal hooks of the death one-stop (死亡・相続ワンストップ): a signed death
notification freezes the bank account and opens the insurer's claim only when it carries the
holder's advance request; otherwise they only record the death. Redeliveries apply once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import httpx
import pytest

from jpki.apps.bank.models import AccountRow
from jpki.apps.bank.service import Bank
from jpki.apps.insurer.models import PolicyRow
from jpki.apps.insurer.service import CLAIM_OPENED, Insurer
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.clock import ManualClock
from jpki.protocol.death_onestop import NOTICE_FIELD
from tests.holders import START

SECRET = "ab" * 32
ASKED = {"registrar": "死亡・相続ワンストップ / Death one-stop", "registered_at": START.isoformat()}


@pytest.fixture
def context(tmp_path):
    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.sqlite3'}")
    database.migrate()
    nowhere = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    (tmp_path / "webhook-secret").write_text(SECRET)
    yield ServiceContext(
        origin="http://sp.test", wallet_url="http://wallet.test",
        platform=PlatformApi("http://platform.test", "key", nowhere), database=database,
        clock=ManualClock(START), session_secret="s" * 32, folder=tmp_path,
    )  # fmt: skip
    database.dispose()


def delivery(event_id: str, reference: str, situation: str, asked: bool) -> tuple[dict, bytes]:
    data = {"reference": reference, "situation": situation, "previous": "alive-unchanged"}
    if asked:
        data[NOTICE_FIELD] = ASKED
    body = json.dumps({"id": event_id, "type": "customer.situation-changed", "data": data}).encode()
    timestamp = str(int(START.timestamp()))
    mac = hmac.new(bytes.fromhex(SECRET), timestamp.encode() + b"." + body, hashlib.sha256)
    headers = {"x-jpki-webhook-timestamp": timestamp, "x-jpki-webhook-signature": f"v1={mac.hexdigest()}"}  # fmt: skip
    return headers, body


def account(number: str) -> AccountRow:
    return AccountRow(
        number=number, kind="savings", name="山田\u3000太郎", address="東京都千代田区",
        birth_date=dt.date(1980, 5, 17), sex="1", foreign_resident=False, user_id="u" + number,
        opened_at=START, receipt="r",
    )  # fmt: skip


def test_the_bank_freezes_only_the_account_whose_holder_asked(context):
    bank = Bank(context)
    with context.database.transaction() as session:
        session.add_all([account("1111111"), account("2222222")])
    assert bank.notified(*delivery("e1", "1111111", "died", asked=True)) is True
    assert bank.notified(*delivery("e1", "1111111", "died", asked=True)) is False  # redelivery
    assert bank.notified(*delivery("e2", "2222222", "died-or-emigrated", asked=False)) is True
    assert bank.notified(*delivery("e3", "2222222", "details-changed", asked=True)) is False
    assert bank.notified(*delivery("e4", "9999999", "died", asked=True)) is False  # not ours
    assert bank.frozen("1111111") is True
    assert bank.frozen("2222222") is False
    assert [row.account for row, _ in bank.death_notices()] == ["1111111", "2222222"]


def test_the_insurer_opens_the_claim_only_when_asked_and_keeps_it_open(context):
    insurer = Insurer(context)
    with context.database.transaction() as session:
        for number in ("P1", "P2"):
            session.add(
                PolicyRow(
                    number=number, name="n", address="a", birth_date=None,
                    situation="alive-unchanged", situation_at=START, enrolled_at=START, receipt="r",
                )
            )  # fmt: skip
    insurer.notified(*delivery("e1", "P1", "died", asked=True))
    insurer.notified(*delivery("e2", "P2", "died", asked=False))
    insurer.notified(*delivery("e3", "P1", "renewed", asked=False))  # a later change: kept
    situations = {p.number: p.situation for p in insurer.policies()}
    assert situations == {"P1": CLAIM_OPENED, "P2": "died"}


def test_a_malformed_request_in_a_signed_notification_is_a_refusal(context):
    bank = Bank(context)
    with context.database.transaction() as session:
        session.add(account("1111111"))
    headers, body = delivery("e1", "1111111", "died", asked=True)
    forged = body.replace(b'"registrar"', b'"registrar_"')
    timestamp = headers["x-jpki-webhook-timestamp"]
    mac = hmac.new(bytes.fromhex(SECRET), timestamp.encode() + b"." + forged, hashlib.sha256)
    headers["x-jpki-webhook-signature"] = f"v1={mac.hexdigest()}"
    with pytest.raises(CardRefusal, match="malformed"):
        bank.notified(headers, forged)
    assert bank.frozen("1111111") is False


def test_the_kiosk_refuses_an_emigrants_resident_record_instead_of_failing(context, monkeypatch):
    """An emigrant who kept the card signs with the marker as address (jpki.profile.overseas):
    there is no resident record to copy, and the kiosk says so (not a 500)."""
    from jpki.apps.kiosk.service import Kiosk
    from jpki.profile.four_info import FourInfo, Sex
    from jpki.profile.overseas import OVERSEAS_ADDRESS

    kiosk = Kiosk(context)
    emigrant = FourInfo("山田\u3000太郎", OVERSEAS_ADDRESS, dt.date(1980, 5, 17), Sex.MALE)
    monkeypatch.setattr(kiosk, "_verified", lambda cms, document: (emigrant, "r"))
    with pytest.raises(CardRefusal, match="国外転出者"):
        kiosk.issue_record("cms", "kiosk-1", b"application")
