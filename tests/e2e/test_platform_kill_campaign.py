"""`kill -9` of the platform during billable checks (issue 19's standing campaign): the real
server process runs status checks of a stored signing certificate (each one an evidence record
and a fee in one transaction) while it is killed at a random moment, restarted and driven
again. At the end every receipt number it handed out is in the tenant's evidence, the exported
chain verifies offline with `jpki platform evidence verify`, and the fee count equals the
number of checks in the evidence: no acknowledged write is lost and no fee is counted twice.

Bounded here (a few kills, seeded); `-m fuzz` kills 10 times as often.
"""

from __future__ import annotations

import base64
import json
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from tests.e2e.platform_world import platform_world
from tests.e2e.processes import Service, jpki

KILLS, LONG_KILLS = 4, 40


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """The platform world of one 委託 SP (not started: each round starts it), the SP's API key
    and the resident's signing certificate (DER, base64)."""
    made = platform_world(tmp_path_factory.mktemp("platform-kill") / "world", model="itaku", seed=5)
    person = json.loads((made.folder / "residents.json").read_text())[0]
    signing = x509.load_pem_x509_certificate(Path(person["sign"]["path"]).read_bytes())
    yield made.folder, made.api_key, base64.b64encode(signing.public_bytes(Encoding.DER)).decode()
    made.authority.stop()


def check(url: str, key: str, certificate: str) -> str | None:
    """The receipt of one status check, or None when the platform died meanwhile."""
    try:
        answer = httpx.post(
            f"{url}/v1/status-checks",
            json={"certificates": [certificate]},
            headers={"X-API-Key": key},
            timeout=30,
        )
    except httpx.TransportError:
        return None
    return str(answer.json()["receipt"]) if answer.status_code == 200 else None


def kill_during_checks(world: Path, key: str, certificate: str, kills: int) -> list[str]:
    """`kills` rounds of: start the platform, check 1 to 3 times one by one, then 3 more from
    a background thread while the process is killed -9 within 200 ms. The receipts acknowledged."""
    rng, receipts = random.Random(kills), []
    for _ in range(kills):
        service = Service("platform", "serve", "--data", world)
        for _ in range(rng.randint(1, 3)):
            receipt = check(service.url, key, certificate)
            assert receipt is not None  # a running platform answers
            receipts.append(receipt)
        done: list[str] = []

        def in_flight(url: str = service.url, done: list[str] = done) -> None:
            done.extend(r for _ in range(3) if (r := check(url, key, certificate)) is not None)

        writer = threading.Thread(target=in_flight)
        writer.start()
        time.sleep(rng.uniform(0.0, 0.2))
        service.kill()
        writer.join()
        receipts.extend(done)
    return receipts


def audit(world: Path, key: str, receipts: list[str], tmp_path: Path) -> tuple[int, int, int]:
    """(lost receipts, status checks in the evidence, status checks billed) after a restart;
    the exported chain must verify offline."""
    service = Service("platform", "serve", "--data", world)
    try:
        headers = {"X-API-Key": key}
        evidence = httpx.get(f"{service.url}/v1/evidence", headers=headers, timeout=30).json()
        statement = httpx.get(f"{service.url}/v1/statement", headers=headers, timeout=30).json()
        token = json.loads((world / "platform" / "settings.json").read_text())["admin_token"]
        export = httpx.get(
            f"{service.url}/v1/evidence/export",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
    finally:
        service.stop()
    assert export.status_code == 200
    (tmp_path / "evidence.jsonl").write_bytes(export.content)
    verified = jpki(
        "platform", "evidence", "verify", tmp_path / "evidence.jsonl",
        "--tsa-root", world / "platform" / "tsa" / "tsa-root.pem", "--json", check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    checks = [r for r in evidence if r["kind"] == "status-check"]
    billed = sum(line["count"] for line in statement["lines"] if line["item"] == "status-check")
    lost = len(set(receipts) - {r["receipt"] for r in checks})
    return lost, len(checks), billed


def campaign(world: tuple[Path, str, str], kills: int, tmp_path: Path) -> None:
    folder, key, certificate = world
    receipts = kill_during_checks(folder, key, certificate, kills)
    lost, recorded, billed = audit(folder, key, receipts, tmp_path)
    print(
        f"platform: {kills} kill -9, {len(receipts)} acknowledged checks, {lost} lost,"
        f" {recorded} in the evidence, {billed} billed"
    )
    assert lost == 0
    assert billed == recorded >= len(receipts)


def test_no_acknowledged_check_is_lost_or_billed_twice_to_kill_9(world, tmp_path):
    campaign(world, KILLS, tmp_path)


@pytest.mark.fuzz
def test_no_acknowledged_check_is_lost_or_billed_twice_to_kill_9_long(world, tmp_path):
    campaign(world, LONG_KILLS, tmp_path)
