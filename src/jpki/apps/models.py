"""Every service's tables, loaded into the one metadata the migrations describe."""

from __future__ import annotations

from jpki.apps.registry import SERVICES, part


def load_all() -> None:
    """Import each registered service's `models`, whose tables join `Base.metadata`."""
    for service in SERVICES:
        part(service, "models")


__all__ = ["load_all"]
