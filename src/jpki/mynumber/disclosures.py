"""The person's disclosure log on Mynaportal (自己情報の提供記録): the network's provision records
and every other party's answers, merged newest first, filtered, and downloaded as JSON or CSV.

The network's own records are the core's provision log (情報提供等記録, keyed by the linkage
code); the other parties answer through `jpki.protocol.disclosures.DisclosureSource` for the
holder the portal logged in. A withheld (不開示) record stays out of the log until its hold ends,
and is shown from then on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict

from jpki.clock import JST, in_jst
from jpki.mynumber.provision_log import ProvisionRecord
from jpki.mynumber.whitelist import Whitelist
from jpki.protocol.disclosures import (
    Disclosure,
    DisclosureSource,
    Kind,
    Outcome,
    Party,
    VerifiedHolder,
    item_label,
)

AgencyName = Callable[[str], str]


def of_provisions(
    records: Sequence[ProvisionRecord], whitelist: Whitelist, name: AgencyName
) -> list[Disclosure]:
    """The core's provision records about a person (oldest first, as the log keeps them) as
    disclosures, newest first: the providing agency disclosed the items to the requesting one,
    for the task."""
    shown = []
    for record in reversed(records):
        if record.withheld and record.withheld_until is None:
            continue  # withheld for good
        entry = whitelist.task(record.task)
        shown.append(
            Disclosure(
                party=Party.NETWORK,
                recipient=name(record.requester),
                recipient_id=record.requester,
                kind=Kind.PROVISION,
                items=tuple(
                    f"{whitelist.items[i].name_ja} / {whitelist.items[i].name_en}"
                    if i in whitelist.items
                    else i
                    for i in record.items
                )
                if record.outcome == "provided"
                else (),
                at=dt.datetime.fromisoformat(record.provided_at or record.requested_at),
                purpose=(
                    f"{entry.task_ja} / {entry.task_en} ({name(record.provider)})"
                    if entry
                    else record.task
                ),
                outcome=Outcome.REFUSED if record.outcome == "refused" else Outcome.GIVEN,
                held_until=(
                    dt.datetime.fromisoformat(record.withheld_until)
                    if record.withheld_until
                    else None
                ),
            )
        )
    return shown


class LogFilter(BaseModel):
    """What the person narrows the log to (every field optional; dates are JST days)."""

    model_config = ConfigDict(frozen=True)

    party: Party | None = None
    recipient: str | None = None
    """A part of the recipient's name or identifier."""
    kind: Kind | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def keeps(self, disclosure: Disclosure) -> bool:
        day = disclosure.at.astimezone(JST).date()
        wanted = (self.recipient or "").casefold()
        return (
            (self.party is None or disclosure.party is self.party)
            and (self.kind is None or disclosure.kind is self.kind)
            and (
                not wanted
                or wanted in disclosure.recipient.casefold()
                or wanted in disclosure.recipient_id.casefold()
            )
            and (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
        )


def merged(
    own: Sequence[Disclosure],
    sources: Sequence[DisclosureSource],
    holder: VerifiedHolder,
    now: dt.datetime,
    only: LogFilter,
) -> list[Disclosure]:
    """Every party's disclosures about the holder that the person may see now, newest first
    (each source answers newest first; the sort is stable, so ties keep that order)."""
    every = [*own, *(d for source in sources for d in source.disclosures_of(holder))]
    visible = [d for d in every if d.visible_at(now) and only.keeps(d)]
    return sorted(visible, key=lambda d: d.at, reverse=True)


def as_json(disclosures: Sequence[Disclosure]) -> bytes:
    """The download (JSON): the records as every party answered them, times in JST."""
    rows = [
        {**d.model_dump(mode="json"), "at": d.at.astimezone(JST).isoformat()} for d in disclosures
    ]
    return json.dumps({"disclosures": rows}, ensure_ascii=False, indent=2).encode()


CSV_COLUMNS = ("at_jst", "party", "recipient", "recipient_id", "kind", "items", "purpose",
               "consent", "outcome")  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting so is a formula to spreadsheet software (OWASP "CSV injection")."""


def _cell(text: str) -> str:
    """A cell as text: a recipient names itself (an RP's client name is its own choice), so a
    name that would run as a formula is quoted with a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def as_csv(disclosures: Sequence[Disclosure], language: str) -> bytes:
    """The download (CSV, UTF-8 with BOM for spreadsheet software), in the person's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for d in disclosures:
        writer.writerow([_cell(text) for text in (
            in_jst(d.at), d.party.label[language], d.recipient, d.recipient_id,
            d.kind.label[language], "; ".join(item_label(i, language) for i in d.items),
            d.purpose, d.consent or "", d.outcome.value,
        )])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode()


__all__ = ["CSV_COLUMNS", "LogFilter", "as_csv", "as_json", "merged", "of_provisions"]
