"""Passkeys after card proofing (パスキー): a holder who logged in with the card enrols a WebAuthn
passkey at the IdP; later logins with it reach `Level.PASSKEY` (medium, below the card's PIN;
`amr` `hwk` and `user`).

A passkey stands on the card: the IdP keeps the authentication certificate of the holder's last
card login (`CardProofRow`) and has the platform check it at every passkey login. Once it is
revoked (the holder died, lost the card, ...) the holder's passkeys are suspended and refused;
a new card login (a new card) restores them on the new certificate. Enrolment needs a card login
at PIN level; a credential ID belongs to one holder only. Challenges are one-time and expire.
WebAuthn itself (attestation `none`, user verification required, discoverable credentials) is
py_webauthn's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, parse_client_data_json
from webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidJSONStructure,
    InvalidRegistrationResponse,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from jpki.clock import Clock
from jpki.idp.errors import RequestRefused
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database
from jpki.idp.store.models import CardProofRow, PasskeyRow, WebAuthnChallengeRow
from jpki.platform.service import Platform
from jpki.platform.tenants import Tenant

CHALLENGE_LIFETIME = dt.timedelta(minutes=5)
RP_NAME = "JPKI IdP"
ENROL, LOGIN = "enrol", "login"
MAX_CREDENTIAL = 16 * 1024


class PasskeyRefused(RequestRefused):
    """A passkey operation the IdP refuses; `code` says why (`access_denied` for a suspended
    passkey, `invalid_request` otherwise)."""


@dataclasses.dataclass(frozen=True)
class PasskeyLogin:
    holder: str
    credential_id: str


class Passkeys:
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
        self.origin = settings.base_url
        self.rp_id = urlsplit(settings.base_url).hostname or ""

    # -- the card beneath ----------------------------------------------------------------

    def card_proved(self, holder: str, certificate: bytes) -> None:
        """A card login of `holder` with `certificate`: the passkeys stand on it from now on,
        and any suspended by a revocation are restored."""
        now = self.clock.now()
        with self.database.transaction() as session:
            proof = session.get(CardProofRow, holder)
            if proof is None:
                session.add(CardProofRow(holder=holder, certificate=certificate, proved_at=now))
            else:
                proof.certificate, proof.proved_at = certificate, now
            session.execute(
                update(PasskeyRow)
                .where(PasskeyRow.holder == holder, PasskeyRow.suspended_at.is_not(None))
                .values(suspended_at=None)
            )

    def _card_still_valid(self, holder: str) -> bool:
        """Whether the certificate of the holder's last card login is still valid (the
        platform checks it, revocation included); suspends the passkeys when not."""
        with self.database.transaction() as session:
            proof = session.get(CardProofRow, holder)
        if proof is None:
            return False
        outcome = self.platform.present_certificate(self.tenant, proof.certificate, "passkey")
        if outcome.result.accepted and outcome.result.user_id == holder:
            return True
        with self.database.transaction() as session:
            session.execute(
                update(PasskeyRow)
                .where(PasskeyRow.holder == holder, PasskeyRow.suspended_at.is_(None))
                .values(suspended_at=self.clock.now())
            )
        return False

    # -- challenges ----------------------------------------------------------------------

    def _challenge(self, purpose: str, subject: str) -> bytes:
        challenge = secrets.token_bytes(32)
        now = self.clock.now()
        with self.database.transaction() as session:
            session.execute(
                delete(WebAuthnChallengeRow).where(WebAuthnChallengeRow.expires_at < now)
            )
            session.add(
                WebAuthnChallengeRow(
                    challenge_hash=hashlib.sha256(challenge).hexdigest(),
                    purpose=purpose,
                    subject=subject,
                    expires_at=now + CHALLENGE_LIFETIME,
                )
            )
        return challenge

    def _take_challenge(self, credential: dict[str, Any], purpose: str, subject: str) -> bytes:
        """The challenge the credential's client data names, if it was issued for `purpose`
        and `subject`, unexpired; it is spent either way."""
        try:
            response = credential["response"]
            client_data = parse_client_data_json(base64url_to_bytes(response["clientDataJSON"]))
        except (KeyError, TypeError, ValueError, InvalidJSONStructure):
            raise PasskeyRefused("invalid_request", "not a WebAuthn credential") from None
        challenge = client_data.challenge
        with self.database.transaction() as session:
            row = session.get(WebAuthnChallengeRow, hashlib.sha256(challenge).hexdigest())
            if row is not None:
                session.delete(row)
        if (
            row is None
            or row.purpose != purpose
            or not hmac.compare_digest(row.subject, subject)
            or self.clock.now() >= row.expires_at
        ):
            raise PasskeyRefused("invalid_request", "unknown or expired challenge")
        return challenge

    # -- enrolment -----------------------------------------------------------------------

    def user_handle(self, holder: str) -> bytes:
        """The WebAuthn user handle of a holder: names nobody outside the IdP."""
        key = self.settings.subject_secret.encode()
        return hmac.new(key, f"webauthn\n{holder}".encode(), hashlib.sha256).digest()[:32]

    def enrolment_options(self, holder: str) -> dict[str, Any]:
        with self.database.transaction() as session:
            if session.get(CardProofRow, holder) is None:
                raise PasskeyRefused("invalid_request", "log in with the card first")
            existing = session.scalars(
                select(PasskeyRow.credential_id).where(PasskeyRow.holder == holder)
            ).all()
        options = generate_registration_options(
            rp_id=self.rp_id,
            rp_name=RP_NAME,
            user_id=self.user_handle(holder),
            user_name=f"jpki-{holder[:8]}",
            user_display_name="マイナンバーカード利用者 / My Number card holder",
            challenge=self._challenge(ENROL, holder),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
            exclude_credentials=[
                PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in existing
            ],
        )
        return json.loads(options_to_json(options))  # type: ignore[no-any-return]

    def enrol(self, holder: str, credential: dict[str, Any]) -> PasskeyRow:
        """Verify a registration answer and keep the passkey; a credential ID already enrolled
        (by this holder or another) is refused."""
        challenge = self._take_challenge(credential, ENROL, holder)
        try:
            verified = verify_registration_response(
                credential=credential,
                expected_challenge=challenge,
                expected_origin=self.origin,
                expected_rp_id=self.rp_id,
                require_user_verification=True,
            )
        except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError, KeyError) as exc:
            raise PasskeyRefused("invalid_request", f"registration refused: {exc}") from None
        row = PasskeyRow(
            credential_id=bytes_to_base64url(verified.credential_id),
            holder=holder,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            created_at=self.clock.now(),
        )
        try:
            return self.database.added(row)
        except IntegrityError:
            raise PasskeyRefused("invalid_request", "this passkey is already enrolled") from None

    def of_holder(self, holder: str) -> list[PasskeyRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(PasskeyRow).where(PasskeyRow.holder == holder)))

    # -- login ---------------------------------------------------------------------------

    def login_options(self, login_id: str) -> dict[str, Any]:
        options = generate_authentication_options(
            rp_id=self.rp_id,
            challenge=self._challenge(LOGIN, login_id),
            user_verification=UserVerificationRequirement.REQUIRED,
        )
        return json.loads(options_to_json(options))  # type: ignore[no-any-return]

    def authenticate(self, login_id: str, credential: dict[str, Any]) -> PasskeyLogin:
        """The holder a login answer's passkey belongs to, once WebAuthn verified it and the
        card beneath it is still valid."""
        challenge = self._take_challenge(credential, LOGIN, login_id)
        credential_id = str(credential.get("id", ""))
        with self.database.transaction() as session:
            row = session.get(PasskeyRow, credential_id[:512])
        if row is None:
            raise PasskeyRefused("invalid_request", "unknown passkey")
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=self.rp_id,
                expected_origin=self.origin,
                credential_public_key=row.public_key,
                credential_current_sign_count=row.sign_count,
                require_user_verification=True,
            )
        except (InvalidAuthenticationResponse, InvalidJSONStructure, ValueError, KeyError) as exc:
            raise PasskeyRefused("invalid_request", f"passkey refused: {exc}") from None
        handle = credential["response"].get("userHandle")
        if handle and not hmac.compare_digest(
            base64url_to_bytes(str(handle)), self.user_handle(row.holder)
        ):
            raise PasskeyRefused("invalid_request", "the passkey is another account's")
        if row.suspended_at is not None or not self._card_still_valid(row.holder):
            raise PasskeyRefused(
                "access_denied",
                "the passkey is suspended: the card's certificate was revoked; log in with a"
                " valid card to restore it / カードの電子証明書が失効しているため、パスキーは停止中です",
            )
        with self.database.transaction() as session:
            stored = session.get(PasskeyRow, row.credential_id)
            if stored is not None:
                stored.sign_count, stored.last_used_at = verified.new_sign_count, self.clock.now()
        return PasskeyLogin(row.holder, row.credential_id)


__all__ = ["CHALLENGE_LIFETIME", "PasskeyLogin", "PasskeyRefused", "Passkeys"]
