"""The whitelist of exchanges the law allows (番号法 別表第二), the single place that decides.

Each entry names the requesting kind of agency (情報照会者), the task (事務), the providing kind
(情報提供者) and the data items (特定個人情報) that may be provided for it, and whether the
record of such a provision is withheld from the person (不開示) and for how long (`withheld_days`:
the person sees it once the hold has ended; without it, never). The shipped table
(`data/whitelist.json`) is modelled on rows of 別表第二; an operator may load another file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jpki.mynumber.errors import NotOnWhitelist

SHIPPED = Path(__file__).resolve().parent / "data" / "whitelist.json"


@dataclasses.dataclass(frozen=True)
class DataItem:
    id: str
    name_ja: str
    name_en: str


@dataclasses.dataclass(frozen=True)
class Entry:
    """One row: who may ask whom for which items, for which task."""

    row: str
    task: str
    task_ja: str
    task_en: str
    requester: str
    provider: str
    items: frozenset[str]
    withheld: bool = False
    hold: dt.timedelta | None = None
    """How long a withheld record stays hidden from the person (None: for good)."""

    def hold_ends(self, provided_at: dt.datetime) -> str | None:
        """When the person may see the record of a provision made at `provided_at`."""
        if not self.withheld or self.hold is None:
            return None
        return (provided_at + self.hold).isoformat()


@dataclasses.dataclass(frozen=True)
class Whitelist:
    items: dict[str, DataItem]
    entries: tuple[Entry, ...]

    @classmethod
    def load(cls, path: Path = SHIPPED) -> Whitelist:
        return cls.parse(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Whitelist:
        items = {
            key: DataItem(key, value["ja"], value["en"]) for key, value in data["items"].items()
        }
        entries = []
        for raw in data["entries"]:
            entry = Entry(
                row=raw["row"],
                task=raw["task"],
                task_ja=raw["task_ja"],
                task_en=raw["task_en"],
                requester=raw["requester"],
                provider=raw["provider"],
                items=frozenset(raw["items"]),
                withheld=bool(raw.get("withheld", False)),
                hold=dt.timedelta(days=raw["withheld_days"]) if "withheld_days" in raw else None,
            )
            unknown = entry.items - items.keys()
            if unknown:
                raise ValueError(f"{entry.row}: unknown data items {sorted(unknown)}")
            entries.append(entry)
        return cls(items, tuple(entries))

    def permit(
        self, requester_kind: str, task: str, provider_kind: str, items: Iterable[str]
    ) -> Entry:
        """The entry allowing this exchange; NotOnWhitelist says why there is none."""
        wanted = frozenset(items)
        if not wanted:
            raise NotOnWhitelist("no data items asked for")
        rows = [e for e in self.entries if e.task == task]
        if not rows:
            raise NotOnWhitelist(f"task {task!r} is not in the law's table")
        rows = [e for e in rows if e.requester == requester_kind and e.provider == provider_kind]
        if not rows:
            raise NotOnWhitelist(
                f"for task {task!r} a {requester_kind} may not ask a {provider_kind}"
            )
        for entry in rows:
            if wanted <= entry.items:
                return entry
        allowed = sorted(set().union(*(e.items for e in rows)))
        raise NotOnWhitelist(
            f"items {sorted(wanted - set(allowed))} are not provided for {task!r}"
            f" (allowed: {allowed})"
        )

    def task(self, task: str) -> Entry | None:
        return next((e for e in self.entries if e.task == task), None)


__all__ = ["SHIPPED", "DataItem", "Entry", "Whitelist"]
