"""What a person keeps in the PHR: one measurement or event per record, of a kind the service
knows, with its value checked for that kind (a form's text never reaches a page unchecked)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re

from jpki.apps.kit.card_requests import CardRefusal


class Kind(enum.StrEnum):
    """The kinds of record (health checkup items as the 特定健診 forms name them)."""

    BLOOD_PRESSURE = "blood_pressure"
    WEIGHT = "weight"
    HBA1C = "hba1c"
    STEPS = "steps"
    VACCINATION = "vaccination"


PATTERNS: dict[Kind, re.Pattern[str]] = {
    Kind.BLOOD_PRESSURE: re.compile(r"(?P<a>[0-9]{2,3})/(?P<b>[0-9]{2,3})"),
    Kind.WEIGHT: re.compile(r"[0-9]{1,3}(\.[0-9])?"),
    Kind.HBA1C: re.compile(r"[0-9]{1,2}(\.[0-9])?"),
    Kind.STEPS: re.compile(r"[0-9]{1,6}"),
    Kind.VACCINATION: re.compile(r"[^\x00-\x1f<>&\"']{1,60}"),
}
"""The form each kind's value takes: `120/80` (mmHg), `62.5` (kg), `5.6` (%), `8000`, or a
vaccine's name."""
UNITS = {
    Kind.BLOOD_PRESSURE: "mmHg", Kind.WEIGHT: "kg", Kind.HBA1C: "%", Kind.STEPS: "",
    Kind.VACCINATION: "",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Entry:
    kind: Kind
    value: str
    day: dt.date

    @classmethod
    def checked(cls, kind: str, value: str, day: str, today: dt.date) -> Entry:
        """An entry from a form, or a refusal saying what is wrong with it."""
        try:
            known = Kind(kind)
            on = dt.date.fromisoformat(day.strip())
        except ValueError as exc:
            raise CardRefusal("unknown kind or date / 種類または日付が正しくありません") from exc
        text = value.strip()
        if not PATTERNS[known].fullmatch(text) or on > today or on.year < 1900:
            raise CardRefusal("the value does not fit its kind / 値の形式が正しくありません")
        return cls(known, text, on)


__all__ = ["PATTERNS", "UNITS", "Entry", "Kind"]
