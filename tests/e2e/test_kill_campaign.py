"""`kill -9` of the authority during revocations (issue 19's standing campaign): the real server
process revokes certificates while it is killed at a random moment, restarted, and driven again;
at the end every revocation it acknowledged (200) is in the CRL it publishes. A write the
process did not acknowledge may or may not have landed; an acknowledged one must never be lost.

Bounded here (a few kills, seeded); `-m fuzz` kills 10 times as often.
"""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509

from tests.e2e.processes import Service, jpki

KILLS, LONG_KILLS = 4, 40


def serials(world: Path) -> list[int]:
    """Every certificate of the world's residents, in a seeded random order."""
    people = json.loads((world / "residents.json").read_text())
    found = [int(r[p]["serial"]) for r in people for p in ("auth", "sign") if r.get(p)]
    random.Random(19).shuffle(found)
    return found


def revoke(url: str, token: str, serial: int) -> bool:
    """Whether the authority acknowledged revoking `serial` (False when it died meanwhile)."""
    try:
        answer = httpx.post(
            f"{url}/v1/certificates/{serial}/revoke",
            json={"cause": "key-compromise"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
    except httpx.TransportError:
        return False
    return answer.status_code == 200


def kill_during_revocations(world: Path, kills: int) -> tuple[int, int]:
    """`kills` rounds of: start the authority, revoke 1 to 3 serials one by one, then 2 more
    in the background and kill -9 the process at a random moment within 150 ms.
    (acknowledged, lost) revocations after publishing the CRLs from what the database kept."""
    token = json.loads((world / "authority" / "settings.json").read_text())["admin_token"]
    pending, acknowledged = serials(world), []
    rng = random.Random(kills)
    for _ in range(kills):
        service = Service("authority", "serve", "--data", world)
        for _ in range(rng.randint(1, 3)):
            serial = pending.pop()
            if revoke(service.url, token, serial):
                acknowledged.append(serial)
        burst = [pending.pop() for _ in range(2)]
        done: list[int] = []

        def in_flight(
            url: str = service.url, burst: list[int] = burst, done: list[int] = done
        ) -> None:
            done.extend(serial for serial in burst if revoke(url, token, serial))

        writer = threading.Thread(target=in_flight)
        writer.start()
        time.sleep(rng.uniform(0.0, 0.15))
        service.kill()
        writer.join()
        acknowledged.extend(done)
    jpki("authority", "crl", world)
    revoked = {
        entry.serial_number
        for name in ("auth.crl", "sign.crl")
        for entry in x509.load_der_x509_crl((world / "crl" / name).read_bytes())
    }
    return len(acknowledged), len(set(acknowledged) - revoked)


@pytest.fixture
def world(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A sandbox with enough certificates for every round (up to 5 revocations each; most
    residents hold two)."""
    residents = 3 * request.param
    jpki("sandbox", "init", tmp_path, "--residents", str(residents), "--seed", "19")
    return tmp_path


@pytest.mark.parametrize("world", [KILLS], indirect=True)
def test_no_acknowledged_revocation_is_lost_to_kill_9(world):
    acknowledged, lost = kill_during_revocations(world, KILLS)
    print(f"authority: {KILLS} kill -9, {acknowledged} acknowledged revocations, {lost} lost")
    assert acknowledged > 0
    assert lost == 0


@pytest.mark.fuzz
@pytest.mark.parametrize("world", [LONG_KILLS], indirect=True)
def test_no_acknowledged_revocation_is_lost_to_kill_9_long(world):
    acknowledged, lost = kill_during_revocations(world, LONG_KILLS)
    print(f"authority: {LONG_KILLS} kill -9, {acknowledged} acknowledged revocations, {lost} lost")
    assert lost == 0
