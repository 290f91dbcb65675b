"""The declarative test world: a clock, an authority on SQLite or PostgreSQL, and holders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.authority.service import Authority, IssuedCard
from jpki.authority.settings import AuthoritySettings
from jpki.authority.views import CertificateView, ResidentView
from jpki.card.image import generate_key
from jpki.clock import ManualClock
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose

# Property tests explore new examples on every local run; in CI they replay a fixed set, so a
# submission lands or fails on its merits rather than on what the fuzzer happened to try.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis.settings.load_profile("ci")

START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
TARO = FourInfo(
    "山田\u3000太郎", "東京都千代田区霞が関２丁目１番２号", dt.date(1980, 5, 17), Sex.MALE
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


# -- PostgreSQL, started by the tests on loopback ---------------------------------------------


def _pg_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not candidates:
        pytest.fail("PostgreSQL is not installed; run scripts/test.sh, which installs it")
    return candidates[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclasses.dataclass
class PostgresServer:
    port: int

    def new_database(self) -> str:
        import psycopg

        name = "jpki_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A private PostgreSQL cluster on a free loopback port, removed after the session."""
    binaries = _pg_bin()
    directory = Path(tempfile.mkdtemp(prefix="jpki-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data = directory / "data"
    port = _free_port()
    subprocess.run(
        [
            *run_as,
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-h 127.0.0.1 -p {port} -k {directory} -c fsync=off -c max_connections=200"
    subprocess.run(
        [
            *run_as,
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(directory / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PostgresServer(port)
    finally:
        subprocess.run(
            [*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)


# -- the authority ------------------------------------------------------------------------------

AuthorityFactory = Callable[..., Authority]


@pytest.fixture
def make_authority(tmp_path: Path, clock: ManualClock) -> Iterator[AuthorityFactory]:
    created: list[Authority] = []

    def make(directory: Path | None = None, **settings: object) -> Authority:
        folder = directory or tmp_path / f"world{len(created)}"
        authority = Authority.initialise(AuthoritySettings(data_dir=folder, **settings), clock)
        created.append(authority)
        return authority

    yield make
    for authority in created:
        authority.close()


@pytest.fixture
def authority(make_authority: AuthorityFactory) -> Authority:
    return make_authority()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_authority(request: pytest.FixtureRequest, make_authority: AuthorityFactory) -> Authority:
    """The same authority on the embedded default and on PostgreSQL."""
    if request.param == "sqlite":
        return make_authority()
    server: PostgresServer = request.getfixturevalue("postgres")
    return make_authority(database_url=server.new_database())


@dataclasses.dataclass
class Holder:
    """A resident with an active card and the private keys the card would hold."""

    resident: ResidentView
    issued: IssuedCard
    auth_key: rsa.RSAPrivateKey
    sign_key: rsa.RSAPrivateKey | None

    @property
    def auth(self) -> CertificateView:
        certificate = self.issued.of_purpose(CertificatePurpose.AUTH)
        assert certificate is not None
        return certificate

    @property
    def sign(self) -> CertificateView:
        certificate = self.issued.of_purpose(CertificatePurpose.SIGN)
        assert certificate is not None
        return certificate


_KEYS: list[rsa.RSAPrivateKey] = []


def card_key() -> rsa.RSAPrivateKey:
    """A fresh RSA-2048 key (as the card would generate); pooled to keep the suite fast."""
    if len(_KEYS) < 64:
        _KEYS.append(generate_key())
        return _KEYS[-1]
    return _KEYS[uuid.uuid4().int % len(_KEYS)]


def make_holder(authority: Authority, info: FourInfo = TARO, *, sign: bool = True) -> Holder:
    resident = authority.register_resident(info)
    card = authority.apply_for_card(resident.id)
    auth_key, sign_key = card_key(), card_key() if sign else None
    issued = authority.issue_card(
        card.id, auth_key.public_key(), sign_key.public_key() if sign_key else None
    )
    authority.activate_card(card.id)
    return Holder(resident, issued, auth_key, sign_key)


@pytest.fixture
def holder(authority: Authority) -> Holder:
    return make_holder(authority)


# -- one `jpki up` world for the use cases' browser tests (tests/e2e/test_app_*) ------------

SERVICES_RESIDENTS = "16"


@dataclasses.dataclass
class UpWorld:
    service: Any
    directory: Path
    residents: list[dict[str, Any]]

    def url(self, name: str) -> str:
        return self.service.url_named(name)

    def adults(self) -> list[dict[str, Any]]:
        """Residents with a signing certificate (15 and over), Japanese names first."""
        holders = [r for r in self.residents if r["status"] == "resident" and r.get("sign")]
        return sorted(holders, key=lambda r: r["name"].isascii())


@pytest.fixture(scope="session")
def up_world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from e2e.processes import Service

    directory = tmp_path_factory.mktemp("services-up")
    service = Service("up", "--data", directory, "--residents", SERVICES_RESIDENTS)
    world = UpWorld(service, directory, [])
    world.url("wallet")  # waits until the world is up
    world.residents = json.loads((directory / "residents.json").read_text())
    yield world
    assert service.stop() in (0, 130, -2)


def launch_chromium(playwright: Any) -> Any:
    """Debian's headless Chromium. In the date-moved run (scripts/test-dated.sh) it runs without
    libfaketime, at the machine's real date: libfaketime 0.9.10 breaks its timed waits, and the
    browser judges nothing by the date (it shows pages that services on the moved date made)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "LD_PRELOAD" and not name.startswith("FAKETIME")
    }
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--no-sandbox"], env=environment
    )


@pytest.fixture
def browser_page() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="en-US")
        yield context.new_page()
        browser.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """End every server a test started and left running (a fixture that failed half-way), so
    the suite never leaves a process behind. The helpers load under two names: `processes`
    from the e2e tests, `e2e.processes` from this file."""

    for name in ("processes", "e2e.processes"):
        module = sys.modules.get(name)
        if module is not None:
            module.stop_all()
