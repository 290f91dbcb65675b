"""The attribute authority's database: the shared plumbing with its own migrations."""

from __future__ import annotations

from pathlib import Path

from jpki import storage

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class Database(storage.Database):
    def __init__(self, url: str) -> None:
        super().__init__(url, MIGRATIONS)


__all__ = ["Database"]
