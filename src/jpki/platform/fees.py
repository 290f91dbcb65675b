"""Fees (手数料): J-LIS's per-check fees passed through, plus the platform's own price list.

J-LIS charges an accredited verifier for each validity check of a certificate: 20 yen for a
signing certificate, 2 yen for an authentication certificate (`CertificatePurpose.check_fee_yen`).
The platform passes that through to the tenant whose request caused the check and adds its own
price per billable item. Counts are kept per month and written in the transaction of the
request (with its evidence), so a statement always matches the evidence log. Each counter is
spread over `SLOTS` rows, one picked at random per request, so a tenant's requests on several
workers do not queue for one row's lock (benchmarks/workers_logins.py); a statement sums them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import secrets
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jpki.clock import JST
from jpki.platform.store.models import FeeCountRow
from jpki.profile.purpose import CertificatePurpose

PRICE_LIST: Mapping[str, int] = {
    "authentication": 3,
    "signature": 10,
    "registration": 30,
    "status-check": 5,
    "attribute-check": 10,
}
"""The platform's own price per item, yen (before J-LIS's pass-through fee)."""


def month_of(moment) -> str:  # type: ignore[no-untyped-def]
    """The billing month (Japanese calendar month) of a moment: `YYYY-MM`."""
    return moment.astimezone(JST).strftime("%Y-%m")


SLOTS = 16
"""Rows per counter (tenant, month, item, purpose)."""


def count(
    session: Session,
    tenant_id: str,
    month: str,
    item: str,
    purpose: CertificatePurpose | None,
    amount: int = 1,
) -> None:
    """Add `amount` billable items (an upsert, safe with concurrent workers)."""
    values = {
        "tenant_id": tenant_id,
        "month": month,
        "item": item,
        "purpose": purpose.value if purpose else "-",
        "slot": secrets.randbelow(SLOTS),
        "count": amount,
    }
    session.execute(_UPSERTS[session.get_bind().dialect.name == "postgresql"], values)


def _upsert(insert: Any) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE count = count + :count, built once per dialect."""
    table = cast(Table, FeeCountRow.__table__)
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=["tenant_id", "month", "item", "purpose", "slot"],
        set_={"count": table.c.count + statement.excluded.count},
    )


_UPSERTS = {True: _upsert(postgresql.insert), False: _upsert(sqlite.insert)}


@dataclasses.dataclass(frozen=True)
class StatementLine:
    item: str
    purpose: str
    count: int
    jlis_yen: int
    """J-LIS's fee passed through: per-check fee of the purpose times the count."""
    platform_yen: int

    @property
    def total_yen(self) -> int:
        return self.jlis_yen + self.platform_yen


@dataclasses.dataclass(frozen=True)
class Statement:
    tenant_id: str
    month: str
    lines: tuple[StatementLine, ...]

    @property
    def total_yen(self) -> int:
        return sum(line.total_yen for line in self.lines)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["tenant", "month", "item", "purpose", "count", "jlis_yen", "platform_yen", "total_yen"]
        )
        for line in self.lines:
            writer.writerow(
                [
                    self.tenant_id,
                    self.month,
                    line.item,
                    line.purpose,
                    line.count,
                    line.jlis_yen,
                    line.platform_yen,
                    line.total_yen,
                ]
            )
        writer.writerow([self.tenant_id, self.month, "total", "", "", "", "", self.total_yen])
        return out.getvalue()


def statement(
    session: Session, tenant_id: str, month: str, prices: Mapping[str, int] = PRICE_LIST
) -> Statement:
    rows = session.execute(
        select(FeeCountRow.item, FeeCountRow.purpose, func.sum(FeeCountRow.count).label("total"))
        .where(FeeCountRow.tenant_id == tenant_id, FeeCountRow.month == month)
        .group_by(FeeCountRow.item, FeeCountRow.purpose)
        .order_by(FeeCountRow.item, FeeCountRow.purpose)
    )
    lines = []
    for row in rows:
        jlis = CertificatePurpose(row.purpose).check_fee_yen if row.purpose != "-" else 0
        total = int(row.total)  # PostgreSQL sums bigints as numeric
        lines.append(
            StatementLine(
                row.item, row.purpose, total, jlis * total, prices.get(row.item, 0) * total
            )
        )
    return Statement(tenant_id, month, tuple(lines))


__all__ = ["PRICE_LIST", "SLOTS", "Statement", "StatementLine", "count", "month_of", "statement"]
