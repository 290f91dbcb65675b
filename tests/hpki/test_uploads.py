"""What a stranger uploads to the pharmacy's counter is a refusal page in words (4xx), never a
500, whatever the bytes: a damaged signed prescription, a cut one, garbage, a huge one. (A flip
in a part of the CMS the signature does not cover leaves it valid: the card is asked next, and
the access code still dispenses once.)"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.apps.kit.prescriptions import MAX_PRESCRIPTION
from jpki.apps.pharmacy.app import build_pharmacy_app
from jpki.apps.pharmacy.service import PharmacyService
from jpki.protocol.hpki import Qualification
from tests.hpki.helpers import DOCTOR_LICENCE, HpkiWorld, a_prescription, issue_key, trust_of

ORIGIN = "http://pharmacy.test"


@pytest.fixture
def counter(hpki_world: HpkiWorld, tmp_path: Path) -> tuple[TestClient, bytes]:
    """The pharmacy (its platform only asked for login challenges: nothing here reaches a
    card) and a doctor's valid signed prescription to damage."""

    def platform(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/challenges", request.url
        nonce = "A" * 43
        return httpx.Response(
            201, json={"nonce": nonce, "provider": "demo-pharmacy", "origin": ORIGIN}
        )

    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.db'}")
    database.migrate()
    context = ServiceContext(
        origin=ORIGIN, wallet_url="http://wallet.test",
        platform=PlatformApi("http://platform.test", "k", httpx.Client(transport=httpx.MockTransport(platform))),
        database=database, clock=hpki_world.clock, session_secret="s" * 32, folder=tmp_path,
    )  # fmt: skip
    service = PharmacyService(context, trust_of(hpki_world))
    key, certificate = issue_key(
        hpki_world, tmp_path, hpki_world.doctor, DOCTOR_LICENCE, Qualification.DOCTOR
    )
    signed = key.sign(a_prescription(hpki_world.clock.now()).content(), certificate)
    assert service.check(signed).valid
    return TestClient(build_pharmacy_app(context, service), base_url=ORIGIN), signed


def _upload(client: TestClient, data: bytes) -> httpx.Response:
    return client.post(
        "/dispense", files={"prescription": ("p.p7m", data, "application/pkcs7-mime")},
        headers={"Origin": ORIGIN, "Accept": "text/html"},
    )  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_upload_that_is_not_a_valid_prescription_is_a_refusal_page(
    counter: tuple[TestClient, bytes], data: st.DataObject
) -> None:
    client, signed = counter
    position = data.draw(st.integers(0, len(signed) - 1))
    damaged = (
        signed[:position]
        + bytes([signed[position] ^ data.draw(st.integers(1, 255))])
        + signed[position + 1 :]
    )
    for upload in (
        damaged,
        signed[: data.draw(st.integers(0, len(signed) - 1))],
        data.draw(st.binary(max_size=200)),
    ):
        reply = _upload(client, upload)
        if reply.status_code == 200:  # a flip the signature does not cover: the card is asked next
            assert "same-device" in reply.text
            continue
        assert reply.status_code == 400, reply.text[:300]
        assert 'data-testid="verdict"' in reply.text


def test_a_huge_upload_is_refused(counter: tuple[TestClient, bytes]) -> None:
    client, _ = counter
    reply = _upload(client, b"0" * (MAX_PRESCRIPTION + 10))
    assert reply.status_code in (400, 413)
