"""Mynaportal's disclosure log: the network's provision records merged with the other parties'
answers, newest first, filtered and downloaded; a withheld (不開示) record appears only once its
hold ended; another holder's records never appear."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from fastapi.testclient import TestClient

from jpki.mynumber.disclosures import LogFilter, as_csv
from jpki.mynumber.portal.app import build_portal_app
from jpki.mynumber.portal.service import PROVIDER, Portal, Visitor
from jpki.protocol.disclosures import Disclosure, Kind, Party, VerifiedHolder
from jpki.verifier.challenge import decode_nonce
from jpki.verifier.setup import build_verifier
from tests.holders import make_holder
from tests.mynumber.agencies import RESIDENT
from tests.platform.helpers import BANK, INSURER, answer_login

PORTAL = "http://127.0.0.1:8300"


class Register:
    def move(self, resident_code: str, new_address: str) -> None:
        raise AssertionError("not in this test")


def portal_for(network, authority, clock, sources=()):  # type: ignore[no-untyped-def]
    authority.publish_crls()
    crls = authority.settings.crl_dir
    setup = build_verifier(clock, [authority.settings.roots_dir], crls=[crls / "auth.crl"])

    def identify(serial: int) -> str | None:
        return authority.certificate(serial).resident_id

    return Portal(network, setup.validator, network.clock, PORTAL, identify, Register(), sources)


def visitor(resident: str, holder) -> Visitor:  # type: ignore[no-untyped-def]
    return Visitor(resident, VerifiedHolder(certificate=holder.auth.der, serial=holder.auth.serial))


def test_a_withheld_provision_appears_once_its_hold_ends(network, authority, clock):
    portal = portal_for(network, authority, clock)
    me = visitor(RESIDENT, make_holder(authority))
    network.request(
        "insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-77", ["resident-tax"]
    )
    network.request(
        "insurer-kyokai", "fraud-investigation", "city-chiyoda", "H-77", ["resident-tax"]
    )
    shown = portal.disclosures(me)
    assert [d.purpose.split(" / ")[0] for d in shown] == ["健康保険の被扶養者認定"]
    assert shown[0].party is Party.NETWORK
    assert shown[0].recipient == "全国健康保険協会"

    network.clock.advance(dt.timedelta(days=364))
    assert len(portal.disclosures(me)) == 1  # still held
    network.clock.advance(dt.timedelta(days=2))
    later = portal.disclosures(me)
    assert [d.purpose.split(" / ")[0] for d in later] == [
        "不正受給の調査",
        "健康保険の被扶養者認定",
    ]
    assert later[0].held_until is not None


def test_the_log_merges_parties_filters_and_keeps_to_the_holder(network, world, authority, clock):
    platform, api, keys, _ = world
    taro, other = make_holder(authority), make_holder(authority)
    answer_login(api, keys[BANK], BANK, taro.auth_key, taro.auth.der)
    answer_login(api, keys[INSURER], INSURER, other.auth_key, other.auth.der)
    portal = portal_for(network, authority, clock, [platform.disclosures])
    network.request(
        "insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-77", ["resident-tax"]
    )
    mine = visitor(RESIDENT, taro)

    assert {d.party for d in portal.disclosures(mine)} == {Party.NETWORK, Party.PLATFORM}
    only_platform = portal.disclosures(mine, LogFilter(party=Party.PLATFORM))
    assert [(d.kind, d.recipient_id) for d in only_platform] == [(Kind.LOGIN, BANK)]
    assert portal.disclosures(mine, LogFilter(recipient="協会"))[0].kind is Kind.PROVISION
    assert portal.disclosures(mine, LogFilter(kind=Kind.STATUS_CHECK)) == []
    day = clock.now().date()
    assert portal.disclosures(mine, LogFilter(until=day - dt.timedelta(days=1))) == []
    theirs = portal.disclosures(visitor("R-other", other), LogFilter(party=Party.PLATFORM))
    assert [d.recipient_id for d in theirs] == [INSURER]


def log_in(web, holder):  # type: ignore[no-untyped-def]
    page = web.get("/")
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    asked = web.get(f"/wallet/v1/logins/{login_id}").json()["challenge"]
    from jpki.profile.challenge import authentication_digest

    digest = authentication_digest(PROVIDER, PORTAL, decode_nonce(asked["nonce"]))
    signature = holder.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    answered = web.post(f"/wallet/v1/logins/{login_id}", json={
        "certificate": base64.b64encode(holder.auth.der).decode(),
        "signature": base64.b64encode(signature).decode(),
    })  # fmt: skip
    assert answered.status_code == 200, answered.text
    assert web.get(f"/login/{login_id}/continue", follow_redirects=False).status_code == 303


def test_the_page_and_downloads_show_the_holders_log(network, world, authority, clock):
    platform, api, keys, _ = world
    taro = make_holder(authority)
    network.numbering.adopt(taro.resident.id, taro.resident.my_number)
    answer_login(api, keys[BANK], BANK, taro.auth_key, taro.auth.der)
    web = TestClient(
        build_portal_app(portal_for(network, authority, clock, [platform.disclosures]), "http://w"),
        base_url=PORTAL,
    )
    assert web.get("/disclosures.json", follow_redirects=False).status_code == 303  # log in first
    log_in(web, taro)

    page = web.get("/", params={"lang": "en"})
    assert 'data-kind="login"' in page.text
    assert "JST" in page.text
    assert "bank" in web.get("/", params={"party": "platform"}).text
    assert web.get("/", params={"since": "yesterday"}).status_code == 400
    downloaded = web.get("/disclosures.json", params={"party": "platform"})
    assert downloaded.headers["content-disposition"] == 'attachment; filename="disclosures.json"'
    (record,) = json.loads(downloaded.content)["disclosures"]
    assert record["recipient_id"] == BANK
    assert record["at"].endswith("+09:00")
    rows = list(
        csv.reader(io.StringIO(web.get("/disclosures.csv?lang=ja").content.decode("utf-8-sig")))
    )
    assert rows[0][0] == "at_jst"
    assert rows[1][1] == "署名検証プラットフォーム"
    assert rows[1][4] == "ログイン結果"
    assert rows[1][0].endswith("JST")
    assert taro.resident.my_number not in page.text
    assert web.get("/", params={"lang": "ja"}).text.count('data-testid="record"') == 1


def test_a_recipient_named_like_a_formula_stays_text_in_the_csv(clock):
    named = Disclosure(
        party=Party.IDP, recipient='=HYPERLINK("http://evil.example","x")', recipient_id="-rp",
        kind=Kind.CLAIMS, items=("sub",), at=clock.now(),
    )  # fmt: skip
    (_, row) = csv.reader(io.StringIO(as_csv([named], "en").decode("utf-8-sig")))
    assert row[2] == '\'=HYPERLINK("http://evil.example","x")'
    assert row[3] == "'-rp"
