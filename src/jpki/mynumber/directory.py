"""The network's directory of agencies (public: ID, name, kind, keys) and each party's memory
of the message IDs it has received (for replay protection)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from jpki.mynumber.errors import UnknownAgency
from jpki.mynumber.messages import PublicKeys
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import AgencyRow, SeenMessageRow

CORE = "core"
KINDS = ("municipality", "tax-office", "pension-office", "health-insurer", "business")


@dataclasses.dataclass(frozen=True)
class Agency:
    id: str
    name: str
    kind: str
    keys: PublicKeys


class Directory:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._cache: dict[str, Agency] = {}

    def register(self, agency_id: str, name: str, kind: str, keys: PublicKeys) -> Agency:
        if kind not in KINDS and agency_id != CORE:
            raise UnknownAgency(f"kind must be one of {KINDS}")
        with self.database.transaction() as session:
            row = session.get(AgencyRow, agency_id)
            text = json.dumps(keys.to_json())
            if row is None:
                session.add(AgencyRow(id=agency_id, name=name, kind=kind, public_keys=text))
            else:
                row.name, row.kind, row.public_keys = name, kind, text
        self._cache.pop(agency_id, None)
        return self.get(agency_id)

    def get(self, agency_id: str) -> Agency:
        cached = self._cache.get(agency_id)
        if cached is not None:
            return cached
        with self.database.transaction() as session:
            row = session.get(AgencyRow, agency_id)
        if row is None:
            raise UnknownAgency(f"no agency {agency_id!r} on the network")
        agency = Agency(
            row.id, row.name, row.kind, PublicKeys.from_json(json.loads(row.public_keys))
        )
        self._cache[agency_id] = agency
        return agency

    def keys_of(self, party: str) -> PublicKeys:
        return self.get(party).keys

    def all(self) -> list[Agency]:
        with self.database.transaction() as session:
            ids = [row.id for row in session.query(AgencyRow.id).order_by(AgencyRow.id)]
        return [self.get(i) for i in ids if i != CORE]


class Memory:
    """The message IDs one party received, until they fall out of the replay window."""

    def __init__(self, database: Database, party: str) -> None:
        self.database, self.party = database, party

    def remember(self, message_id: str, expires_at: dt.datetime) -> bool:
        """False if the ID was seen before."""
        try:
            with self.database.transaction() as session:
                session.execute(
                    insert(SeenMessageRow).values(
                        party=self.party, message_id=message_id, expires_at=expires_at
                    )
                )
        except IntegrityError:
            return False
        return True


__all__ = ["CORE", "KINDS", "Agency", "Directory", "Memory"]
