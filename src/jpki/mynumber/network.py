"""The numbering system of one world, wired: numbering, the core, each agency's interface
system and intermediate server, the provision logs and health IDs.

Files under `<data>/mynumber/`: `settings.json` (database URL, the agencies), `keys/<party>.json`
(each party's private keys, mode 0600; an agency would hold only its own) and
`core-secrets.json` (the core's derivation keys and the health-ID key, mode 0600).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from pathlib import Path
from typing import Any

from jpki.clock import Clock
from jpki.files import atomic_write, private_folder
from jpki.mynumber.codes import CodeKeys
from jpki.mynumber.core import Core
from jpki.mynumber.directory import CORE, Directory
from jpki.mynumber.errors import NumberingError, UnknownAgency
from jpki.mynumber.health import HealthIds
from jpki.mynumber.interface import InterfaceSystem, Provision
from jpki.mynumber.intermediate import IntermediateServer
from jpki.mynumber.messages import PartyKeys
from jpki.mynumber.numbering import Numbering
from jpki.mynumber.postbox import PostBox
from jpki.mynumber.provision_log import ProvisionLog
from jpki.mynumber.store.database import Database
from jpki.mynumber.whitelist import SHIPPED, Whitelist
from jpki.storage import sqlite_url


@dataclasses.dataclass(frozen=True)
class AgencySpec:
    id: str
    name: str
    kind: str


class Network:
    def __init__(self, data_dir: Path, clock: Clock) -> None:
        self.folder = data_dir / "mynumber"
        try:
            settings = json.loads((self.folder / "settings.json").read_text())
            secrets_ = json.loads((self.folder / "core-secrets.json").read_text())
        except FileNotFoundError:
            raise NumberingError(f"no numbering system in {data_dir} (jpki sandbox init)") from None
        self.clock = clock
        self.database = Database(
            settings.get("database_url") or sqlite_url(self.folder / "mynumber.db")
        )
        self.database.migrate()
        self.whitelist = Whitelist.load(Path(settings.get("whitelist") or SHIPPED))
        self.directory = Directory(self.database)
        self.log = ProvisionLog(self.database)
        self.numbering = Numbering(self.database, clock)
        codes = CodeKeys(
            bytes.fromhex(secrets_["linkage_key"]), bytes.fromhex(secrets_["code_key"])
        )
        self.core = Core(
            self.database, clock, self._keys(CORE), codes, self.directory, self.whitelist, self.log
        )
        self.postbox = PostBox(self.database, clock, self.directory, self.core.keys)
        self.health = HealthIds(bytes.fromhex(secrets_["health_key"]), self.database, clock)
        self.agencies = [AgencySpec(**a) for a in settings["agencies"]]
        self.interfaces = {
            a.id: InterfaceSystem(
                self._keys(a.id), self.database, clock, self.directory, self.whitelist, self.log,
                IntermediateServer(a.id, self.database, clock),
            )
            for a in self.agencies
        }  # fmt: skip

    def _keys(self, party: str) -> PartyKeys:
        return PartyKeys.from_json(json.loads((self.folder / "keys" / f"{party}.json").read_text()))

    @classmethod
    def create(
        cls,
        data_dir: Path,
        clock: Clock,
        agencies: list[AgencySpec],
        database_url: str | None = None,
    ) -> Network:
        """Make the core's and every agency's keys and register the agencies with the core."""
        folder = data_dir / "mynumber"
        private_folder(folder / "keys")
        settings: dict[str, Any] = {
            "database_url": database_url,
            "agencies": [dataclasses.asdict(a) for a in agencies],
        }
        atomic_write(
            folder / "settings.json", json.dumps(settings, ensure_ascii=False, indent=2).encode()
        )
        codes = CodeKeys.generate()
        core_secrets = {
            "linkage_key": codes.linkage_key.hex(),
            "code_key": codes.code_key.hex(),
            "health_key": secrets.token_bytes(32).hex(),
        }
        atomic_write(folder / "core-secrets.json", json.dumps(core_secrets).encode(), mode=0o600)
        for party in [CORE, *(a.id for a in agencies)]:
            keys = PartyKeys.generate(party)
            atomic_write(
                folder / "keys" / f"{party}.json", json.dumps(keys.to_json()).encode(), mode=0o600
            )
        network = cls(data_dir, clock)
        network.directory.register(
            CORE, "情報提供ネットワークシステム コア / core", "core", network.core.keys.public()
        )
        for agency in agencies:
            network.directory.register(
                agency.id, agency.name, agency.kind, network.interfaces[agency.id].keys.public()
            )
        return network

    def close(self) -> None:
        self.database.dispose()

    def interface(self, agency: str) -> InterfaceSystem:
        try:
            return self.interfaces[agency]
        except KeyError:
            raise UnknownAgency(f"no agency {agency!r} in this world") from None

    # -- the network's wires (in-process; the sealed bytes are what would travel) -------------

    def to_core(self, sealed: bytes) -> bytes:
        return self.core.mediate(sealed, self.deliver)

    def deliver(self, agency: str, sealed: bytes) -> bytes:
        return self.interface(agency).answer(sealed)

    def enrol(self, agency: str, address_number: str, resident_code: str) -> str:
        return self.interface(agency).enrol(address_number, resident_code, self.core.issue_code)

    def request(
        self, requester: str, task: str, provider: str, address_number: str, items: list[str]
    ) -> Provision:
        """An agency asks another for a person's data for a task (情報照会)."""
        return self.interface(requester).request(
            task, provider, address_number, items, self.to_core
        )


__all__ = ["AgencySpec", "Network"]
