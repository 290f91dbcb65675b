"""A platform that answers a service's calls from a few settings, for testing the services'
own rules without a world: who holds the card now, whether the login is accepted and at which
level, the holder's situation in a status check, who a signature's signer is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import httpx

from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi, Signed
from jpki.clock import ManualClock
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.status import Situation
from jpki.protocol.consent import ConsentText
from jpki.protocol.four_info import FourInfoItem, ReleasedFourInfo
from jpki.protocol.levels import Level
from jpki.protocol.verification import (
    CertificateVerdict,
    LoginAccepted,
    LoginRefused,
    LoginResult,
    Receipted,
    RegistrationResult,
    RevocationSourceInfo,
    SignatureCheck,
    SignatureResult,
    StatusLine,
    StatusReport,
    UnlinkResult,
)
from jpki.protocol.wallet import Label, LoginAnswer

ORIGIN = "http://service.test"


@dataclasses.dataclass
class Holder:
    user_id: str
    birth_date: dt.date = dt.date(1990, 5, 1)


class FakePlatform(PlatformApi):
    def __init__(self, clock: ManualClock) -> None:
        super().__init__(
            "http://platform.test", "key", httpx.Client(transport=httpx.MockTransport(self._refuse))
        )
        self.clock = clock
        self.holder = Holder("u-1")
        """Whose card answers next (a login or a signature)."""
        self.accepted = True
        self.assurance = Level.PINLESS
        self.situation = Situation.ALIVE_UNCHANGED
        self.links: dict[str, str] = {}
        """Customer reference → the holder's user ID."""
        self.receipts = (f"R{n:08d}" for n in itertools.count(1))

    @staticmethod
    def _refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"error": f"not faked: {request.url.path}"})

    def _verdict(self, purpose: CertificatePurpose) -> CertificateVerdict:
        return CertificateVerdict(
            status="valid", valid=True, message="valid", checked_at=self.clock.now(),
            purpose=purpose, revocation=None, path="jpki",
            source=RevocationSourceInfo(
                kind="crl", this_update=None, next_update=None, age_seconds=None, detail="fake"
            ),
        )  # fmt: skip

    def _check(self) -> SignatureCheck:
        return SignatureCheck(
            kind="cms", valid=True, status="valid", intact=True, message="valid",
            signing_time=None, details=(), certificate=self._verdict(CertificatePurpose.SIGN),
        )  # fmt: skip

    def _customers(self) -> list[str]:
        return [ref for ref, user in self.links.items() if user == self.holder.user_id]

    def challenge(self, origin: str, *, sealed: bool = False) -> dict[str, Any]:
        return {"nonce": "n" * 43, "provider": "demo", "origin": origin}

    def authenticate(
        self, challenge: dict[str, Any], answer: LoginAnswer
    ) -> Receipted[LoginResult]:
        result: LoginResult
        if not self.accepted:
            result = LoginRefused(
                accepted=False, error="certificate-rejected", message="revoked (card-lost)"
            )
        else:
            customers = self._customers()
            result = LoginAccepted(
                accepted=True, assurance=self.assurance,
                verdict=self._verdict(CertificatePurpose.AUTH), linked=bool(customers),
                user_id=self.holder.user_id if customers else None, customers=customers,
            )  # fmt: skip
        return Receipted[LoginResult](receipt=next(self.receipts), result=result)

    def ask_consent(self, purpose: Label, items: Sequence[FourInfoItem]) -> ConsentText:
        now = self.clock.now()
        return ConsentText(
            id="C1", recipient="demo", purpose=purpose, items=tuple(items), issued_at=now,
            expires_at=now + dt.timedelta(minutes=10), text="consent: birth date",
        )  # fmt: skip

    def register_customer(
        self, reference: str, cms: Signed, content: bytes
    ) -> Receipted[RegistrationResult]:
        self.links[reference] = self.holder.user_id
        released = (
            ReleasedFourInfo(birth_date=self.holder.birth_date)
            if content.startswith(b"consent:")
            else None
        )
        result = RegistrationResult(
            signature=self._check(), registered=True, reference=reference,
            user_id=self.holder.user_id, four_info=released,
        )  # fmt: skip
        return Receipted[RegistrationResult](receipt=next(self.receipts), result=result)

    def unlink(self, reference: str) -> Receipted[UnlinkResult]:
        ended = int(self.links.pop(reference, None) is not None)
        result = UnlinkResult(reference=reference, links_ended=ended)
        return Receipted[UnlinkResult](receipt=next(self.receipts), result=result)

    def verify_cms(self, cms: Signed, content: bytes) -> Receipted[SignatureResult]:
        result = SignatureResult.of(self._check(), self.holder.user_id, self._customers())
        return Receipted[SignatureResult](receipt=next(self.receipts), result=result)

    def status_check(
        self,
        *,
        references: list[str] | None = None,
        certificates: list[bytes] | None = None,
        latest_four_info: bool = False,
    ) -> Receipted[StatusReport]:
        lines = [
            StatusLine(
                index=index,
                reference=reference,
                situation=self.situation,
                label_en=self.situation.label_en,
                label_ja=self.situation.label_ja,
                sign_reason=None,
                auth_reason=None,
                latest_four_info=None,
                note="",
            )
            for index, reference in enumerate(references or [])
        ]
        report = StatusReport(summary={self.situation: len(lines)}, items=lines)
        return Receipted[StatusReport](receipt=next(self.receipts), result=report)


def fake_context(tmp_path: Any, start: dt.datetime) -> tuple[ServiceContext, FakePlatform]:
    """A service context on a fresh database whose platform is a `FakePlatform`."""
    clock = ManualClock(start)
    platform = FakePlatform(clock)
    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.sqlite3'}")
    database.migrate()
    context = ServiceContext(
        origin=ORIGIN, wallet_url="http://wallet.test", platform=platform, database=database,
        clock=clock, session_secret="s" * 32, folder=tmp_path,
    )  # fmt: skip
    return context, platform


CARD = LoginAnswer(sealed="sealed-to-the-platform")
"""The wallet's answer, relayed unread to the fake platform."""
