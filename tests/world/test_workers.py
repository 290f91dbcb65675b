"""Several workers at once (issue 26): the authority and the platform each as two
`serve --workers 2` processes on one PostgreSQL behind HAProxy (tests/world/deployment.py), driven
concurrently through the balancer and worker by worker.

Each test states what must hold whatever the interleaving; none passes or fails on how fast
anything was. Waits for something to happen (a worker reloading, a worker started again) are
bounded only so that a hang fails instead of blocking the suite.
"""

from __future__ import annotations

import base64
import concurrent.futures
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp

from jpki.authority.api.app import CACHE_BOUND_SECONDS
from jpki.clock import SystemClock
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.world.workers import WORKER_HEADER
from tests.holders import PostgresServer
from tests.world.deployment import BURST, ORIGIN, WORKERS, Deployment, Holder, deployment

HANG = 60.0
"""Seconds after which a wait that should end counts as a hang (not a measurement)."""


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer
) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("deploy") / "world"
    with deployment(folder, postgres.new_database(), postgres.new_database()) as made:
        yield made


def _worker(answer: httpx.Response) -> str:
    return answer.headers[WORKER_HEADER.decode()]


def _pid(url: str) -> int:
    return int(httpx.get(f"{url}/healthz").json()["pid"])


def _wait(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + HANG
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"hung waiting for {what}")
        time.sleep(0.05)


def test_the_balancer_spreads_requests_over_every_worker(world: Deployment) -> None:
    for public in (world.authority, world.platform):
        seen = {_worker(httpx.get(f"{public}/healthz")) for _ in range(8)}
        assert seen == {str(i) for i in range(WORKERS)}


def test_a_challenge_is_accepted_exactly_once(world: Deployment) -> None:
    """One card answer sent to both workers at once, many times: one login, the rest replays."""
    key = world.tenant("once-bank")
    answer = world.answer(world.platform, key, "once-bank", world.holders[0])
    targets = [world.platform_workers[i % WORKERS] for i in range(12)]
    barrier = threading.Barrier(len(targets))

    def post(url: str) -> tuple[bool, str]:
        barrier.wait()
        reply = httpx.post(f"{url}/v1/authentications", json=answer, headers={"X-API-Key": key})
        assert reply.status_code == 200, reply.text
        return bool(reply.json()["result"]["accepted"]), reply.json()["result"].get("error", "")

    with concurrent.futures.ThreadPoolExecutor(len(targets)) as pool:
        outcomes = list(pool.map(post, targets))
    assert sum(accepted for accepted, _ in outcomes) == 1
    assert {error for accepted, error in outcomes if not accepted} == {"replayed"}


def _export_verifies(world: Deployment, tmp_path: Path) -> dict[str, object]:
    operator = {"Authorization": f"Bearer {world.operator_token}"}
    assert httpx.post(f"{world.platform}/v1/evidence/seal", headers=operator).status_code == 200
    export = tmp_path / "evidence.jsonl"
    export.write_bytes(httpx.get(f"{world.platform}/v1/evidence/export", headers=operator).content)
    tsa_root = world.folder / "platform" / "tsa" / "tsa-root.pem"
    checked = subprocess.run(
        [sys.executable, "-m", "jpki.cli", "platform", "evidence", "verify", str(export),
         "--tsa-root", str(tsa_root), "--json"],
        check=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return dict(json.loads(checked.stdout))


def test_the_evidence_chain_stays_one_unbroken_chain_under_concurrent_logins(
    world: Deployment, tmp_path: Path
) -> None:
    """Logins of four tenants on both workers at once: the export verifies offline, from
    genesis to the seal, with every receipt handed out in it."""
    tenants = {f"chain-{n}": world.tenant(f"chain-{n}") for n in range(4)}

    def login(job: int) -> str:
        tenant = f"chain-{job % 4}"
        url = world.platform_workers[job % WORKERS]
        body = world.answer(url, tenants[tenant], tenant, world.holders[job % 4])
        reply = httpx.post(
            f"{url}/v1/authentications", json=body, headers={"X-API-Key": tenants[tenant]}
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["result"]["accepted"], reply.text
        return str(reply.json()["receipt"])

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        receipts = list(pool.map(login, range(48)))
    report = _export_verifies(world, tmp_path)
    assert report["valid"] is True
    assert report["unsealed"] == 0
    exported = (tmp_path / "evidence.jsonl").read_text()
    assert all(receipt in exported for receipt in receipts)


def test_rate_limits_hold_across_workers(world: Deployment) -> None:
    """A tenant's bucket is one for the deployment: 2 workers let through its burst, not 2x."""
    key = world.tenant("busy-bank")

    def challenge(number: int) -> tuple[int, str]:
        reply = httpx.post(
            f"{world.platform_workers[number % WORKERS]}/v1/challenges",
            json={"origin": ORIGIN},
            headers={"X-API-Key": key},
        )
        return reply.status_code, _worker(reply)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(challenge, range(2 * BURST + 20)))
    statuses = Counter(status for status, _ in outcomes)
    assert statuses == {201: BURST, 429: BURST + 20}
    assert {worker for status, worker in outcomes if status == 429} == {"0", "1"}


class _Receiver(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["content-length"]))
                with receiver.lock:
                    receiver.events.append(self.headers["x-jpki-webhook-id"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        super().__init__(("127.0.0.1", 0), Handler)


def test_webhooks_are_delivered_once_with_every_worker_delivering(world: Deployment) -> None:
    receiver = _Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{receiver.server_address[1]}"
        key = world.tenant("hooked-bank", (origin,))
        configured = httpx.put(
            f"{world.platform}/v1/webhook",
            json={"url": f"{origin}/hook"},
            headers={"X-API-Key": key},
        )
        assert configured.status_code == 200, configured.text
        platform = Platform(PlatformSettings.load(world.folder), SystemClock())
        try:
            with platform.database.transaction() as session:
                queued = [
                    platform.webhooks.enqueue(session, "hooked-bank", "test.event", {"n": n})
                    for n in range(120)
                ]
        finally:
            platform.close()

        def all_delivered() -> bool:
            with receiver.lock:
                return set(queued) <= set(receiver.events)

        _wait(all_delivered, "the deliveries")
        time.sleep(1.0)  # both workers' next rounds: a second post of any event would show
        with receiver.lock:
            assert Counter(receiver.events) == Counter(queued)
    finally:
        receiver.shutdown()
        receiver.server_close()


def _ocsp_request(holder: Holder, issuer: x509.Certificate) -> bytes:
    certificate = x509.load_der_x509_certificate(holder.certificate)
    builder = ocsp.OCSPRequestBuilder().add_certificate(certificate, issuer, hashes.SHA1())
    return builder.build().public_bytes(Encoding.DER)


def _issuer(world: Deployment) -> x509.Certificate:
    return x509.load_pem_x509_certificate(httpx.get(f"{world.authority}/roots/auth-ca.pem").content)


def _ocsp(url: str, world: Deployment, request: bytes) -> ocsp.OCSPCertStatus:
    reply = httpx.post(
        f"{url}/ocsp",
        content=request,
        headers={
            "content-type": "application/ocsp-request",
            "x-jpki-verifier-key": world.verifier_key,
        },
    )
    parsed = ocsp.load_der_ocsp_response(reply.content)
    assert parsed.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL
    return parsed.certificate_status


def _revoke(world: Deployment, serial: int) -> None:
    admin = {"Authorization": f"Bearer {world.admin_token}"}
    revoked = httpx.post(
        f"{world.authority}/v1/certificates/{serial}/revoke", json={}, headers=admin
    )
    assert revoked.status_code == 200, revoked.text


def test_no_authority_worker_answers_good_for_a_revoked_serial_past_the_bound(
    world: Deployment,
) -> None:
    """Both workers cache "good"; one revokes. From the bound on, no worker says good."""
    holder = world.holders[2]
    request = _ocsp_request(holder, _issuer(world))
    for url in world.authority_workers * 2:  # the second round is answered from the cache
        assert _ocsp(url, world, request) is ocsp.OCSPCertStatus.GOOD
    _revoke(world, holder.serial)
    revoked_at = time.monotonic()
    answers: list[tuple[float, str, ocsp.OCSPCertStatus]] = []

    def every_worker_says_revoked() -> bool:
        for url in world.authority_workers:
            sent = time.monotonic()
            answers.append((sent, url, _ocsp(url, world, request)))
        latest = {url: status for _, url, status in answers}
        return all(s is ocsp.OCSPCertStatus.REVOKED for s in latest.values())

    _wait(every_worker_says_revoked, "every worker to say revoked")
    late_goods = [
        (sent - revoked_at, url)
        for sent, url, status in answers
        if status is ocsp.OCSPCertStatus.GOOD and sent > revoked_at + CACHE_BOUND_SECONDS
    ]
    assert late_goods == []
    for url in world.authority_workers:  # and it stays so
        assert _ocsp(url, world, request) is ocsp.OCSPCertStatus.REVOKED


def test_a_revocation_the_operator_pulls_in_reaches_every_platform_worker(
    world: Deployment,
) -> None:
    """The refresh request reaches one worker through the balancer; every worker refuses the
    revoked card afterwards (the others follow the request within their poll)."""
    key = world.tenant("careful-bank")
    holder = world.holders[3]

    def login(url: str) -> dict[str, object]:
        body = world.answer(url, key, "careful-bank", holder)
        reply = httpx.post(f"{url}/v1/authentications", json=body, headers={"X-API-Key": key})
        assert reply.status_code == 200, reply.text
        return dict(reply.json()["result"])

    assert all(login(url)["accepted"] for url in world.platform_workers)
    _revoke(world, holder.serial)
    admin = {"Authorization": f"Bearer {world.admin_token}"}
    published = httpx.post(f"{world.authority}/v1/crls/publish", json={}, headers=admin)
    assert published.status_code == 200, published.text
    operator = {"Authorization": f"Bearer {world.operator_token}"}
    refreshed = httpx.post(f"{world.platform}/v1/revocation/refresh", headers=operator)
    assert refreshed.status_code == 200, refreshed.text
    assert not refreshed.json()["errors"], refreshed.text

    def every_worker_followed() -> bool:
        followed = [
            httpx.get(f"{url}/healthz").json()["revocation_refreshes"]
            for url in world.platform_workers
        ]
        return min(followed) >= max(followed) > 0

    _wait(every_worker_followed, "every platform worker to follow the refresh")
    for url in world.platform_workers:
        result = login(url)
        assert not result["accepted"]
        verdict = result["verdict"]
        assert isinstance(verdict, dict)
        assert verdict["status"] == "revoked"


def _count(url: str, query: str) -> int:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        row = connection.execute(query).fetchone()
    return int(row[0] or 0) if row else 0


def test_fees_stay_exact_when_an_authority_worker_is_killed_mid_load(world: Deployment) -> None:
    """OCSP checks through the balancer while one worker is `kill -9`ed: every answer a
    verifier received is billed, and the bill is exactly J-LIS's disclosure records (a batch
    committed just before the kill may be billed without its answers having arrived)."""
    issuer = _issuer(world)
    requests = [_ocsp_request(holder, issuer) for holder in world.holders[:2]]
    before = _count(world.authority_db, "SELECT sum(count) FROM fee_counters WHERE kind = 'ocsp'")
    victim = _pid(world.authority_workers[1])
    received = Counter[str]()
    lock = threading.Lock()
    stop = threading.Event()

    def load(number: int) -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    reply = client.post(
                        f"{world.authority}/ocsp",
                        content=requests[number % 2],
                        headers={
                            "content-type": "application/ocsp-request",
                            "x-jpki-verifier-key": world.verifier_key,
                        },
                    )
                except httpx.TransportError:
                    continue
                if reply.status_code != 200:
                    continue
                parsed = ocsp.load_der_ocsp_response(reply.content)
                if parsed.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL:
                    with lock:
                        received["answers"] += 1

    threads = [threading.Thread(target=load, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    try:
        _wait(lambda: received["answers"] >= 300, "the first answers")
        os.kill(victim, signal.SIGKILL)
        _wait(lambda: _pid_changed(world.authority_workers[1], victim), "the worker's successor")
        settled = received["answers"]
        _wait(lambda: received["answers"] >= settled + 300, "answers after the kill")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    time.sleep(CACHE_BOUND_SECONDS)  # nothing is in hand now; the last batch has committed
    billed = _count(world.authority_db, "SELECT sum(count) FROM fee_counters WHERE kind = 'ocsp'")
    records = _count(world.authority_db, "SELECT count(*) FROM disclosures WHERE kind = 'ocsp'")
    assert billed - before >= received["answers"]
    assert billed == records


def _pid_changed(url: str, old: int) -> bool:
    try:
        return _pid(url) != old
    except (httpx.TransportError, ValueError, KeyError):
        return False


def test_platform_fees_reconcile_with_the_evidence_after_a_worker_is_killed(
    world: Deployment,
) -> None:
    """Status checks (a fee and a record each, in one transaction) while a platform worker is
    `kill -9`ed: the statement counts exactly the checks in the evidence, and every receipt a
    tenant was handed is among them."""
    key = world.tenant("billed-bank")
    body = {"certificates": [base64.b64encode(world.holders[1].sign_certificate).decode()]}
    victim = _pid(world.platform_workers[0])
    receipts: list[str] = []
    lock = threading.Lock()

    def check(number: int) -> None:
        if number == 12:
            os.kill(victim, signal.SIGKILL)
        try:
            reply = httpx.post(
                f"{world.platform}/v1/status-checks", json=body, headers={"X-API-Key": key},
                timeout=30,
            )  # fmt: skip
        except httpx.TransportError:
            return
        if reply.status_code == 200:
            with lock:
                receipts.append(str(reply.json()["receipt"]))

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        list(pool.map(check, range(BURST - 10)))
    assert receipts
    platform = Platform(PlatformSettings.load(world.folder), SystemClock())
    try:
        tenant = platform.tenants.get("billed-bank")
        evidence = [r for r in platform.evidence_of(tenant) if r.kind == "status-check"]
        statement = platform.statement(tenant)
    finally:
        platform.close()
    assert set(receipts) <= {record.receipt for record in evidence}
    counted = sum(line.count for line in statement.lines if line.item == "status-check")
    assert counted == len(evidence)
