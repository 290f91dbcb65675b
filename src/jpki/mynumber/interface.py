"""An agency's interface system (団体内統合宛名システム / 情報照会・提供機能 in one).

It knows the agency's people by address number (宛名番号) and their institution-specific code
(機関別符号), never their My Number on the network; it refuses to send or answer anything the
whitelist does not list, signs and encrypts what it sends with the agency's own keys, and
records every exchange in the agency's provision log.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from jpki.clock import Clock
from jpki.mynumber.directory import CORE, Directory, Memory
from jpki.mynumber.errors import BadMessage, NotOnWhitelist, NumberingError, UnknownPerson
from jpki.mynumber.intermediate import IntermediateServer
from jpki.mynumber.messages import PartyKeys, open_sealed, seal
from jpki.mynumber.provision_log import ProvisionLog, ProvisionRecord
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import AgencyPersonRow
from jpki.mynumber.whitelist import Whitelist

ToCore = Callable[[bytes], bytes]
"""Send a sealed query to the core and return its sealed answer."""
CodeIssuer = Callable[[str, str], str]
"""(agency, resident-register code) -> the agency's code, as the core issues it."""


@dataclasses.dataclass(frozen=True)
class Provision:
    """What a requester got: the data, or why not."""

    exchange_id: str
    outcome: str
    data: dict[str, Any]
    reason: str | None = None


class InterfaceSystem:
    def __init__(
        self,
        keys: PartyKeys,
        database: Database,
        clock: Clock,
        directory: Directory,
        whitelist: Whitelist,
        log: ProvisionLog,
        intermediate: IntermediateServer,
    ) -> None:
        self.agency = keys.party
        self.keys, self.database, self.clock = keys, database, clock
        self.directory, self.whitelist, self.log = directory, whitelist, log
        self.intermediate = intermediate
        self.memory = Memory(database, self.agency)

    # -- the agency's own people -------------------------------------------------------------

    def enrol(self, address_number: str, resident_code: str, issue: CodeIssuer) -> str:
        """Get the person's code from the core (符号の取得) and keep it by address number."""
        code = issue(self.agency, resident_code)
        with self.database.transaction() as session:
            row = session.get(AgencyPersonRow, (self.agency, address_number))
            if row is None:
                session.add(
                    AgencyPersonRow(
                        agency=self.agency, address_number=address_number, institution_code=code
                    )
                )
            elif row.institution_code != code:
                raise NumberingError(f"address number {address_number} is someone else")
        return code

    def code_of(self, address_number: str) -> str:
        with self.database.transaction() as session:
            row = session.get(AgencyPersonRow, (self.agency, address_number))
        if row is None:
            raise UnknownPerson(f"{self.agency} has no person with address number {address_number}")
        return row.institution_code

    def address_of(self, code: str) -> str | None:
        with self.database.transaction() as session:
            return session.scalar(
                select(AgencyPersonRow.address_number).where(
                    AgencyPersonRow.agency == self.agency,
                    AgencyPersonRow.institution_code == code,
                )
            )

    # -- asking (情報照会) ----------------------------------------------------------------------

    def request(
        self, task: str, provider: str, address_number: str, items: list[str], to_core: ToCore
    ) -> Provision:
        """Ask `provider` for a person's items for `task` through the core."""
        now = self.clock.now()
        code = self.code_of(address_number)
        record = ProvisionRecord(
            exchange_id="", person=code, requester=self.agency, provider=provider, task=task,
            items=tuple(items), requested_at=now.isoformat(), outcome="refused",
        )  # fmt: skip
        try:
            self.whitelist.permit(
                self.directory.get(self.agency).kind, task, self.directory.get(provider).kind, items
            )
        except NotOnWhitelist as refusal:
            self.log.append(
                self.keys,
                dataclasses.replace(
                    record, exchange_id=str(uuid.uuid4()), reason=f"{refusal.code}: {refusal}"
                ),
                now,
            )
            raise
        exchange_id = str(uuid.uuid4())
        query = seal(
            self.keys, self.directory.keys_of(CORE), "query",
            {"exchange_id": exchange_id, "task": task, "provider": provider, "code": code, "items": items},
            now,
        )  # fmt: skip
        answer = open_sealed(
            self.keys,
            to_core(query),
            self.directory.keys_of,
            self.clock.now(),
            self.memory.remember,
        )
        if answer.sender != CORE or answer.body.get("exchange_id") != exchange_id:
            raise BadMessage("the core answered another exchange")
        body = answer.body
        outcome = str(body.get("outcome"))
        self.log.append(
            self.keys,
            dataclasses.replace(
                record,
                exchange_id=exchange_id,
                outcome=outcome,
                provided_at=body.get("provided_at"),
                withheld=bool(body.get("withheld")),
                reason=body.get("reason"),
            ),
            self.clock.now(),
        )
        data = body.get("data")
        data = data if isinstance(data, dict) else {}
        return Provision(exchange_id, outcome, data, body.get("reason"))

    # -- answering (情報提供) -------------------------------------------------------------------

    def answer(self, sealed_query: bytes) -> bytes:
        """Answer the core's query from the intermediate server, if the whitelist allows."""
        now = self.clock.now()
        query = open_sealed(
            self.keys, sealed_query, self.directory.keys_of, now, self.memory.remember
        )
        if query.sender != CORE:
            raise BadMessage("only the core may ask an interface system")
        body = query.body
        try:
            exchange_id, requester, task = (
                str(body["exchange_id"]),
                str(body["requester"]),
                str(body["task"]),
            )
            code, items = str(body["code"]), [str(i) for i in body["items"]]
        except (KeyError, TypeError):
            raise BadMessage(
                "a forwarded query names exchange, requester, task, code and items"
            ) from None
        record = ProvisionRecord(
            exchange_id=exchange_id, person=code, requester=requester, provider=self.agency,
            task=task, items=tuple(items), requested_at=str(body.get("requested_at", "")),
            outcome="refused",
        )  # fmt: skip
        reply: dict[str, Any] = {"exchange_id": exchange_id}
        try:
            entry = self.whitelist.permit(
                self.directory.get(requester).kind,
                task,
                self.directory.get(self.agency).kind,
                items,
            )
            address = self.address_of(code)
            data = self.intermediate.query(address, items) if address else {}
            outcome = "provided" if data else "no-record"
            record = dataclasses.replace(
                record, outcome=outcome, provided_at=now.isoformat(), withheld=entry.withheld
            )
            reply |= {"outcome": outcome, "data": data}
        except NumberingError as refusal:
            record = dataclasses.replace(record, reason=f"{refusal.code}: {refusal}")
            reply |= {"outcome": "refused", "reason": record.reason, "code": refusal.code}
        self.log.append(self.keys, record, now)
        return seal(self.keys, self.directory.keys_of(CORE), "answer", reply, now)


__all__ = ["CodeIssuer", "InterfaceSystem", "Provision", "ToCore"]
