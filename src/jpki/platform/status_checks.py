"""Status checks (現況確認) and change confirmation (変更確認) for a tenant's customers.

Each item is a stored signing certificate (DER) or a customer reference. The platform finds the
same card's authentication certificate through the authority's linkage information, reads both
certificates' revocation states from its index, and interprets them with seed 002's table
(`jpki.profile.status`): alive and unchanged, details changed, died or emigrated, card lost,
renewed. Where the holder consented, a changed holder's latest 4 information comes from the
authority (seed 002 STEP 2). With stale revocation data every item is "unknown": fail closed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy.orm import Session

from jpki.platform.authority_client import AuthorityClient
from jpki.platform.errors import PlatformError
from jpki.platform.linkage import LinkageManager
from jpki.platform.tenants import Tenant
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationReason
from jpki.profile.status import UNKNOWN, VALID, CertificateState, Situation, State, interpret
from jpki.protocol.four_info import FourInfoJson
from jpki.protocol.verification import StatusLine
from jpki.verifier.revocation.index import RevocationIndex, revocation_of
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status, Verdict

MAX_ITEMS = 10_000
"""Items per batch request (larger sets go in several requests)."""


@dataclasses.dataclass(frozen=True)
class StatusItem:
    """One line of a status-check report."""

    index: int
    reference: str | None
    situation: Situation
    sign_reason: RevocationReason | None = None
    auth_reason: RevocationReason | None = None
    latest_four_info: FourInfoJson | None = None
    note: str = ""
    billable: bool = False
    """Whether a certificate was actually checked (a J-LIS fee applies)."""
    serial: int | None = None
    """The signing certificate checked (the platform's own record; the tenant never sees it)."""

    def to_message(self) -> StatusLine:
        return StatusLine(
            index=self.index,
            reference=self.reference,
            situation=self.situation,
            label_en=self.situation.label_en,
            label_ja=self.situation.label_ja,
            sign_reason=self.sign_reason.name if self.sign_reason is not None else None,
            auth_reason=self.auth_reason.name if self.auth_reason is not None else None,
            latest_four_info=self.latest_four_info,
            note=self.note,
        )


def summarise(items: list[StatusItem]) -> dict[Situation, int]:
    """How many items are in each situation, every situation listed."""
    counts = Counter(item.situation for item in items)
    return {situation: counts.get(situation, 0) for situation in Situation}


def state_of_verdict(verdict: Verdict) -> CertificateState:
    if verdict.status is Status.VALID:
        return VALID
    if verdict.status is Status.EXPIRED:
        return CertificateState(State.EXPIRED)
    if verdict.status is Status.REVOKED and verdict.revocation is not None:
        detail = verdict.revocation.detail
        return CertificateState(
            State.REVOKED, verdict.revocation.reason, detail.cause if detail else None
        )
    return UNKNOWN


class StatusChecker:
    """Runs status checks for tenants."""

    def __init__(
        self,
        validator: Validator,
        index: RevocationIndex,
        linkage: LinkageManager,
        authority: AuthorityClient | None,
    ) -> None:
        self.validator, self.index, self.linkage, self.authority = (
            validator,
            index,
            linkage,
            authority,
        )

    def _state_of_serial(self, serial: int | None, at: dt.datetime) -> CertificateState:
        if serial is None or not self.index.fresh(at):
            return UNKNOWN
        entry = self.index.find(serial)
        if entry is None:
            return VALID
        if entry.revoked_at > at:
            return VALID
        # The index's own reading: an unknown code counts as unspecified rather than failing.
        return CertificateState(State.REVOKED, revocation_of(entry).reason)

    def of_certificate(
        self, session: Session, index: int, der: bytes, *, latest: bool
    ) -> StatusItem:
        verdict = self.validator.check(der)
        # Not a certificate J-LIS issued as it stands (a weak algorithm: SHA-1, ...): nothing to
        # ask J-LIS about, so nothing is learnt or billed.
        refused = (Status.MALFORMED, Status.UNTRUSTED, Status.WEAK_ALGORITHM)
        if verdict.status in refused or verdict.serial is None:
            return StatusItem(index, None, Situation.UNKNOWN, note=verdict.message)
        if verdict.purpose is not CertificatePurpose.SIGN:
            return StatusItem(
                index, None, Situation.UNKNOWN, note="a status check needs a signing certificate"
            )
        try:
            self.linkage.learn(session, verdict.serial)
        except PlatformError as exc:
            return StatusItem(index, None, Situation.UNKNOWN, note=str(exc), billable=True)
        auth = self._state_of_serial(
            self.linkage.partner(session, verdict.serial), verdict.checked_at
        )
        return self._item(index, None, verdict.serial, state_of_verdict(verdict), auth, latest)

    def of_customers(
        self,
        session: Session,
        tenant: Tenant,
        first_index: int,
        references: Sequence[str],
        *,
        latest: bool,
        at: dt.datetime,
    ) -> list[StatusItem]:
        """One item per reference, from one query and in-memory revocation lookups."""
        found = self.linkage.current_signing(session, tenant, references)
        items = []
        for offset, reference in enumerate(references):
            serials = found.get(reference)
            if serials is None:  # another tenant's customer looks the same as none at all
                note = "no linked signing certificate"
                situation = Situation.UNKNOWN_REFERENCE
                items.append(StatusItem(first_index + offset, reference, situation, note=note))
                continue
            sign, auth = (
                self._state_of_serial(serials[0], at),
                self._state_of_serial(serials[1], at),
            )
            items.append(
                self._item(first_index + offset, reference, serials[0], sign, auth, latest)
            )
        return items

    def _item(
        self,
        index: int,
        reference: str | None,
        sign_serial: int,
        sign: CertificateState,
        auth: CertificateState,
        latest: bool,
    ) -> StatusItem:
        situation = interpret(sign, auth)
        four_info, note = None, ""
        if latest and situation is Situation.DETAILS_CHANGED:
            if self.authority is None:
                note = "no authority configured for the latest 4 information"
            else:
                four_info, note = self.authority.latest_four_info(sign_serial)
        return StatusItem(
            index, reference, situation, sign.reason, auth.reason, four_info, note,
            billable=True, serial=sign_serial,
        )  # fmt: skip


__all__ = ["MAX_ITEMS", "StatusChecker", "StatusItem", "state_of_verdict", "summarise"]
