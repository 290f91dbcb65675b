"""The qualification registry (資格確認: the 医籍 of doctors and the 薬剤師名簿 of pharmacists,
kept by the Ministry of Health, Labour and Welfare): who holds which licence.

The HPKI authority confirms a claimed licence here before it issues (the policy's 資格確認).
A licence names its holder by name and birth date, the two 4-information items the card's
signing certificate proves; the address is not used. In the sandbox the registry is a JSON file
in the authority's folder, written by the world (`jpki up`) and the tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from jpki.files import atomic_write
from jpki.protocol.hpki import Qualification


@dataclasses.dataclass(frozen=True)
class Licence:
    """One registered licence (免許)."""

    number: str
    """The registration number (登録番号)."""
    qualification: Qualification
    name: str
    """The holder's name as the JPKI card records it (family and given name, U+3000)."""
    birth_date: dt.date
    struck_off: bool = False
    """Whether the licence was cancelled (免許取消)."""


def _squeeze(name: str) -> str:
    """A name compared without its spaces (ASCII, ideographic)."""
    return name.replace("\u3000", "").replace(" ", "")


class QualificationRegistry:
    """The licences, read from and written to `path` (JSON)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, Licence]:
        if not self.path.exists():
            return {}
        rows = json.loads(self.path.read_text(encoding="utf-8"))
        return {
            row["number"]: Licence(
                row["number"], Qualification(row["qualification"]), row["name"],
                dt.date.fromisoformat(row["birth_date"]), bool(row.get("struck_off", False)),
            )
            for row in rows
        }  # fmt: skip

    def _save(self, licences: dict[str, Licence]) -> None:
        rows = [
            {
                "number": lic.number, "qualification": lic.qualification.value, "name": lic.name,
                "birth_date": lic.birth_date.isoformat(), "struck_off": lic.struck_off,
            }
            for lic in licences.values()
        ]  # fmt: skip
        atomic_write(self.path, json.dumps(rows, ensure_ascii=False, indent=1).encode())

    def register(self, licence: Licence) -> None:
        licences = self._load()
        licences[licence.number] = licence
        self._save(licences)

    def strike_off(self, number: str) -> None:
        licences = self._load()
        licences[number] = dataclasses.replace(licences[number], struck_off=True)
        self._save(licences)

    def confirm(
        self, number: str, qualification: Qualification, name: str, birth_date: dt.date | None
    ) -> Licence | None:
        """The licence `number` if it is in force, of `qualification`, and its holder is the
        person the card proved (same name, same birth date); else None."""
        licence = self._load().get(number)
        if licence is None or licence.struck_off or licence.qualification is not qualification:
            return None
        if _squeeze(licence.name) != _squeeze(name) or licence.birth_date != birth_date:
            return None
        return licence

    def all(self) -> list[Licence]:
        return list(self._load().values())


__all__ = ["Licence", "QualificationRegistry"]
