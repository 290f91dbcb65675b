"""What the composition root hands every service: where it answers, its platform tenant, its
database, the clock, its folder and the wallet that holds the residents' cards."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.clock import Clock


@dataclasses.dataclass(frozen=True)
class ServiceContext:
    origin: str
    """The service's own base URL (a registered origin of its platform tenant)."""
    wallet_url: str
    platform: PlatformApi
    database: AppsDatabase
    clock: Clock
    session_secret: str
    folder: Path
    """The service's own files (keys, caches), created by the composition root."""


__all__ = ["ServiceContext"]
