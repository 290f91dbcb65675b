"""The one registry of the use cases' services: every service under `jpki.apps`, named once.

A service is self-contained: its package holds its code, its bilingual texts (`texts.py`), its
pages (`templates/`) and its tables (`models.py`) with their Alembic revisions
(`migrations/`). The services' database loads every service's tables and revisions through
this list (`jpki.apps.models`, `jpki.apps.kit.database`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

SERVICES = ("bank", "loan", "securities", "mvno", "tickets", "clinic", "insurer", "age", "disaster", "mykey", "payments", "kiosk", "gov_sso")  # fmt: skip
"""The services' packages, in the order `jpki up` lists them and binds their ports."""


def part(service: str, module: str) -> ModuleType:
    """The module `jpki.apps.<service>.<module>` (imported on first use, so that listing the
    services costs nothing and the database loads tables without the web apps)."""
    return importlib.import_module(f"{__package__}.{service}.{module}")


__all__ = ["SERVICES", "part"]
