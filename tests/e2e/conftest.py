"""One `jpki up` world for the use cases' browser tests, and the browser and wallet steps
they share."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from processes import Service

SERVICES_RESIDENTS = "12"


@dataclasses.dataclass
class UpWorld:
    service: Service
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
    directory = tmp_path_factory.mktemp("services-up")
    service = Service("up", "--data", directory, "--residents", SERVICES_RESIDENTS)
    world = UpWorld(service, directory, [])
    world.url("wallet")  # waits until the world is up
    world.residents = json.loads((directory / "residents.json").read_text())
    yield world
    assert service.stop() in (0, 130, -2)


@pytest.fixture
def browser_page() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        context = browser.new_context(locale="en-US")
        yield context.new_page()
        browser.close()
