"""Clinic reception through `jpki up`: a card linked to an insured number in Chromium, the
reception check with its reception processing number and evidence; then an offline terminal
that checks the same card from its cached list through an outage and reconciles afterwards."""

from __future__ import annotations

import json

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.apps.clinic.terminal import OfflineTerminal, TerminalOffline
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.clock import SystemClock
from jpki.profile.purpose import CertificatePurpose
from tests.e2e.browser import approve_in_wallet
from tests.e2e.service_steps import clinic_reception as reception


def test_link_then_check_at_reception_and_offline(up_world, browser_page, tmp_path):
    clinic, page = up_world.url("clinic"), browser_page
    patient, stranger = up_world.adults()[4], up_world.adults()[5]
    page.goto(f"{clinic}/")
    page.get_by_test_id("link").click()
    approve_in_wallet(page, patient, sign_password=patient["sign_password"])
    insured = page.get_by_test_id("insured-number").inner_text()
    assert insured.startswith("01130012-")

    assert "Qualification confirmed" in reception(page, clinic, patient)
    assert page.get_by_test_id("insured-number").inner_text() == insured
    assert page.get_by_test_id("name").inner_text() == patient["name"]
    number = page.get_by_test_id("reception-number").inner_text()
    evidence = page.get_by_test_id("evidence").first.inner_text()
    assert number in evidence
    assert "1312345678/desk-1" in evidence
    assert insured in evidence

    said = reception(page, clinic, stranger, method="pinless")
    assert "not registered as a health insurance card" in said  # in words, not the code
    assert page.get_by_test_id("outcome-code").inner_text() == "not-linked"
    assert "not-linked" in page.get_by_test_id("evidence").first.inner_text()

    offline_terminal(up_world, clinic, patient, stranger, tmp_path)


def card_token(up_world, resident):
    store = ImageStore.open(up_world.directory / "cards" / f"{resident['id']}.card")
    return JpkiToken(InProcessReader(Card(store)))


def offline_terminal(up_world, clinic, patient, stranger, folder):
    token = (up_world.directory / "apps" / "clinic" / "terminal-token").read_text().strip()
    roots = x509.load_pem_x509_certificates(
        (up_world.directory / "roots" / "auth-ca.pem").read_bytes()
    )
    online = OfflineTerminal(clinic, token, "desk-9", roots, folder, SystemClock())
    cache = online.refresh()
    assert len(cache["allow"]) == 1
    assert not cache["revoked"]

    outage = OfflineTerminal("http://127.0.0.1:9", token, "desk-9", roots, folder, SystemClock())
    with pytest.raises(TerminalOffline):
        outage.refresh()

    def touch(resident):
        card = card_token(up_world, resident)
        card.verify(CertificatePurpose.AUTH, resident["auth_pin"])
        nonce = outage.challenge()
        der = card.certificate(CertificatePurpose.AUTH).public_bytes(Encoding.DER)
        return outage.check(
            nonce, der, card.sign_digest(CertificatePurpose.AUTH, "sha256", outage.digest(nonce))
        ), der

    checked, der = touch(patient)
    assert checked["outcome"] == "qualified"
    assert checked["insured"]["name"] == patient["name"]
    assert touch(stranger)[0]["outcome"] == "unknown-card"
    nonce = outage.challenge()
    assert outage.check(nonce, der, b"\x00" * 256)["outcome"] == "bad-signature"
    with pytest.raises(TerminalOffline):
        outage.reconcile()
    assert len(outage.pending()) == 1  # nothing lost through the outage

    settled = online.reconcile()
    assert settled[0]["local_number"] == checked["local_number"]
    assert settled[0]["reconciled"] == "confirmed"
    assert online.pending() == []
    page_text = httpx.get(f"{clinic}/").text
    assert settled[0]["reception_number"] in page_text
    assert "offline: confirmed" in page_text  # in words (the page is in English)

    cached = json.loads((folder / "cache.json").read_text())
    cached["revoked"] = list(cached["allow"])
    (folder / "cache.json").write_text(json.dumps(cached))
    assert touch(patient)[0]["outcome"] == "revoked"


def test_terminal_api_needs_the_token_and_refuses_bad_batches(up_world):
    clinic = up_world.url("clinic")
    token = (up_world.directory / "apps" / "clinic" / "terminal-token").read_text().strip()
    with httpx.Client() as client:
        assert client.get(f"{clinic}/api/offline-cache").status_code == 401
        auth = {"Authorization": f"Bearer {token}"}
        bad = {"terminal": "x", "checks": [{"local_number": "1", "at": "2026-01-01T00:00:00",
                                            "card_key": "00" * 32, "outcome": "qualified"}]}  # fmt: skip
        assert (
            client.post(f"{clinic}/api/offline-checks", json=bad, headers=auth).status_code == 422
        )
        assert (
            client.post(f"{clinic}/api/reception/check", json={}, headers=auth).status_code == 422
        )
