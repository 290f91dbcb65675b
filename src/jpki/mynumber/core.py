"""The core (コアシステム) of the information provision network.

It alone holds the derivation keys: it issues each agency's code for a person (符号の生成), and
mediates every exchange: it opens the requester's signed query, checks the whitelist, turns the
requester's code into the provider's through the linkage code, forwards the query to the
provider's interface system, relays the answer, and records the exchange in its own log (by
linkage code, so Mynaportal can show the person their records). The My Number never passes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from jpki.clock import Clock
from jpki.mynumber.codes import CodeKeys
from jpki.mynumber.directory import CORE, Directory, Memory
from jpki.mynumber.errors import BadMessage, NumberingError, UnknownPerson
from jpki.mynumber.messages import Message, PartyKeys, open_sealed, seal
from jpki.mynumber.provision_log import ProvisionLog, ProvisionRecord
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import CoreCodeRow
from jpki.mynumber.whitelist import Whitelist

POSTBOX = "postbox"
Transport = Callable[[str, bytes], bytes]
"""Deliver a sealed message to an agency's interface system and return its sealed answer."""


class Core:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        keys: PartyKeys,
        codes: CodeKeys,
        directory: Directory,
        whitelist: Whitelist,
        log: ProvisionLog,
    ) -> None:
        self.database, self.clock, self.keys, self.codes = database, clock, keys, codes
        self.directory, self.whitelist, self.log = directory, whitelist, log
        self.memory = Memory(database, CORE)

    def issue_code(self, agency: str, resident_code: str) -> str:
        """The agency's institution-specific code for a person (符号の取得), remembered by the
        core so it can map it back to the linkage code later."""
        self.directory.get(agency)
        linkage = self.codes.linkage_code(resident_code)
        code = self.codes.institution_code(linkage, agency)
        with self.database.transaction() as session:
            if session.get(CoreCodeRow, (agency, code)) is None:
                session.add(CoreCodeRow(agency=agency, institution_code=code, linkage_code=linkage))
        return code

    def linkage_of_resident(self, resident_code: str) -> str:
        """For the portal, which logs the person in and shows the core's records of them."""
        return self.codes.linkage_code(resident_code)

    def postbox_address(self, resident_code: str) -> str:
        """The person's post box address (電子私書箱), a code of the pseudo-agency `postbox`
        that senders without a code of their own (businesses) deliver to."""
        linkage = self.codes.linkage_code(resident_code)
        code = self.codes.institution_code(linkage, POSTBOX)
        with self.database.transaction() as session:
            if session.get(CoreCodeRow, (POSTBOX, code)) is None:
                session.add(
                    CoreCodeRow(agency=POSTBOX, institution_code=code, linkage_code=linkage)
                )
        return code

    def recipient(self, sender: str, code: str) -> str:
        """The linkage code a sender addresses: its own code for the person, or a post box
        address."""
        try:
            return self._linkage(sender, code)
        except UnknownPerson:
            return self._linkage(POSTBOX, code)

    def _linkage(self, agency: str, code: str) -> str:
        with self.database.transaction() as session:
            linkage = session.scalar(
                select(CoreCodeRow.linkage_code).where(
                    CoreCodeRow.agency == agency, CoreCodeRow.institution_code == code
                )
            )
        if linkage is None:
            raise UnknownPerson(f"{agency} holds no code {code!r} issued by the core")
        return linkage

    def mediate(self, sealed_query: bytes, transport: Transport) -> bytes:
        """Handle one query from an agency; the answer is sealed for it. Refusals are answered
        (and logged) too; only an unreadable message raises BadMessage."""
        now = self.clock.now()
        query = open_sealed(
            self.keys, sealed_query, self.directory.keys_of, now, self.memory.remember
        )
        body = query.body
        try:
            task, provider, code = (str(body["task"]), str(body["provider"]), str(body["code"]))
            items = [str(i) for i in body["items"]]
        except (KeyError, TypeError):
            raise BadMessage("a query names task, provider, code and items") from None
        record = ProvisionRecord(
            exchange_id=str(body.get("exchange_id") or uuid.uuid4()),
            person="",
            requester=query.sender,
            provider=provider,
            task=task,
            items=tuple(items),
            requested_at=query.at.isoformat(),
            outcome="refused",
        )
        try:
            answer = self._forward(query, record, task, provider, code, items, transport, now)
        except NumberingError as refusal:
            person = self._person_or_blank(query.sender, code)
            logged = _with(record, person=person, reason=f"{refusal.code}: {refusal}")
            self.log.append(self.keys, logged, now)
            return self._reply(query, {"outcome": "refused", "reason": logged.reason,
                                       "code": refusal.code, "exchange_id": record.exchange_id}, now)  # fmt: skip
        return answer

    def _forward(
        self,
        query: Message,
        record: ProvisionRecord,
        task: str,
        provider: str,
        code: str,
        items: list[str],
        transport: Transport,
        now: dt.datetime,
    ) -> bytes:
        requester_kind = self.directory.get(query.sender).kind
        entry = self.whitelist.permit(
            requester_kind, task, self.directory.get(provider).kind, items
        )
        linkage = self._linkage(query.sender, code)
        provider_code = self.codes.institution_code(linkage, provider)
        forwarded = seal(
            self.keys,
            self.directory.keys_of(provider),
            "query",
            {"exchange_id": record.exchange_id, "requester": query.sender, "task": task,
             "code": provider_code, "items": items, "requested_at": record.requested_at},
            now,
        )  # fmt: skip
        reply = open_sealed(
            self.keys, transport(provider, forwarded), self.directory.keys_of, self.clock.now(),
            self.memory.remember,
        )  # fmt: skip
        if reply.sender != provider or reply.body.get("exchange_id") != record.exchange_id:
            raise BadMessage("the provider answered another exchange")
        outcome = str(reply.body.get("outcome"))
        logged = _with(
            record,
            person=linkage,
            outcome=outcome,
            provided_at=reply.at.isoformat(),
            withheld=entry.withheld,
            reason=reply.body.get("reason"),
            withheld_until=entry.hold_ends(reply.at),
        )
        self.log.append(self.keys, logged, self.clock.now())
        return self._reply(
            query,
            {**reply.body, "withheld": entry.withheld, "provided_at": logged.provided_at},
            self.clock.now(),
        )

    def _person_or_blank(self, agency: str, code: str) -> str:
        try:
            return self._linkage(agency, code)
        except NumberingError:
            return ""

    def _reply(self, query: Message, body: dict[str, Any], now: dt.datetime) -> bytes:
        return seal(self.keys, self.directory.keys_of(query.sender), "answer", body, now)


def _with(record: ProvisionRecord, **changes: Any) -> ProvisionRecord:
    return dataclasses.replace(record, **changes)


__all__ = ["POSTBOX", "Core", "Transport"]
