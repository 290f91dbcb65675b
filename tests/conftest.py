"""The declarative test world: a clock, an authority on SQLite or PostgreSQL, holders, a
personalised card, the platform with two linked SPs, and one `jpki up` world for the browser
tests. The fixtures that more than one test folder uses live here; the plain values and
functions they build on are in tests/holders.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import pytest
from fastapi.testclient import TestClient

from jpki.authority.api.app import build_app
from jpki.authority.service import Authority, IssuedCard
from jpki.authority.settings import AuthoritySettings
from jpki.card.store import ImageStore
from jpki.clock import ManualClock
from jpki.platform.api import build_platform_app
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.setup import build_verifier
from jpki.world.photos import synthetic_photo
from tests.e2e.browser import launch_chromium
from tests.holders import (
    AUTH_PIN,
    MATCHING_B,
    SIGN_PASSWORD,
    START,
    TARO,
    AuthorityFactory,
    Holder,
    PostgresServer,
    make_holder,
)
from tests.platform.helpers import BANK, INSURER, ORIGIN, Receiver

# Property tests explore new examples on every local run; in CI they replay a fixed set, so a
# submission lands or fails on its merits rather than on what the fuzzer happened to try.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis.settings.load_profile("ci")


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


@pytest.fixture
def holder(authority: Authority) -> Holder:
    return make_holder(authority)


# -- a card personalised by our authority, as the factory and the municipal counter would ------


@pytest.fixture
def personalised(authority: Authority, tmp_path: Path) -> tuple[ImageStore, IssuedCard]:
    """Taro's card image with both certificates, the terminal and free-area CAs, the card
    information and the card face (its security code is the last 4 digits of MATCHING_B)."""
    store = ImageStore.create(tmp_path / "taro.card", AUTH_PIN, SIGN_PASSWORD)
    resident = authority.register_resident(TARO)
    card = authority.apply_for_card(resident.id)
    with store.change() as change:
        image = change.image
        issued = authority.issue_card(
            card.id,
            image.public_key(CertificatePurpose.AUTH),
            image.public_key(CertificatePurpose.SIGN),
        )
        for certificate in issued.certificates:
            ca = authority.authorities.by_id(certificate.generation_id).certificate
            image.install_certificate(certificate.purpose, certificate.certificate, ca)
        image.install_terminal_ca(authority.terminals.ca.certificate)
        image.install_free_area_ca(authority.free_area.ca.certificate)
        image.install_card_info(
            authority.card_info_files(card.id),
            card_info_pin=AUTH_PIN,
            matching_a=resident.my_number,
            matching_b=MATCHING_B,
        )
        image.install_card_face(
            authority.card_face_files(card.id, MATCHING_B[-4:], synthetic_photo("taro")),
            matching_a=resident.my_number,
            matching_b=MATCHING_B,
        )
    authority.activate_card(card.id)
    return store, issued


# -- the platform with a 代行 bank and a 委託 insurer, on a real authority's HTTP API in-process --
# (the platform's linkage tests and the numbering system's moving one-stop)


@pytest.fixture
def world(
    authority: Authority, clock: ManualClock, tmp_path: Path
) -> Iterator[tuple[Platform, TestClient, dict[str, dict[str, str]], dict[str, str]]]:
    """(platform, its API, each SP's key header, the operator's header); the platform checks
    revocation by OCSP at the authority and posts webhooks to a `Receiver` (`platform.receiver`)."""
    authority.publish_crls()
    _, verifier_key = authority.accredit_verifier("platform")
    crl_dir = authority.settings.crl_dir
    authority_http = TestClient(
        build_app(authority, background=False), base_url="http://authority.test"
    )
    verifier = build_verifier(
        clock,
        [authority.settings.roots_dir],
        crls=[crl_dir / "auth.crl", crl_dir / "sign.crl"],
        ocsp_url="http://authority.test/ocsp",
        api_key=verifier_key,
        ocsp_http=authority_http,
    )
    settings = PlatformSettings(
        data_dir=tmp_path / "world",
        authority_url="http://authority.test",
        verifier_api_key=verifier_key,
    )
    receiver = Receiver()
    platform = Platform.initialise(
        settings,
        clock,
        verifier=verifier,
        authority_http=authority_http,
        webhook_http=httpx.Client(transport=httpx.MockTransport(receiver)),
    )
    platform.receiver = receiver  # type: ignore[attr-defined]
    api = TestClient(build_platform_app(platform, background=False))
    admin = {"Authorization": f"Bearer {settings.admin_token}"}
    keys = {}
    for tenant_id, model in ((BANK, "daiko"), (INSURER, "itaku")):
        body = {"id": tenant_id, "name": tenant_id, "model": model, "origins": [ORIGIN]}
        keys[tenant_id] = {
            "X-API-Key": api.post("/v1/tenants", json=body, headers=admin).json()["api_key"]
        }
    yield platform, api, keys, admin
    platform.close()


# -- one `jpki up` world for the use cases' browser tests (tests/e2e/test_app_*) ------------


@pytest.fixture(scope="session")
def up_world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.e2e.worlds import up_world_in

    yield from up_world_in(tmp_path_factory.mktemp("services-up"))


@pytest.fixture
def browser_page() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="en-US")
        # A click that signs a PDF with long-term validation data waits for the card, the
        # platform, the TSA and the revocation data in turn; on a loaded 2-core runner that
        # has taken over Playwright's default 30 s, which is no fault of the page.
        context.set_default_timeout(90_000)
        yield context.new_page()
        browser.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """End every server a test started and left running (a fixture that failed half-way), so
    the suite never leaves a process behind."""
    processes = sys.modules.get("tests.e2e.processes")
    if processes is not None:
        processes.stop_all()
