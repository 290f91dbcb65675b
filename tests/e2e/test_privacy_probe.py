"""The privacy probe (issue 25): holders register and log in at the services of both tenant
models in a `jpki up` world, then every store of every service (its tables in the services'
database, every file under its folder) is searched for each holder's My Number, 4 information
and certificates in every form (`tests.privacy.forms`), and what is found must be allowed by
the table of who may hold what (`tests.privacy.holdings.MAY_HOLD`).

The 代行 promise (seed 004) is the sharpest row: a 代行 service never holds a certificate, its
SHA-1 or SHA-256, its subject or its serial; the clinic's offline cache and the MyKey ID held
them before. (The platform's answers to a 代行 tenant are searched in
tests/privacy/test_daiko_answers.py, in process, where every response can be read.)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from jpki.apps.kit.database import Base
from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.models import load_all
from jpki.apps.registry import specs
from tests.e2e.browser import approve_in_wallet, launch_chromium
from tests.e2e.processes import Service
from tests.e2e.service_steps import (
    bank_log_in,
    bank_open_account,
    clinic_reception,
    disaster_check_in,
    disaster_register,
    mykey_log_in,
    payments_enrol,
    payments_open_account,
    payments_start,
)
from tests.privacy.forms import (
    Form,
    certificate_forms,
    files_under,
    found,
    person_forms,
    table_rows,
)
from tests.privacy.holdings import PARTY_FOLDERS, forbidden

RESIDENTS = "6"


@dataclasses.dataclass
class World:
    service: Service
    directory: Path
    residents: list[dict[str, Any]]

    def url(self, name: str) -> str:
        return self.service.url_named(name)

    @property
    def holder(self) -> dict[str, Any]:
        """A resident with both certificates, who uses every service."""
        return next(r for r in self.residents if r["status"] == "resident" and r.get("sign"))


@pytest.fixture(scope="module")
def probe_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    directory = tmp_path_factory.mktemp("privacy-up")
    service = Service("up", "--data", directory, "--residents", RESIDENTS)
    world = World(service, directory, [])
    world.url("wallet")  # waits until the world is up
    world.residents = json.loads((directory / "residents.json").read_text())
    yield world
    assert service.stop() in (0, 130, -2)


def signed(page: Any, url: str, button: str, holder: dict[str, Any]) -> None:
    """Press `button` on the service's home page and sign with the card."""
    page.goto(f"{url}/")
    page.get_by_test_id(button).first.click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])


def use_age(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("age")
    signed(page, url, "register", holder)
    page.goto(f"{url}/terminal?machine=vending-1")
    approve_in_wallet(page, holder, method="pinless")
    assert "YES" in page.get_by_test_id("answer").inner_text()


def use_bank(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("bank")
    bank_open_account(page, url, holder)
    bank_log_in(page, url, holder)
    assert page.get_by_test_id("account").count() == 1


def use_clinic(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("clinic")
    signed(page, url, "link", holder)
    assert "Qualification confirmed" in clinic_reception(page, url, holder)


def use_disaster(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("disaster")
    assert holder["name"] in disaster_register(page, url, holder, 1)
    page.goto(f"{url}/municipality")
    page.get_by_test_id("disaster-name").fill("Probe / 調査")
    page.get_by_test_id("declare").click()
    assert "Checked in" in disaster_check_in(page, url, "gym", holder)


def use_mykey(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("mykey")
    signed(page, url, "register", holder)
    mykey_log_in(page, url, holder)
    assert page.get_by_test_id("mykey-id").inner_text()


def use_payments(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("payments")
    number = payments_open_account(page, url, "democard", "1111")
    payments_enrol(page, url, holder, "democard", number, "1111")
    payments_start(page, url, holder, "store", 1000)
    assert page.get_by_test_id("result").inner_text() == "Approved ¥1,000"


def use_securities(world: World, page: Any, holder: dict[str, Any]) -> None:
    signed(page, world.url("securities"), "open", holder)
    assert "Account opened:" in page.get_by_test_id("message").inner_text()


def use_insurer(world: World, page: Any, holder: dict[str, Any]) -> None:
    signed(page, world.url("insurer"), "apply", holder)


def use_tickets(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("tickets")
    page.goto(f"{url}/")
    page.get_by_test_id("buy-yokohama-night").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    assert page.get_by_test_id("seat").inner_text()


def use_recycling(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("recycling")
    signed(page, url, "register", holder)
    page.goto(f"{url}/box?box=box-1")
    page.get_by_test_id("return").click()
    approve_in_wallet(page, holder, method="pinless")
    assert "credited" in page.get_by_test_id("outcome").inner_text()


def use_auction(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("auction")
    page.goto(f"{url}/")
    page.get_by_test_id("nickname").fill("probe")
    page.get_by_test_id("register").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    page.goto(f"{url}/sell")
    page.get_by_test_id("item").fill("Probe item")
    page.get_by_test_id("price").fill("100")
    page.get_by_test_id("list").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    assert "Listed" in page.get_by_test_id("message").inner_text()


def use_infobank(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("infobank")
    signed(page, url, "register", holder)
    page.goto(f"{url}/")
    page.get_by_test_id("login").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    page.get_by_test_id("item-distance").check()
    page.get_by_test_id("consent").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    assert page.get_by_test_id("consent-row").count() == 1


def use_venue(world: World, page: Any, holder: dict[str, Any]) -> None:
    url = world.url("venue")
    signed(page, url, "register", holder)
    page.goto(f"{url}/gate")
    approve_in_wallet(page, holder, method="pinless")
    assert page.get_by_test_id("visitor").count() == 1


def use_fee_reduction(world: World, page: Any, holder: dict[str, Any]) -> None:
    """The welfare office has the attribute authority issue the AC; the desk accepts it."""
    url = world.url("fee_reduction")
    page.goto(f"{url}/welfare")
    page.get_by_test_id("issue").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    pem = page.get_by_test_id("certificate").input_value()
    page.goto(f"{url}/nursery")
    page.get_by_test_id("paste").fill(pem)
    page.get_by_test_id("apply").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    assert page.get_by_test_id("decision").inner_text() == "Reduction accepted"


FLOWS: dict[str, Callable[[World, Any, dict[str, Any]], None]] = {
    "age": use_age,
    "bank": use_bank,
    "clinic": use_clinic,
    "disaster": use_disaster,
    "mykey": use_mykey,
    "payments": use_payments,
    "securities": use_securities,
    "insurer": use_insurer,
    "tickets": use_tickets,
    "recycling": use_recycling,
    "auction": use_auction,
    "infobank": use_infobank,
    "venue": use_venue,
    "fee_reduction": use_fee_reduction,
}
"""Each service's registration (a signature) and, where it has one, its card login: every 代行
service, and 委託 services of both kinds (signature only, login only)."""
SERVICES = {spec.key: spec for spec in specs() if isinstance(spec, ServiceSpec)}


def tables_of(service: str) -> list[str]:
    """The service's own tables (those its `jpki.apps.<service>.models` declares)."""
    load_all()
    return sorted(
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if mapper.class_.__module__ == f"jpki.apps.{service}.models"
    )


def searched_forms(world: World) -> list[Form]:
    """Every resident's My Number, 4 information and every certificate ever issued."""
    forms = [form for resident in world.residents for form in person_forms(resident)]
    for pem in sorted((world.directory / "certs").glob("*.pem")):
        forms += certificate_forms(x509.load_pem_x509_certificate(pem.read_bytes()))
    return forms


def held_by(world: World, service: str, forms: list[Form]) -> set[str]:
    """The items found in the service's tables and in its folder."""
    rows = table_rows(world.directory / "apps" / "apps.db", tables_of(service))
    return found(forms, rows) | found(forms, files_under(world.directory / "apps" / service))


@pytest.fixture(scope="module")
def used(probe_world: World) -> World:
    """The world after the holder used every service of `FLOWS`."""
    from playwright.sync_api import sync_playwright  # as tests/conftest.py: only e2e needs it

    world = probe_world
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_context(locale="en-US").new_page()
        for flow in FLOWS.values():
            flow(world, page, world.holder)
        browser.close()
    return world


def test_every_service_holds_only_what_its_tenant_model_allows(used):
    world = used
    forms = searched_forms(world)
    held = {service: held_by(world, service, forms) for service in SERVICES}
    breaches = {
        service: sorted(items & forbidden(f"{SERVICES[service].model}-service", service))
        for service, items in held.items()
    }
    assert {service: items for service, items in breaches.items() if items} == {}
    # The search finds what is there: the 委託 ticket seller keeps the serial of the card that
    # bought, the 委託 insurer and the 代行 bank the 4 information their customer consented to.
    assert "serial" in held["tickets"]
    assert {"name", "address", "birth-date"} <= held["insurer"] & held["bank"]


def test_the_other_parties_hold_only_what_their_row_allows(used):
    """The platform and the IdP (everything under their folders, their databases' files byte
    for byte) never hold a My Number; the numbering system does (which shows the search finds
    it where it is)."""
    forms = searched_forms(used)
    held = {party: found(forms, files_under(used.directory / party)) for party in PARTY_FOLDERS}
    breaches = {party: sorted(held[party] & forbidden(row)) for party, row in PARTY_FOLDERS.items()}
    assert {party: items for party, items in breaches.items() if items} == {}
    assert "my-number" in held["mynumber"]
