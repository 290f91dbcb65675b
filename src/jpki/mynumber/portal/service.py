"""What Mynaportal does for a logged-in person, and its card login.

The login is the card's challenge-response (the wallet answers it as it answers an IdP), checked
by the verifier; J-LIS tells the portal whose certificate it was (`Identify`: certificate serial
-> resident-register code), from which the core derives the person's linkage code. The portal
never asks for or shows the My Number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from jpki.clock import Clock
from jpki.mynumber import disclosures
from jpki.mynumber.directory import CORE
from jpki.mynumber.errors import NumberingError
from jpki.mynumber.network import Network
from jpki.mynumber.postbox import Letter
from jpki.protocol.disclosures import Disclosure, DisclosureSource, VerifiedHolder
from jpki.protocol.levels import Level
from jpki.protocol.wallet import Challenge, LoginRequest, RelyingParty
from jpki.verifier.challenge import (
    AuthenticationResponse,
    Authenticator,
    ChallengeBook,
    decode_nonce,
)
from jpki.verifier.errors import AuthenticationRefused
from jpki.verifier.validation import Validator

PROVIDER = "mynaportal"
LOGIN_LIFETIME = dt.timedelta(minutes=5)

Identify = Callable[[int], str | None]
"""J-LIS's answer: the resident-register code of an authentication certificate's holder."""


class ResidentRegister(Protocol):
    """The resident register's one-stop moving procedure (転出・転入)."""

    def move(self, resident_code: str, new_address: str) -> None: ...


class PortalRefusal(NumberingError):
    code = "portal-refused"


class UnknownLogin(PortalRefusal):
    code = "unknown-login"


@dataclasses.dataclass
class PendingLogin:
    id: str
    browser_hash: str
    nonce: str
    expires_at: dt.datetime
    visitor: Visitor | None = None
    error: str | None = None

    @property
    def state(self) -> str:
        return "authenticated" if self.visitor else "failed" if self.error else "pending"


@dataclasses.dataclass(frozen=True)
class Visitor:
    """A logged-in person: their resident-register code (from J-LIS's `Identify`) and the
    authentication certificate they proved with the card, which the other parties answer."""

    resident: str
    holder: VerifiedHolder


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Portal:
    def __init__(
        self,
        network: Network,
        validator: Validator,
        clock: Clock,
        origin: str,
        identify: Identify,
        register: ResidentRegister,
        sources: Sequence[DisclosureSource] = (),
    ) -> None:
        self.network, self.clock, self.origin = network, clock, origin.rstrip("/")
        self.identify, self.register, self.sources = identify, register, sources
        self.book = ChallengeBook(clock, lifetime=LOGIN_LIFETIME)
        self.authenticator = Authenticator(validator, self.book)
        self._logins: dict[str, PendingLogin] = {}
        self._lock = threading.Lock()

    # -- card login --------------------------------------------------------------------------

    def begin_login(self, browser: str) -> PendingLogin:
        challenge = self.book.issue(PROVIDER, self.origin)
        login = PendingLogin(
            secrets.token_urlsafe(16), _hash(browser), challenge.nonce_b64, challenge.expires_at
        )
        with self._lock:
            now = self.clock.now()
            self._logins = {k: v for k, v in self._logins.items() if v.expires_at > now}
            self._logins[login.id] = login
        return login

    def login(self, login_id: str) -> PendingLogin:
        with self._lock:
            login = self._logins.get(login_id)
        if login is None or login.expires_at < self.clock.now():
            raise UnknownLogin("no such login, or it expired / ログイン要求が見つかりません")
        return login

    def request_for_wallet(self, login: PendingLogin) -> LoginRequest:
        """The login as the wallet shows it (PIN level only: the portal shows sensitive data)."""
        return LoginRequest.asking(
            login.id,
            RelyingParty(name="マイナポータル / Mynaportal", uri=self.origin),
            Level.PIN,
            [Level.PIN],
            Challenge(nonce=login.nonce, provider=PROVIDER, origin=self.origin),
            state=login.state,
            expires_at=login.expires_at,
        )

    def answer(self, login_id: str, certificate: bytes, signature: bytes) -> PendingLogin:
        """Check the card's answer (PIN level only: the portal shows sensitive data)."""
        login = self.login(login_id)
        if login.visitor or login.error:
            raise PortalRefusal("this login was already answered / 回答済みです")
        try:
            done = self.authenticator.verify(
                AuthenticationResponse(
                    decode_nonce(login.nonce), PROVIDER, self.origin, certificate, signature
                ),
                provider=PROVIDER,
                origin=self.origin,
            )
        except AuthenticationRefused as refused:
            login.error = str(refused)
            raise PortalRefusal(str(refused)) from refused
        serial = int(done.verdict.serial or 0)
        resident = self.identify(serial)
        if resident is None:
            login.error = "J-LIS does not know this certificate's holder"
            raise PortalRefusal(login.error)
        login.visitor = Visitor(resident, VerifiedHolder(certificate=certificate, serial=serial))
        return login

    def take(self, login_id: str, browser: str) -> Visitor:
        """The person of a finished login, once, for the browser that started it."""
        login = self.login(login_id)
        if not hmac.compare_digest(login.browser_hash, _hash(browser)) or login.visitor is None:
            raise PortalRefusal("this login is not finished in this browser")
        with self._lock:
            self._logins.pop(login_id, None)
        return login.visitor

    # -- what the person sees ----------------------------------------------------------------

    def person(self, resident: str) -> str:
        return self.network.core.linkage_of_resident(resident)

    def _agency_name(self, agency: str) -> str:
        try:
            return self.network.directory.get(agency).name
        except NumberingError:
            return agency

    def disclosures(
        self, visitor: Visitor, only: disclosures.LogFilter | None = None
    ) -> list[Disclosure]:
        """Every disclosure about this person the person may see now, newest first: the
        network's provision records (a withheld one once its hold ended) and what each other
        party answers for the holder's certificate."""
        records = self.network.log.of_person(CORE, self.person(visitor.resident))
        own = disclosures.of_provisions(records, self.network.whitelist, self._agency_name)
        return disclosures.merged(
            own, self.sources, visitor.holder, self.clock.now(), only or disclosures.LogFilter()
        )

    def self_information(self, resident: str) -> dict[str, dict[str, Any]]:
        """The data each agency's intermediate server holds about the person."""
        linkage = self.person(resident)
        held: dict[str, dict[str, Any]] = {}
        for agency in self.network.agencies:
            interface = self.network.interface(agency.id)
            address = interface.address_of(
                self.network.core.codes.institution_code(linkage, agency.id)
            )
            if address is not None:
                data = interface.intermediate.everything(address)
                if data:
                    held[agency.name] = data
        return held

    @staticmethod
    def notices(
        self_information: dict[str, dict[str, Any]], letters: list[Letter]
    ) -> list[dict[str, str]]:
        """Notices (お知らせ) chosen for the person from what the agencies hold about them
        (`self_information`) and their post box."""
        notices = []
        for data in self_information.values():
            tax = data.get("resident-tax")
            if isinstance(tax, dict) and tax.get("exempt"):
                notices.append({"ja": "住民税非課税世帯等への給付金の対象となる可能性があります。",
                                "en": "You may be eligible for the benefit for households exempt from resident tax."})  # fmt: skip
            if "pension-benefit" in data:
                notices.append({"ja": "年金振込通知書をご確認ください。",
                                "en": "Your pension payment notice is available."})  # fmt: skip
            if "health-insurance" in data:
                notices.append({"ja": "マイナンバーカードを健康保険証として利用できます。",
                                "en": "Your card can be used as your health insurance card."})  # fmt: skip
        unread = sum(1 for letter in letters if letter.opened_at is None)
        if unread:
            notices.append({"ja": f"電子私書箱に未読の文書が{unread}件あります。",
                            "en": f"You have {unread} unread document(s) in your post box."})  # fmt: skip
        return notices

    def move(self, resident: str, new_address: str) -> None:
        """Moving one-stop (引越しワンストップ): one notice here changes the resident register;
        J-LIS revokes the signing certificate, and businesses linked on the signature
        verification platform are told through its change notifications."""
        if not new_address.strip() or len(new_address) > 200:
            raise PortalRefusal("enter the new address / 新しい住所を入力してください")
        self.register.move(resident, new_address.strip())


__all__ = [
    "PROVIDER",
    "Identify",
    "PendingLogin",
    "Portal",
    "PortalRefusal",
    "ResidentRegister",
    "UnknownLogin",
    "Visitor",
]
