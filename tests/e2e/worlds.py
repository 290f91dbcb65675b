"""A `jpki up` world that browser tests share: the use cases' tests one per session
(`tests/conftest.py`'s `up_world`), a test that must count on its own residents one of its own."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.processes import Service

SERVICES_RESIDENTS = "16"


@dataclasses.dataclass
class UpWorld:
    service: Any
    directory: Path
    residents: list[dict[str, Any]]

    def url(self, name: str) -> str:
        return self.service.url_named(name)

    def operator_calls(self, *paths: str) -> list[Any]:
        """POST each of the platform's operator `paths` (`/v1/revocation/refresh`, ...)."""
        settings = json.loads((self.directory / "platform" / "settings.json").read_text())
        operator = {"Authorization": f"Bearer {settings['admin_token']}"}
        with httpx.Client(timeout=30) as client:
            return [
                client.post(f"{self.url('platform')}{path}", headers=operator).json()
                for path in paths
            ]

    def adults(self) -> list[dict[str, Any]]:
        """Residents with a signing certificate (15 and over), Japanese names first."""
        holders = [r for r in self.residents if r["status"] == "resident" and r.get("sign")]
        return sorted(holders, key=lambda r: r["name"].isascii())


def up_world_in(directory: Path, residents: str = SERVICES_RESIDENTS) -> Iterator[UpWorld]:
    """`jpki up` on `directory` until the caller is done with it."""
    service = Service("up", "--data", directory, "--residents", residents)
    world = UpWorld(service, directory, [])
    world.url("wallet")  # waits until the world is up
    world.residents = json.loads((directory / "residents.json").read_text())
    yield world
    assert service.stop() in (0, 130, -2)
