"""A deployment on loopback, as docs/deploy.md describes it: the authority and the platform
each as two worker processes (`serve --workers 2`) on one PostgreSQL, behind HAProxy.

The authority and its holders are made in process first (so the tests hold the card keys and
sign login answers as a card would), on the session's PostgreSQL; then the real commands serve
them, and one HAProxy process publishes both. Everything started here is stopped on the way
out, however the tests ended."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from jpki.authority.service import Authority
from jpki.authority.settings import AuthoritySettings
from jpki.card.image import generate_key
from jpki.clock import ManualClock
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Model
from jpki.profile.challenge import authentication_digest
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.challenge import decode_nonce
from jpki.world.balancer import Backend, haproxy_config
from tests.e2e.processes import Service, start, stop

ORIGIN = "https://bank.example"
WORKERS = 2
BURST = 60
"""Each tenant's bucket: 60 requests, refilled at one per 1000 s (so a test's count is exact)."""


@dataclasses.dataclass(frozen=True)
class Holder:
    key: rsa.RSAPrivateKey
    certificate: bytes
    """The authentication certificate, DER."""
    serial: int
    sign_certificate: bytes


@dataclasses.dataclass
class Deployment:
    folder: Path
    authority_db: str
    platform_db: str
    authority: str
    """The authority's public address (HAProxy)."""
    platform: str
    authority_workers: list[str]
    platform_workers: list[str]
    admin_token: str
    """The authority's admin bearer token."""
    operator_token: str
    """The platform's operator bearer token."""
    verifier_key: str
    holders: list[Holder]
    platform_supervisor: Service
    authority_supervisor: Service

    def tenant(self, name: str, origins: tuple[str, ...] = (ORIGIN,)) -> str:
        """A new tenant of the serving platform (registered through the database, as
        `jpki platform tenant` does): its API key."""
        settings = PlatformSettings.load(self.folder)
        platform = Platform(settings, ManualClock(dt.datetime.now(dt.UTC)))
        try:
            _, key = platform.tenants.register(name, name, Model.ITAKU, list(origins))
        finally:
            platform.close()
        return key

    def answer(self, url: str, key: str, tenant: str, holder: Holder) -> dict[str, str]:
        """A login answer, signed as the holder's card would, to a challenge issued at `url`."""
        issued = httpx.post(
            f"{url}/v1/challenges", json={"origin": ORIGIN}, headers={"X-API-Key": key}
        )
        assert issued.status_code == 201, issued.text
        nonce = issued.json()["nonce"]
        digest = authentication_digest(tenant, ORIGIN, decode_nonce(nonce))
        signature = holder.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        return {
            "nonce": nonce,
            "origin": ORIGIN,
            "certificate": base64.b64encode(holder.certificate).decode(),
            "signature": base64.b64encode(signature).decode(),
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _holders(authority: Authority, count: int) -> list[Holder]:
    holders = []
    for number in range(count):
        resident = authority.register_resident(
            FourInfo(
                "試験　花子",
                "東京都千代田区霞が関２丁目１番２号",
                dt.date(1985, 2, 1 + number),
                Sex.FEMALE,
            )
        )
        card = authority.apply_for_card(resident.id)
        key, sign_key = generate_key(), generate_key()
        issued = authority.issue_card(card.id, key.public_key(), sign_key.public_key())
        authority.activate_card(card.id)
        auth = issued.of_purpose(CertificatePurpose.AUTH)
        sign = issued.of_purpose(CertificatePurpose.SIGN)
        assert auth is not None
        assert sign is not None
        holders.append(Holder(key, auth.der, auth.serial, sign.der))
    return holders


def _haproxy(config: Path) -> subprocess.Popen[str]:
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        raise RuntimeError("HAProxy is not installed; run scripts/test.sh, which installs it")
    subprocess.run([binary, "-c", "-q", "-f", str(config)], check=True)
    return start([binary, "-db", "-f", str(config)])


def _wait_up(url: str, deadline: float, balancer: subprocess.Popen[str]) -> None:
    while time.monotonic() < deadline:
        if balancer.poll() is not None:
            raise RuntimeError(f"HAProxy exited ({balancer.returncode}) before serving {url}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"{url} never answered through the balancer")


@contextlib.contextmanager
def deployment(folder: Path, authority_db: str, platform_db: str) -> Iterator[Deployment]:
    """The whole deployment in `folder`, stopped on the way out."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    authority = Authority.initialise(
        AuthoritySettings(data_dir=folder, database_url=authority_db), ManualClock(now)
    )
    try:
        holders = _holders(authority, 4)
        _, verifier_key = authority.accredit_verifier("platform")
        authority.publish_crls()
        admin_token, roots = authority.settings.admin_token, authority.settings.roots_dir
    finally:
        authority.close()
    authority_port, platform_port = _free_port(), _free_port()
    authority_lb = f"http://127.0.0.1:{authority_port}"
    platform_lb = f"http://127.0.0.1:{platform_port}"
    running: list[Service] = []
    balancers: list[subprocess.Popen[str]] = []

    def publish(backend: Backend) -> None:
        config = folder / f"haproxy-{backend.name}.cfg"
        config.write_text(haproxy_config([backend]))
        balancers.append(_haproxy(config))
        _wait_up(f"http://{backend.listen}", time.monotonic() + 60, balancers[-1])

    try:
        authority_supervisor = Service(
            "authority", "serve", "--data", folder, "--workers", str(WORKERS)
        )
        running.append(authority_supervisor)
        authority_workers = [
            authority_supervisor.url_named(f"authority-{i}") for i in range(WORKERS)
        ]
        publish(Backend("authority", f"127.0.0.1:{authority_port}", tuple(authority_workers)))
        settings = PlatformSettings(
            data_dir=folder,
            database_url=platform_db,
            authority_url=authority_lb,
            verifier_api_key=verifier_key,
            trust=[roots],
            rate_limit_per_second=0.001,
            rate_limit_burst=BURST,
            delivery_poll=dt.timedelta(seconds=0.2),
            seal_interval=dt.timedelta(hours=1),
        )
        Platform.initialise(settings, ManualClock(now)).close()
        platform_supervisor = Service(
            "platform", "serve", "--data", folder, "--workers", str(WORKERS)
        )
        running.append(platform_supervisor)
        platform_workers = [platform_supervisor.url_named(f"platform-{i}") for i in range(WORKERS)]
        publish(Backend("platform", f"127.0.0.1:{platform_port}", tuple(platform_workers)))
        yield Deployment(
            folder,
            authority_db,
            platform_db,
            authority_lb,
            platform_lb,
            authority_workers,
            platform_workers,
            admin_token,
            settings.admin_token,
            verifier_key,
            holders,
            platform_supervisor,
            authority_supervisor,
        )
    finally:
        for balancer in balancers:
            stop(balancer, signal.SIGTERM)
        for service in reversed(running):
            service.stop(signal.SIGTERM)


__all__ = ["BURST", "ORIGIN", "WORKERS", "Deployment", "Holder", "deployment"]
