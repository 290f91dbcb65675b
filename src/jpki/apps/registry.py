"""The one registry of the use cases' services: every service under `jpki.apps`, named once.

A service is self-contained: its package holds its code, its bilingual texts (`texts.py`), its
pages (`templates/`), its tables (`models.py`) with their Alembic revisions (`migrations/`),
and what the composition root needs to start it (`spec.py`, `SPECS`). Both readers go
through this list: the services' database loads every service's tables and revisions
(`jpki.apps.models`, `jpki.apps.kit.database`) and the world starts every service
(`jpki.world.services`). Adding a service is its folder and its name here;
tests/apps/test_self_contained.py checks that nothing of a service is kept elsewhere.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jpki.apps.kit.spec import Spec

SERVICES = ("bank", "loan", "securities", "mvno", "tickets", "clinic", "insurer", "age", "disaster", "mykey", "payments", "kiosk", "counter", "recycling", "auction", "infobank", "venue", "employer", "licence", "procurement", "phr", "hotel", "parent_support", "exam", "public_money", "death_onestop", "pharmacy", "fee_reduction", "gov_sso")  # fmt: skip
"""The services' packages, in the order `jpki up` lists them and binds their ports."""


def part(service: str, module: str) -> ModuleType:
    """The module `jpki.apps.<service>.<module>` (imported on first use, so that listing the
    services costs nothing and the database loads tables without the web apps)."""
    return importlib.import_module(f"{__package__}.{service}.{module}")


def specs() -> tuple[Spec, ...]:
    """What every service starts in the world, in the registry's order."""
    return tuple(spec for service in SERVICES for spec in part(service, "spec").SPECS)


__all__ = ["SERVICES", "part", "specs"]
