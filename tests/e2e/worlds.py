"""A `jpki up` world that browser tests share: the use cases' tests one per session
(`tests/conftest.py`'s `up_world`), a test that must count on its own residents one of its own."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.e2e.processes import Service

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


def up_world_in(directory: Path) -> Iterator[UpWorld]:
    """`jpki up` on `directory` until the caller is done with it."""
    service = Service("up", "--data", directory, "--residents", SERVICES_RESIDENTS)
    world = UpWorld(service, directory, [])
    world.url("wallet")  # waits until the world is up
    world.residents = json.loads((directory / "residents.json").read_text())
    yield world
    assert service.stop() in (0, 130, -2)
