"""A sandbox with one resident, its authority serving revocation data, and a platform set up
to take its CRLs and OCSP from that authority, with one SP tenant: what the end-to-end tests
of the platform as a real process start from."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from tests.e2e.processes import Service, jpki

TENANT, ORIGIN = "bank-001", "https://bank.example"


@dataclasses.dataclass
class PlatformWorld:
    folder: Path
    authority: Service
    api_key: str
    """The SP tenant's key."""


def platform_world(folder: Path, *, model: str, seed: int) -> PlatformWorld:
    """The world in `folder`, the SP tenant of `model` (`daiko` or `itaku`); the platform is
    initialised, not started (`Service("platform", "serve", "--data", folder)`)."""
    jpki("sandbox", "init", folder, "--residents", "1", "--seed", str(seed))
    authority = Service("authority", "serve", "--data", folder)
    verifier_key = json.loads((folder / "verifier.json").read_text())["api_key"]
    jpki("platform", "init", "--data", folder, "--trust", folder / "roots",
         "--authority", authority.url, "--verifier-key", verifier_key)  # fmt: skip
    key = json.loads(
        jpki("platform", "tenant", "--data", folder, TENANT, "--name", "Bank", "--model", model,
             "--origin", ORIGIN).stdout
    )["api_key"]  # fmt: skip
    return PlatformWorld(folder, authority, key)


__all__ = ["ORIGIN", "TENANT", "PlatformWorld", "platform_world"]
