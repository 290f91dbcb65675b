"""The sandbox's numbering system: five agencies holding plausible data about the residents.

The residents are the authority's (their register IDs serve as resident-register codes and
their My Numbers are adopted as the register gave them). Each lives in one of two
municipalities (横浜市 for addresses in 神奈川県, 千代田区 for the rest of the demo country),
which keeps their resident tax and household; adults of working age are insured with the
health insurer, residents of 65 and over draw a pension, and the tax office knows every adult
(and provides nothing: the law's table does not list it as a provider). Every agency knows a
person by its own address number. `mynumber/people.json` lists them for demos. A demo
employer, registered as a business, may deliver signed documents to post boxes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jpki.authority.views import ResidentView
from jpki.clock import Clock, today_in_japan
from jpki.files import atomic_write
from jpki.mynumber.network import AgencySpec, Network
from jpki.mynumber.portal.service import Portal
from jpki.profile.errors import JpkiError
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.validity import age_on
from jpki.protocol.disclosures import DisclosureSource
from jpki.protocol.published import current_crl_names
from jpki.verifier.setup import build_verifier

if TYPE_CHECKING:  # the sandbox creates the numbering system: no import cycle at run time
    from jpki.world.sandbox import Sandbox

AGENCIES = [
    AgencySpec("city-chiyoda", "千代田区 / Chiyoda City", "municipality"),
    AgencySpec("city-yokohama", "横浜市 / Yokohama City", "municipality"),
    AgencySpec("tax-kojimachi", "麹町税務署 / Kojimachi Tax Office", "tax-office"),
    AgencySpec("pension-chiyoda", "千代田年金事務所 / Chiyoda Pension Office", "pension-office"),
    AgencySpec(
        "insurer-kyokai", "全国健康保険協会 / Japan Health Insurance Association", "health-insurer"
    ),
    AgencySpec("employer-demo", "デモ商事株式会社 / Demo Trading Co.", "business"),
]
"""The employer is no party to exchanges (the law's table lists no business); it sends
withholding slips (源泉徴収票) to its employees' post boxes."""


def home_municipality(address: str) -> str:
    return "city-yokohama" if address.startswith("神奈川県") else "city-chiyoda"


def create_numbering(
    directory: Path, clock: Clock, residents: Iterable[ResidentView], seed: int
) -> Network:
    """Create the network, number the residents and fill the agencies' intermediate servers."""
    network = Network.create(directory, clock, AGENCIES)
    rng = random.Random(f"numbering-{seed}")
    today = today_in_japan(clock)
    people = {
        resident.id: _place(network, rng, today, resident)
        for resident in residents
        if resident.status == "resident"
    }
    atomic_write(
        network.folder / "people.json",
        json.dumps(people, ensure_ascii=False, indent=2).encode(),
    )
    return network


def _place(
    network: Network, rng: random.Random, today: dt.date, resident: ResidentView
) -> dict[str, str]:
    """Number one resident and register them, with data, at the agencies that serve them."""
    network.numbering.adopt(resident.id, resident.my_number)
    born = resident.four_info.birth_date
    age = age_on(born, today) if born else 40
    mine: dict[str, str] = {}

    def enrol(agency: str, prefix: str) -> str:
        number = f"{prefix}{rng.randrange(10**7):07d}"
        network.enrol(agency, number, resident.id)
        mine[agency] = number
        return number

    city = home_municipality(resident.four_info.address)
    address_number = enrol(city, "A")
    store = network.interface(city).intermediate.store
    income = rng.randrange(0, 90) * 100_000 if age >= 18 else 0
    store(address_number, "resident-tax", {
        "fiscal_year": today.year, "taxable_income_yen": income,
        "resident_tax_yen": income // 10, "exempt": income < 1_000_000,
    })  # fmt: skip
    store(address_number, "resident-record", {"household_size": rng.randint(1, 5),
                                              "head_of_household": age >= 30})  # fmt: skip
    if age >= 18:
        enrol("tax-kojimachi", "T")
    if 18 <= age < 75:
        insured = enrol("insurer-kyokai", "H")
        network.interface("insurer-kyokai").intermediate.store(insured, "health-insurance", {
            "symbol": f"{rng.randrange(10**8):08d}", "number": str(rng.randrange(1, 999)),
            "qualified_since": f"{today.year - rng.randint(0, max(0, age - 18))}-04-01",
            "copayment_ratio": 0.3,
        })  # fmt: skip
    if age >= 20:
        pensioner = enrol("pension-chiyoda", "P")
        if age >= 65:
            network.interface("pension-chiyoda").intermediate.store(
                pensioner, "pension-benefit",
                {"annual_yen": rng.randrange(60, 250) * 10_000, "kind": "老齢基礎年金 / old-age basic pension"},
            )  # fmt: skip
    return mine


class SandboxRegister:
    """The resident register as the portal's moving procedure reaches it: the authority's
    life event (the signing certificate is revoked and reissued at the counter) and fresh CRLs,
    from which the platform tells linked businesses."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def move(self, resident_code: str, new_address: str) -> None:
        self.sandbox.apply_event(resident_code, "move", address=new_address)
        self.sandbox.authority.publish_crls()


def open_numbering(sandbox: Sandbox) -> Network:
    """The world's numbering system, created for worlds made before it existed."""
    if (sandbox.directory / "mynumber" / "settings.json").exists():
        return Network(sandbox.directory, sandbox.clock)
    return create_numbering(sandbox.directory, sandbox.clock, sandbox.authority.residents(), 0)


def open_portal(
    sandbox: Sandbox, network: Network, origin: str, sources: Sequence[DisclosureSource] = ()
) -> Portal:
    """Mynaportal on the world's numbering system, trusting the world's roots and CRLs, and
    showing the person what the other parties (`sources`: in-process adapters of the platform,
    the IdP and J-LIS) disclosed about them."""
    crls = sandbox.authority.settings.crl_dir
    setup = build_verifier(
        sandbox.clock,
        [sandbox.authority.settings.roots_dir],
        crls=[crls / name for name in current_crl_names()],
        refresh=True,
    )

    def identify(serial: int) -> str | None:
        try:
            certificate = sandbox.authority.certificate(serial)
        except JpkiError:
            return None
        return certificate.resident_id if certificate.purpose is CertificatePurpose.AUTH else None

    return Portal(
        network, setup.validator, sandbox.clock, origin, identify, SandboxRegister(sandbox),
        sources,
    )  # fmt: skip


__all__ = [
    "AGENCIES",
    "SandboxRegister",
    "create_numbering",
    "home_municipality",
    "open_numbering",
    "open_portal",
]
