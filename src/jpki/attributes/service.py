"""The attribute authority (属性認証局) as one object: offices, issuance after a card login,
revocation, and its CRL.

An *office* (登録窓口: a municipality's welfare office, a licensing body, a university) decides
that a person holds an attribute; the authority certifies it. The office never tells the
authority who the person is: it relays the holder's card login to the authority's own
challenge, the authority has the platform check it as its tenant and receives the platform's
stable ID of the person (ID変換), and the AC names that ID. So the AC carries no My Number, no
name and no JPKI serial, and survives the card's renewal (the platform follows the linkage).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
import threading
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from jpki.attributes.certificates import AttributeCertificateContent, build_attribute_certificate
from jpki.attributes.crl import REFRESH, RevokedEntry, build_crl, reason_of
from jpki.attributes.errors import InvalidRequest, NotAuthorized, NotFound
from jpki.attributes.keys import AuthorityKeys
from jpki.attributes.platform_client import PlatformTenant
from jpki.attributes.store.database import Database
from jpki.attributes.store.models import CrlNumberRow, IssuedRow
from jpki.clock import Clock
from jpki.protocol.attributes import (
    CRL_PATH,
    AttributeKind,
    AuthorityAbout,
    HolderName,
    IssuanceRefused,
    IssuanceRequest,
    IssuanceResult,
    Issued,
    RevocationRequest,
    Revoked,
)
from jpki.protocol.codec import encode_b64
from jpki.protocol.levels import Level
from jpki.protocol.verification import LoginAccepted

CLOCK_SKEW = dt.timedelta(minutes=5)
"""An AC is valid from a little before its issuance, for relying parties' clocks."""


@dataclasses.dataclass(frozen=True)
class Office:
    """An office that may ask for ACs of `kinds` from pages at `origins`."""

    id: str
    name: str
    kinds: frozenset[AttributeKind]
    origins: frozenset[str]
    api_key_sha256: str
    """SHA-256 of its API key, hex: the key itself is the office's."""

    @staticmethod
    def key_digest(api_key: str) -> str:
        return hashlib.sha256(api_key.encode()).hexdigest()


class AttributeAuthority:
    """One attribute authority: its keys, its records, its offices and its platform tenant."""

    def __init__(
        self,
        *,
        name: str,
        tenant: str,
        url: str,
        folder: Path,
        database_url: str,
        clock: Clock,
        platform: PlatformTenant,
        offices: list[Office],
    ) -> None:
        self.name, self.tenant, self.url, self.clock = name, tenant, url.rstrip("/"), clock
        self.platform = platform
        self.keys = AuthorityKeys.open(folder, name, clock.now())
        self.database = Database(database_url)
        self.database.migrate()
        self.offices = {office.id: office for office in offices}
        self._crl: tuple[int, dt.datetime, bytes] | None = None
        self._crl_lock = threading.Lock()

    @property
    def crl_url(self) -> str:
        return self.url + CRL_PATH

    def office_of(self, api_key: str | None) -> Office:
        """The office whose API key this is (NotAuthorized otherwise)."""
        if api_key:
            digest = Office.key_digest(api_key)
            for office in self.offices.values():
                if hmac.compare_digest(office.api_key_sha256, digest):
                    return office
        raise NotAuthorized("an office's API key is required / 窓口のAPIキーが必要です")

    def about(self) -> AuthorityAbout:
        pem = self.keys.certificate.public_bytes(Encoding.PEM).decode()
        return AuthorityAbout(name=self.name, tenant=self.tenant, certificate=pem, crl=self.crl_url)

    def challenge(self, office: Office, origin: str) -> dict[str, object]:
        """The platform's login challenge for a page of `office` at `origin`."""
        if origin.rstrip("/") not in office.origins:
            raise InvalidRequest(f"{origin[:100]} is not an origin of office {office.id}")
        return self.platform.challenge(origin.rstrip("/"))

    def issue(self, office: Office, request: IssuanceRequest) -> IssuanceResult:
        """An AC of `request.attribute` for the holder whose card answered the challenge.

        Refused (a result, not an error) when the platform refuses the login or the login was
        not made with the PIN (a PIN-less terminal's answer proves less than a credential
        needs); NotAuthorized when the office may not issue this kind."""
        attribute = request.attribute
        if attribute.kind not in office.kinds:
            raise NotAuthorized(f"office {office.id} does not issue {attribute.kind.value}")
        if request.challenge.origin.rstrip("/") not in office.origins:
            raise InvalidRequest(f"the login was not made at office {office.id}")
        login = self.platform.authenticate(request.challenge, request.answer)
        result = login.result
        if not isinstance(result, LoginAccepted):
            return IssuanceRefused(issued=False, error=result.error, message=result.message)
        if result.assurance is not Level.PIN:
            return IssuanceRefused(
                issued=False,
                error="assurance-too-low",
                message="an attribute certificate is issued only after a card login with the PIN",
            )
        if result.user_id is None:
            return IssuanceRefused(
                issued=False,
                error="no-identity",
                message="the platform gave no stable ID for the holder",
            )
        now = self.clock.now()
        holder = HolderName(tenant=self.tenant, user_id=result.user_id)
        content = AttributeCertificateContent(
            serial=secrets.randbits(127) | 1 << 126,
            holder=holder,
            kind=attribute.kind,
            details=dict(attribute.details),
            not_before=(now - CLOCK_SKEW).replace(microsecond=0),
            not_after=(now + dt.timedelta(days=attribute.valid_days)).replace(microsecond=0),
            crl_url=self.crl_url,
        )
        der = build_attribute_certificate(self.keys, content)
        with self.database.transaction() as session:
            session.add(
                IssuedRow(
                    serial=str(content.serial),
                    office=office.id,
                    kind=attribute.kind.value,
                    holder=holder.urn,
                    issued_at=now,
                    not_after=content.not_after,
                    receipt=login.receipt,
                )
            )
        return Issued(
            issued=True,
            serial=str(content.serial),
            certificate=encode_b64(der),
            holder=holder.urn,
            kind=attribute.kind,
            not_before=content.not_before,
            not_after=content.not_after,
            receipt=login.receipt,
        )

    def revoke(self, office: Office, request: RevocationRequest) -> Revoked:
        """Revoke an AC the office had issued (idempotent: the first revocation stands)."""
        with self.database.transaction() as session:
            row = session.get(IssuedRow, request.serial)
            if row is None or row.office != office.id:
                raise NotFound(
                    f"office {office.id} issued no attribute certificate {request.serial}"
                )
            if row.revoked_at is None:
                row.revoked_at, row.reason = self.clock.now().replace(microsecond=0), request.reason
            revoked_at = row.revoked_at
        with self._crl_lock:
            self._crl = None
        return Revoked(serial=request.serial, revoked_at=revoked_at)

    def crl(self) -> bytes:
        """The current CRL (DER): signed anew after a revocation or every `REFRESH`."""
        now = self.clock.now()
        with self._crl_lock:
            if self._crl is not None:
                _, this_update, der = self._crl
                if this_update <= now < this_update + REFRESH:
                    return der
            with self.database.transaction() as session:
                revoked = [
                    RevokedEntry(int(row.serial), row.revoked_at, reason_of(row.reason))
                    for row in session.scalars(
                        select(IssuedRow).where(IssuedRow.revoked_at.is_not(None))
                    )
                    if row.revoked_at is not None
                ]
                this_update = now.replace(microsecond=0)
                row = CrlNumberRow(this_update=this_update)
                session.add(row)
                session.flush()
                number = row.number
            der = build_crl(self.keys, number, this_update, revoked)
            self._crl = (number, this_update, der)
            return der

    def close(self) -> None:
        self.platform.close()
        self.database.dispose()


__all__ = ["AttributeAuthority", "Office"]
