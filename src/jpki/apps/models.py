"""Every service's tables, loaded into the one metadata the migrations describe."""

from __future__ import annotations

import importlib

SERVICES_WITH_TABLES = (
    "bank",
    "mvno",
    "tickets",
    "clinic",
    "insurer",
    "age",
    "gov_sso",
    "disaster",
    "mykey",
    "payments",
    "kiosk",
    "loan",
    "securities",
)


def load_all() -> None:
    for name in SERVICES_WITH_TABLES:
        importlib.import_module(f"jpki.apps.{name}.models")


__all__ = ["SERVICES_WITH_TABLES", "load_all"]
