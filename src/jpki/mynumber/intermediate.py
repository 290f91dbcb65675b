"""An agency's intermediate server (中間サーバー): copies of the data it may provide.

Keyed by the agency's internal address number (宛名番号), never the My Number; it answers the
agency's interface system automatically with the items asked for.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from jpki.clock import Clock
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import IntermediateRow


class IntermediateServer:
    def __init__(self, agency: str, database: Database, clock: Clock) -> None:
        self.agency, self.database, self.clock = agency, database, clock

    def store(self, address_number: str, item: str, value: Any) -> None:
        """Put (or replace) one item of one person's data."""
        with self.database.transaction() as session:
            row = session.get(IntermediateRow, (self.agency, address_number, item))
            text = json.dumps(value, ensure_ascii=False)
            if row is None:
                session.add(
                    IntermediateRow(
                        agency=self.agency,
                        address_number=address_number,
                        item=item,
                        value_json=text,
                        updated_at=self.clock.now(),
                    )
                )
            else:
                row.value_json, row.updated_at = text, self.clock.now()

    def query(self, address_number: str, items: list[str]) -> dict[str, Any]:
        """The items held for the person (missing items are absent)."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(IntermediateRow.item, IntermediateRow.value_json).where(
                    IntermediateRow.agency == self.agency,
                    IntermediateRow.address_number == address_number,
                    IntermediateRow.item.in_(items),
                )
            ).all()
        return {item: json.loads(value) for item, value in rows}

    def everything(self, address_number: str) -> dict[str, Any]:
        """All items held for the person (for the person's own view in the portal)."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(IntermediateRow.item, IntermediateRow.value_json).where(
                    IntermediateRow.agency == self.agency,
                    IntermediateRow.address_number == address_number,
                )
            ).all()
        return {item: json.loads(value) for item, value in rows}


__all__ = ["IntermediateServer"]
