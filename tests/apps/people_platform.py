"""A platform that answers a service's `/v1` calls from a table of people, for testing a
service's rules without cards: a "signature" or a login "signature" is the base64 of a
`Token` (who signs, with which medium and serial), and the platform's verdict on it is that
person's certificate status as the test sets it (`revoke`). Registrations link references to
the person, as the real platform's linkage does, so a later login names them."""

from __future__ import annotations

import base64
import dataclasses
import json
import secrets
from pathlib import Path
from typing import Any

import httpx

from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.clock import Clock
from jpki.profile.four_info import FourInfo
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.four_info import FourInfoJson, ReleasedFourInfo
from jpki.protocol.levels import Level
from jpki.protocol.verification import (
    CertificateVerdict,
    LoginAccepted,
    LoginRefused,
    RegistrationResult,
    RevocationSourceInfo,
    SignatureResult,
)
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer
from tests.certificates import stranger_b64

ORIGIN = "http://service.test"


def token(person: str, medium: Medium = Medium.CARD, serial: int = 1) -> str:
    """What a test passes where a CMS or a login signature goes."""
    raw = json.dumps({"person": person, "medium": medium.value, "serial": serial})
    return base64.b64encode(raw.encode()).decode()


def signed(person: str, medium: Medium = Medium.CARD) -> SignatureAnswer:
    return SignatureAnswer(cms=token(person, medium))


@dataclasses.dataclass
class FakePlatform:
    clock: Clock
    people: dict[str, FourInfo]
    statuses: dict[str, str] = dataclasses.field(default_factory=dict)
    links: dict[str, str] = dataclasses.field(default_factory=dict)
    """reference -> person"""
    calls: list[str] = dataclasses.field(default_factory=list)

    def revoke(self, person: str) -> None:
        self.statuses[person] = "revoked"

    def _verdict(self, who: dict[str, Any], purpose: CertificatePurpose) -> CertificateVerdict:
        status = self.statuses.get(who["person"], "valid")
        info = self.people[who["person"]]
        return CertificateVerdict(
            status=status, valid=status == "valid", message=status,
            checked_at=self.clock.now(), purpose=purpose, serial=str(who["serial"]),
            subject_id=who["person"], issuer_generation="aa",
            four_info=FourInfoJson.of(info) if purpose is CertificatePurpose.SIGN else None,
            revocation=None, path="jpki", medium=Medium(who["medium"]),
            source=RevocationSourceInfo(kind="crl", this_update=None, next_update=None,
                                        age_seconds=0.0, detail="fake"),
        )  # fmt: skip

    def _signature(self, raw: str, content: bytes) -> SignatureResult:
        who = json.loads(base64.b64decode(raw))
        verdict = self._verdict(who, CertificatePurpose.SIGN)
        customers = [r for r, p in self.links.items() if p == who["person"]]
        return SignatureResult(
            kind="cms", valid=verdict.valid, status=verdict.status, intact=True,
            message=verdict.status, signing_time=self.clock.now(), details=(),
            certificate=verdict, user_id=who["person"], customers=customers,
        )  # fmt: skip

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        path = request.url.path
        self.calls.append(path)
        receipt = f"R{secrets.randbelow(10**9):09d}"
        if path == "/v1/challenges":
            nonce = secrets.token_urlsafe(16)
            return httpx.Response(
                201, json={"nonce": nonce, "provider": "t", "origin": body["origin"]}
            )
        if path == "/v1/signatures/cms":
            try:
                result = self._signature(body["signature"], base64.b64decode(body["content"]))
            except (ValueError, KeyError):
                return httpx.Response(400, json={"error": "not a CMS"})
            return httpx.Response(200, json={"receipt": receipt, "result": result.to_wire()})
        if path == "/v1/customers":
            check = self._signature(body["signature"], base64.b64decode(body["content"]))
            if not check.valid:
                refused = RegistrationResult(signature=check, registered=False, message="invalid")
                return httpx.Response(200, json={"receipt": receipt, "result": refused.to_wire()})
            person = check.certificate.subject_id or ""
            self.links[body["reference"]] = person
            done = RegistrationResult(
                signature=check, registered=True, reference=body["reference"], user_id=person,
                four_info=ReleasedFourInfo.of(self.people[person], ()),
            )  # fmt: skip
            return httpx.Response(200, json={"receipt": receipt, "result": done.to_wire()})
        if path == "/v1/authentications":
            who = json.loads(base64.b64decode(body["signature"]))
            verdict = self._verdict(who, CertificatePurpose.AUTH)
            if not verdict.valid:
                refused_login = LoginRefused(accepted=False, error="certificate-rejected",
                                             message=verdict.status, verdict=verdict)  # fmt: skip
                return httpx.Response(
                    200, json={"receipt": receipt, "result": refused_login.to_wire()}
                )
            customers = [r for r, p in self.links.items() if p == who["person"]]
            accepted = LoginAccepted(
                accepted=True, assurance=Level.PINLESS if body.get("institution_code") else Level.PIN,
                verdict=verdict, linked=bool(customers), user_id=who["person"] if customers else None,
                customers=customers, institution_code=body.get("institution_code"),
            )  # fmt: skip
            return httpx.Response(200, json={"receipt": receipt, "result": accepted.to_wire()})
        if request.method == "DELETE" and path.endswith("/links"):
            reference = path.split("/")[3]
            ended = int(self.links.pop(reference, None) is not None)
            return httpx.Response(
                200,
                json={"receipt": receipt, "result": {"reference": reference, "links_ended": ended}},
            )
        return httpx.Response(404, json={"error": f"no {path} here"})


def login(person: str, medium: Medium = Medium.CARD, serial: int = 1) -> LoginAnswer:
    """A login answer whose `signature` names the person (the certificate is any certificate:
    the fake platform reads the signature only)."""
    return LoginAnswer(certificate=stranger_b64(), signature=token(person, medium, serial))


def context(tmp_path: Path, platform: FakePlatform) -> ServiceContext:
    """A service context on a fresh database whose platform is `platform`."""
    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.sqlite3'}")
    database.migrate()
    http = httpx.Client(transport=httpx.MockTransport(platform))
    return ServiceContext(
        origin=ORIGIN, wallet_url="http://wallet.test",
        platform=PlatformApi("http://platform.test", "key", http), database=database,
        clock=platform.clock, session_secret="s" * 32, folder=tmp_path,
    )  # fmt: skip


__all__ = ["ORIGIN", "FakePlatform", "context", "login", "signed", "token"]
