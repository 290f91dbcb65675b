"""Card logins in progress (the part between the RP's redirect and the authorization code).

The browser gets a login page with a QR code and a same-device link to the wallet; the wallet
fetches what is asked (`request_for_wallet`), has the card sign the challenge the platform
issued for this RP, and answers (`answer`). The answer goes through the signature
verification platform (evidence and fees included). The login is bound to the browser that
started it, so a QR code photographed by someone else logs in nobody.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import update
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.idp.assurance import (
    VERIFIABLE,
    ClaimsRefused,
    ClaimsRequest,
    certificate_reference,
    parse_claims_request,
    verified_claims,
)
from jpki.idp.catalogue import SCOPES, claims_of, four_info_scopes
from jpki.idp.clients import Client
from jpki.idp.errors import RequestRefused, checked_by_platform
from jpki.idp.oauth import digest
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database
from jpki.idp.store.models import NO_CLAIMS, LoginRow
from jpki.platform.service import Platform
from jpki.platform.tenants import Tenant
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import encode_b64
from jpki.protocol.levels import OIDC_LEVELS, Level
from jpki.protocol.wallet import (
    Challenge,
    LoginAnswer,
    LoginRequest,
    RelyingParty,
    RequestedItem,
)
from jpki.verifier.challenge import AuthenticationResponse, decode_nonce
from jpki.verifier.errors import AuthenticationRefused

ACCOUNT = "account"
"""The audience of a holder logging in to their own account page at the IdP."""


class LoginError(RequestRefused):
    """A login cannot go on; `code` names why for the wallet and the browser."""


@dataclasses.dataclass(frozen=True)
class Completed:
    """A login the wallet finished."""

    holder: str
    acr: Level
    auth_time: int
    claims: dict[str, Any]
    receipt: str | None
    medium: Medium | None = None
    """Which medium's key answered (the platform's verdict), for `amr`."""


def consent_text(row: LoginRow, rp_name: str) -> bytes:
    """What the holder signs with the signing key to release 4 information to an RP."""
    return (
        f"JPKI IdP consent / 同意\nrelying party: {rp_name}\nitems: {row.scopes}\nlogin: {row.id}\n"
    ).encode()


class Logins:
    def __init__(
        self,
        settings: IdpSettings,
        database: Database,
        clock: Clock,
        platform: Platform,
        tenant: Tenant,
    ) -> None:
        self.settings, self.database, self.clock = settings, database, clock
        self.platform, self.tenant = platform, tenant
        self.on_card_proof: Callable[[str, bytes], None] | None = None
        """Told of every card login at PIN level (holder, authentication certificate): the
        passkeys stand on it (`jpki.idp.passkeys`)."""

    def begin(
        self, client: Client | None, query: str, scopes: list[str], acr: Level, browser: str
    ) -> LoginRow:
        audience = client.client_id if client else ACCOUNT
        challenge = self.platform.issue_challenge(self.tenant, self.settings.base_url, audience)
        now = self.clock.now()
        row = LoginRow(
            id=secrets.token_urlsafe(24),
            client_id=client.client_id if client else None,
            query=query,
            scopes=" ".join(scopes),
            acr_required=acr.urn,
            browser_hash=digest(browser),
            nonce=challenge.nonce_b64,
            provider=challenge.provider,
            origin=challenge.origin,
            state="pending",
            created_at=now,
            expires_at=now + self.settings.login_lifetime,
        )
        with self.database.transaction() as session:
            self._drop_undecided_claims(session, now)
            session.add(row)
        return row

    def _drop_undecided_claims(self, session: Session, now: dt.datetime) -> None:
        """Claims of logins the holder never decided on (the browser left the consent screen)
        are dropped once the login is over: its lifetime for the card, as long again for the
        consent screen. Done in each new login's transaction (no commit of its own), through
        the expiry index."""
        session.execute(
            update(LoginRow)
            .where(
                LoginRow.expires_at < now - self.settings.login_lifetime,
                LoginRow.claims_json.is_not(None),
            )
            .values(claims_json=None)
        )

    def get(self, login_id: str) -> LoginRow:
        missing = LoginError("unknown-login", "no such login / ログイン要求が見つかりません")
        return self.database.found(LoginRow, login_id, missing)

    def request_for_wallet(self, row: LoginRow, client: Client | None) -> LoginRequest:
        """Who asks for what at which level: everything the wallet shows before the PIN."""
        scopes = shown_items(row, self.settings.the_profile.shown(row.scopes.split()))
        released = four_info_scopes(shown_items(row, row.scopes.split()))
        required = Level.of_urn(row.acr_required)
        rp_name = client.label if client else "JPKI IdP account / アカウント"
        return LoginRequest.asking(
            row.id,
            RelyingParty(
                name=rp_name,
                client_id=row.client_id,
                uri=client.client_metadata.get("client_uri") if client else None,
            ),
            required,
            [level for level in OIDC_LEVELS if level.rank >= required.rank],
            Challenge(nonce=row.nonce, provider=row.provider, origin=row.origin),
            items=[
                RequestedItem(scope=s, en=SCOPES[s].label_en, ja=SCOPES[s].label_ja)
                for s in scopes
                if s in SCOPES
            ],
            signing_consent=(
                encode_b64(consent_text(row, rp_name)) if released else None
            ),  # what the login releases (the verified claims' names are four-information
            # scopes too); a Digital Agency `sign`, worded as a certificate, releases nothing
            # at the login: its signature, later, carries the certificate
            state=row.state,
            expires_at=row.expires_at,
        )

    def answer(self, row: LoginRow, client: Client | None, answer: LoginAnswer) -> Completed:
        """Check the wallet's answer to the login `row` (as just read) through the platform and
        record the outcome."""
        if row.state != "pending":
            raise LoginError("not-pending", "this login was already answered / 回答済みです")
        if self.clock.now() >= row.expires_at:
            raise LoginError("expired", "the login expired / ログイン要求の有効期限切れ")
        try:
            with checked_by_platform(LoginError):
                completed = self._check(row, client, answer)
        except LoginError as error:
            self._finish(row.id, state="failed", error=f"{error.code}: {error}")
            raise
        if self.on_card_proof is not None and completed.acr is Level.PIN:
            self.on_card_proof(completed.holder, answer.certificate_der)
        self._finish(
            row.id,
            state="authenticated",
            holder=completed.holder,
            acr=completed.acr.urn,
            auth_time=completed.auth_time,
            claims_json=json.dumps(completed.claims, ensure_ascii=False),
            receipt=completed.receipt,
            medium=completed.medium.value if completed.medium else None,
        )
        return completed

    def _check(self, row: LoginRow, client: Client | None, answer: LoginAnswer) -> Completed:
        audience = row.client_id or ACCOUNT
        certificate, signature = answer.certificate_der, answer.signature_bytes
        if signature is None:
            outcome = self.platform.present_certificate(self.tenant, certificate, audience)
        else:
            response = AuthenticationResponse(
                decode_nonce(row.nonce),
                row.provider,
                row.origin,
                certificate,
                signature,
                answer.institution_code or None,
            )
            try:
                outcome = self.platform.authenticate(self.tenant, response, audience)
            except AuthenticationRefused as refused:
                raise LoginError(refused.code, str(refused)) from refused
        result = outcome.result
        if not result.accepted:
            raise LoginError(result.error, result.message)
        acr = result.assurance
        required = Level.of_urn(row.acr_required)
        if acr.rank < required.rank:
            raise LoginError(
                "insufficient-level",
                f"this service requires {required.label['en']} / {required.label['ja']}",
            )
        holder = str(result.user_id)
        scopes = row.scopes.split()
        claims: dict[str, Any] = {}
        if four_info_scopes(scopes) or claims_request_of(row).wants_verified:
            claims = self._released_claims(row, client, answer, holder, scopes)
        return Completed(
            holder,
            acr,
            int(self.clock.now().timestamp()),
            claims,
            outcome.receipt,
            result.verdict.medium,
        )

    def _released_claims(
        self,
        row: LoginRow,
        client: Client | None,
        answer: LoginAnswer,
        holder: str,
        scopes: list[str],
    ) -> dict[str, Any]:
        """The 4 information from the signing certificate whose key signed the consent."""
        signed = answer.consent_cms
        if signed is None:
            raise LoginError(
                "consent-signature-missing", "the signing password is needed for these items"
            )
        rp_name = client.label if client else ""
        outcome = self.platform.verify_cms(
            self.tenant,
            signed,
            consent_text(row, rp_name),
        )
        result = outcome.result
        if not result.valid or result.certificate.purpose is not CertificatePurpose.SIGN:
            raise LoginError("consent-signature-invalid", result.message)
        if result.user_id != holder:
            raise LoginError(
                "different-cards", "the two certificates are not of the same card holder"
            )
        four_info = result.certificate.four_info
        claims = claims_of(four_info, scopes)
        asked = claims_request_of(row)
        if asked.wants_verified:
            reference = certificate_reference(
                self.settings.subject_secret,
                client.sector if client else ACCOUNT,
                result.certificate.issuer_generation or "",
                result.certificate.serial or "",
            )
            everything = claims_of(four_info, list(VERIFIABLE))
            claims["verified_claims"] = verified_claims(
                everything, asked, result, outcome.receipt, reference
            )
        return claims

    def passkey_allowed(self, row: LoginRow) -> bool:
        """Whether a passkey may answer the login: it asks for no more than a passkey's level,
        and for nothing read from the signing certificate."""
        return (
            self.settings.the_profile.passkeys
            and Level.of_urn(row.acr_required).rank <= Level.PASSKEY.rank
            and not four_info_scopes(shown_items(row, row.scopes.split()))
        )

    def check_passkey_login(self, login_id: str, browser: str) -> LoginRow:
        """The pending login of this browser that a passkey may answer."""
        row = self.get(login_id)
        if not hmac.compare_digest(row.browser_hash, digest(browser)):
            raise LoginError("other-browser", "this login was started in another browser")
        if row.state != "pending" or self.clock.now() >= row.expires_at:
            raise LoginError("not-pending", "this login is over / このログインは終了しています")
        if not self.passkey_allowed(row):
            raise LoginError(
                "insufficient-level", "this service needs the card / このサービスはカードが必要です"
            )
        return row

    def passkey_login(self, login_id: str, holder: str) -> None:
        """A passkey answered the login (`check_passkey_login` first)."""
        self._finish(
            login_id, state="authenticated", holder=holder, acr=Level.PASSKEY.urn,
            auth_time=int(self.clock.now().timestamp()), claims_json=NO_CLAIMS,
        )  # fmt: skip

    def sign_on(
        self, login_id: str, holder: str, acr: str, auth_time: int, medium: str | None = None
    ) -> None:
        """Answer a login from the holder's SSO session (single sign-on, no card); `medium` is
        the session's first login's (for `amr`)."""
        self._finish(
            login_id, state="authenticated", holder=holder, acr=acr, auth_time=auth_time,
            claims_json=NO_CLAIMS, medium=medium,
        )  # fmt: skip

    def drop_claims(self, login_id: str) -> None:
        """The consent was decided: the claims went into the code (Allow) or nowhere (Deny);
        the login keeps none."""
        self._finish(login_id, claims_json=None)

    def forget(self, holder: str, client_id: str) -> None:
        """Consent withdrawn: no login of the holder for the RP keeps claims."""
        with self.database.transaction() as session:
            session.execute(
                update(LoginRow)
                .where(LoginRow.holder == holder, LoginRow.client_id == client_id)
                .values(claims_json=None)
            )

    def _finish(self, login_id: str, **values: Any) -> None:
        with self.database.transaction() as session:
            row = session.get(LoginRow, login_id)
            if row is not None:
                for key, value in values.items():
                    setattr(row, key, value)

    def authenticated(self, login_id: str, browser: str) -> LoginRow:
        """The login, once the wallet finished it, if this browser started it."""
        with self.database.transaction() as session:
            return _ready(session.get(LoginRow, login_id), browser)

    def take(self, login_id: str, browser: str) -> LoginRow:
        """The authenticated login of this browser, used once."""
        with self.database.transaction() as session:
            row = _ready(session.get(LoginRow, login_id), browser)
            row.state = "used"
            return row


def claims_request_of(row: LoginRow) -> ClaimsRequest:
    """The `claims` parameter of the login's authorization request (checked at /authorize)."""
    raw = parse_qs(row.query).get("claims")
    try:
        return parse_claims_request(raw[0] if raw else None)
    except ClaimsRefused:
        return ClaimsRequest(())


def shown_items(row: LoginRow, scopes: list[str]) -> list[str]:
    """What the holder is asked to release: the scopes' items and the claims to verify (they
    share the four scopes' names and words)."""
    return list(dict.fromkeys([*scopes, *claims_request_of(row).verified]))


def _ready(row: LoginRow | None, browser: str) -> LoginRow:
    if row is None or not hmac.compare_digest(row.browser_hash, digest(browser)):
        raise LoginError("other-browser", "this login was started in another browser")
    if row.state != "authenticated":
        raise LoginError("not-authenticated", row.error or "the card login is not finished")
    return row


__all__ = ["ACCOUNT", "Completed", "LoginError", "Logins", "consent_text"]
