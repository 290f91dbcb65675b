"""The wallet on a phone (スマホ用電子証明書): the "issue from my card" screen runs the issuance with
the holder's card, checks what was typed before the card sees it, reports the card's tries and
J-LIS's refusals in place; the new phone is listed and answers logins with its own keys and PIN."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from html.parser import HTMLParser
from pathlib import Path

import httpx
from cryptography import x509
from fastapi.testclient import TestClient

from jpki.authority.phone import PhoneRefused
from jpki.authority.service import Authority
from jpki.card.os import Card
from jpki.client.readers import InProcessReader, Reader
from jpki.clock import ManualClock
from jpki.profile.medium import Medium
from jpki.protocol.levels import Level
from jpki.protocol.wallet import Challenge, LoginRequest, RelyingParty
from jpki.wallet.app import WalletConfig, build_wallet_app
from jpki.wallet.cards import CardEntry, ListedCards, PhoneNotIssued
from jpki.world.phones import SecureElements, issue_from_card
from tests.e2e.readable import problems
from tests.holders import SIGN_PASSWORD, START

SERVICE, WALLET = "http://127.0.0.1:8401", "http://testserver"
TARGET = f"{SERVICE}/wallet/v1/logins/abc"
PHONE_PIN, PHONE_PASSWORD = "2468", "MYPHONE1"


class Issuer:
    """The composition root's part, as `jpki up` wires it: the secure element and J-LIS."""

    def __init__(self, authority: Authority, phones: SecureElements, cards: ListedCards) -> None:
        self.authority, self.phones, self.cards = authority, phones, cards

    def issue(
        self, card_id: str, card: Reader, *, sign_password: str, pin: str, password: str
    ) -> CardEntry:
        resident = self.authority.residents()[0].id
        try:
            issue_from_card(
                self.phones, self.authority.issue_phone, card, resident_id=resident,
                sign_password=sign_password, phone_pin=pin, phone_password=password,
                now=self.authority.clock.now(),
            )  # fmt: skip
        except PhoneRefused as refused:
            raise PhoneNotIssued(refused.code.value, str(refused)) from refused
        entry = CardEntry("taro-phone", "Taro", medium=Medium.PHONE)
        self.cards.add(entry)
        return entry


def login_request() -> LoginRequest:
    return LoginRequest.asking(
        "abc", RelyingParty(name="Bank", uri=SERVICE), Level.PIN, [Level.PIN],
        Challenge(nonce="n" * 43, provider="demo-bank", origin=SERVICE),
        state="pending", expires_at=START + dt.timedelta(minutes=5),
    )  # fmt: skip


def wallet_for(authority, personalised, tmp_path: Path):  # type: ignore[no-untyped-def]
    store, _ = personalised
    phones = SecureElements(tmp_path / "phones")
    posted: list[httpx.Request] = []

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posted.append(request)
            return httpx.Response(200, json={"state": "done"})
        return httpx.Response(200, json=login_request().to_json())

    def opener(card_id: str) -> Reader:
        if card_id == "taro-phone":
            return InProcessReader(Card(phones.open(authority.residents()[0].id)))
        return InProcessReader(Card(store))

    cards = ListedCards([CardEntry("taro", "Taro")], opener)
    config = WalletConfig(
        [SERVICE], cards, ManualClock(START), WALLET, phones=Issuer(authority, phones, cards)
    )
    client = httpx.Client(transport=httpx.MockTransport(service))
    return TestClient(build_wallet_app(config, client), base_url=WALLET), posted, store


def issue(wallet, **form):  # type: ignore[no-untyped-def]
    body = {
        "card": "taro",
        "sign_password": SIGN_PASSWORD,
        "phone_pin": PHONE_PIN,
        "phone_password": PHONE_PASSWORD,
    }
    return wallet.post("/phone", data=body | form)


def test_issue_from_my_card_then_log_in_with_the_phone(authority, personalised, tmp_path):  # type: ignore[no-untyped-def]
    wallet, posted, store = wallet_for(authority, personalised, tmp_path)
    screen = wallet.get("/phone")
    assert screen.status_code == 200
    assert 'data-testid="phone-pin"' in screen.text
    for form, words in (
        ({"phone_pin": "12"}, "The phone's PIN is 4 digits"),
        ({"phone_password": "abc"}, "The phone's signing password is 6 to 16"),
        ({"sign_password": "X"}, "The signing password is 6 to 16"),
    ):
        shown = issue(wallet, **form)
        assert shown.status_code == 400
        assert words in html.unescape(shown.text)
    assert store.current().pins["sign"].tries_left == 5  # nothing reached the card
    wrong = issue(wallet, sign_password="WRONG1PASS")
    assert wrong.status_code == 403
    assert 'data-testid="tries-left">4<' in wrong.text
    done = issue(wallet)
    assert done.status_code == 200, done.text
    assert "Issued." in done.text
    again = issue(wallet)
    assert again.status_code == 409
    assert "another phone already holds" in html.unescape(again.text)
    assert "phone" in wallet.get("/").text
    answered = wallet.post(
        "/request",
        data={"target": TARGET, "card": "taro-phone", "decision": "approve", "pin": PHONE_PIN},
    )
    assert answered.status_code == 200, answered.text
    body = json.loads(posted[-1].content)
    certificate = x509.load_der_x509_certificate(base64.b64decode(body["certificate"]))
    phone = authority.phones_of(authority.residents()[0].id)[0]
    on_phone = [c for c in authority.certificates_of(phone.resident_id) if c.card_id == phone.id]
    assert certificate.serial_number in {c.serial for c in on_phone}


class _Visible(HTMLParser):
    """The Japanese text a reader sees, without `translate="no"` (names), `lang="en"`, `<code>`
    or scripts: what tests/e2e/readable.py judges in the browser, read from the HTML here."""

    def __init__(self) -> None:
        super().__init__()
        self.skipping: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marked = ("translate", "no") in attrs or ("lang", "en") in attrs  # a name; English
        skipped = self.skipping or marked or tag in ("code", "script", "style")
        if skipped and tag not in ("input", "br", "meta", "link"):
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return " ".join(parser.text)


def test_the_phone_screens_read_in_japanese(authority, personalised, tmp_path):  # type: ignore[no-untyped-def]
    wallet, _, _ = wallet_for(authority, personalised, tmp_path)
    pages = [
        wallet.get("/phone?lang=ja"),
        issue(wallet, phone_pin="1"),
        issue(wallet, sign_password="WRONG1PASS"),
        issue(wallet),
        issue(wallet),  # refused: a phone is in use
        wallet.get("/"),
        wallet.get("/phone"),
    ]
    for shown in pages:
        assert 'lang="ja"' in shown.text
        assert problems(visible(shown.text), "ja") == [], visible(shown.text)
