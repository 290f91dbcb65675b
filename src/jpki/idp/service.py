"""The IdP as one object: RPs, keys, the Authlib server, card logins, consents, signing.

It is a tenant (委託 model) of the signature verification platform, which checks every card
signature, keeps the evidence and counts the fees; the IdP opens the platform in-process on
the same database (any number of IdP workers can, like platform workers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error
from authlib.oidc.core.errors import ConsentRequiredError, LoginRequiredError

from jpki.clock import Clock
from jpki.idp.assurance import (
    TRUST_FRAMEWORK,
    VERIFIABLE,
    ClaimsRefused,
    parse_claims_request,
)
from jpki.idp.catalogue import SUPPORTED_SCOPES, four_info_scopes
from jpki.idp.clients import Client
from jpki.idp.consents import Consents
from jpki.idp.digital_agency import (
    SIGN_TRANSACTION,
    digital_agency_discovery,
    with_session_state,
)
from jpki.idp.disclosures import IdpDisclosures
from jpki.idp.logins import Logins
from jpki.idp.logout import DISCOVERY as LOGOUT_DISCOVERY
from jpki.idp.logout import Logouts
from jpki.idp.oauth import Holder, HttpRequest, Request, Server
from jpki.idp.passkeys import Passkeys
from jpki.idp.profiles import ProfileName
from jpki.idp.records import IdpRecords
from jpki.idp.sessions import Ended, Sessions
from jpki.idp.settings import IdpSettings
from jpki.idp.signing import Signing
from jpki.idp.store.models import LoginRow
from jpki.idp.subjects import subject_of
from jpki.platform.errors import NotFound
from jpki.platform.service import Platform
from jpki.platform.tenants import Identifiers, Model, Tenant
from jpki.protocol.levels import Level

TENANT_NAME = "JPKI IdP (IDaaS)"


@dataclasses.dataclass(frozen=True)
class Session:
    """The holder's single sign-on session at the IdP (from its sealed cookie)."""

    holder: str
    acr: str
    auth_time: int
    medium: str | None = None
    """`card` or `phone`: whose key answered the login that opened the session (for `amr`)."""
    sid: str = ""
    """The server-side session (`jpki.idp.sessions`) the cookie names; ends at logout."""


@dataclasses.dataclass(frozen=True)
class Decision:
    """What /authorize does next: answer the RP (a redirect or an error page) or ask the card."""

    response: tuple[int, Any, list[tuple[str, str]]] | None = None
    login: LoginRow | None = None
    client: Client | None = None
    signed_on: bool = False
    """The SSO session answered the login: only this RP's consent is left to ask."""


class Idp:
    def __init__(self, settings: IdpSettings, clock: Clock, platform: Platform) -> None:
        self.settings, self.clock, self.platform = settings, clock, platform
        records = IdpRecords.open(settings, clock)
        self.database, self.keys, self.clients = records.database, records.keys, records.clients
        self.disclosures = IdpDisclosures(self.database, clock, self.clients, self._holder_key)
        self.server = Server(
            settings, self.database, clock, self.clients, self.keys, self.disclosures
        )
        self.tenant = self._tenant()
        self.logins = Logins(settings, self.database, clock, platform, self.tenant)
        self.consents = Consents(self.database, clock)
        self.signing = Signing(
            settings, self.database, clock, platform, self.tenant, self.disclosures
        )
        self.passkeys = Passkeys(settings, self.database, clock, platform, self.tenant)
        self.sessions = Sessions(self.database, clock)
        self.logouts = Logouts(settings, self.database, clock, self.clients, self.keys)
        if settings.the_profile.passkeys:
            self.logins.on_card_proof = self.passkeys.card_proved

    def _holder_key(self, serial: int) -> str | None:
        """The IdP's key for a holder: the platform's user ID of the IdP tenant (ID変換)."""
        return self.platform.disclosures.user_id_of(self.tenant, serial)

    def _tenant(self) -> Tenant:
        """The IdP's tenant at the platform, registered on first start for the issuer's origin."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.settings.issuer))
        try:
            tenant = self.platform.tenants.get(self.settings.tenant_id)
        except NotFound:
            tenant, _ = self.platform.tenants.register(
                self.settings.tenant_id, TENANT_NAME, Model.ITAKU, [origin]
            )
        if tenant.identifiers is not Identifiers.ANY_KNOWN:
            # The signatures it checks name the holder its login found, linked or not.
            tenant = self.platform.tenants.set_identifiers(tenant.id, Identifiers.ANY_KNOWN)
        if tenant.origins != (origin,):
            return self.platform.tenants.set_origins(tenant.id, [origin])
        return tenant

    def close(self) -> None:
        self.logouts.close()
        self.clients.close()
        self.database.dispose()

    # -- discovery ---------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        if self.settings.profile is ProfileName.DIGITAL_AGENCY:
            return digital_agency_discovery(self.settings)
        issuer = self.settings.issuer
        return {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo",
            "jwks_uri": f"{issuer}/jwks.json",
            "registration_endpoint": f"{issuer}/register",
            "end_session_endpoint": f"{issuer}/logout",
            "scopes_supported": SUPPORTED_SCOPES,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["ES256", "RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": list(self.settings.the_profile.acr_values),
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "acr",
                "amr",
                "name",
                "address",
                "birthdate",
                "gender",
                "verified_claims",
            ],
            "prompt_values_supported": ["none", "login", "consent"],
            "claims_parameter_supported": True,
            "verified_claims_supported": True,
            "trust_frameworks_supported": [TRUST_FRAMEWORK],
            "evidence_supported": ["electronic_signature"],
            "claims_in_verified_claims_supported": list(VERIFIABLE),
            "request_parameter_supported": False,
            "request_uri_parameter_supported": False,
            "ui_locales_supported": ["en", "ja"],
            "service_documentation": f"{issuer}/",
            **LOGOUT_DISCOVERY,
        }

    # -- authorization -----------------------------------------------------------------------

    def authorize(self, http: HttpRequest, session: Session | None, browser: str) -> Decision:
        """Validate an authorization request and decide: code now (SSO), error, or card login."""
        try:
            request = Request(http)
        except OAuth2Error as error:  # never redirected: the redirect_uri is not trusted
            return Decision(response=self.server.handle_response(*error()))
        data = request.payload.data
        client = self.clients.get(data.get("client_id", "")) if data.get("client_id") else None
        scopes = (data.get("scope") or "").split()
        acr = self.settings.the_profile.demanded(data.get("acr_values"))
        holder = self._reusable(session, client, data, acr, scopes)
        try:
            grant = self.server.get_consent_grant(request, end_user=holder)
        except OAuth2Error as error:
            return Decision(response=self.server.handle_error_response(request, error))
        try:
            self._profile_checks(data, grant.client, scopes)
        except OAuth2Error as error:
            error.redirect_uri = grant.redirect_uri
            return Decision(response=self.server.handle_error_response(request, error))
        prompts = (data.get("prompt") or "").split()
        consented = holder is not None and self.consents.covers(
            holder.id, grant.client.client_id, scopes
        )
        if holder is not None and consented and "consent" not in prompts:
            if holder.sid:
                self.sessions.join(holder.sid, grant.client.client_id)
            return Decision(
                response=self._authorization_response(
                    self.server.create_authorization_response(
                        request, grant_user=holder, grant=grant
                    ),
                    holder,
                )
            )
        if "none" in prompts:
            kind = ConsentRequiredError if holder is not None else LoginRequiredError
            failure = kind(redirect_uri=grant.redirect_uri, state=data.get("state"))
            return Decision(response=self.server.handle_error_response(request, failure))
        login = self.logins.begin(grant.client, urlencode(http.query), scopes, acr, browser)
        if holder is not None:  # signed on, but new to this RP: ask consent, not the card
            self.logins.sign_on(login.id, holder.id, holder.acr, holder.auth_time, holder.medium)
            return Decision(login=login, client=grant.client, signed_on=True)
        return Decision(login=login, client=grant.client)

    def _profile_checks(self, data: dict[str, str], client: Client, scopes: list[str]) -> None:
        """What the profile requires of an authorization request beyond Authlib's checks
        (the Digital Agency's: `state` and `nonce`, and a signing transaction of this RP,
        pending, when `sign` is asked); raises InvalidRequestError, redirected to the RP."""
        profile = self.settings.the_profile
        state = data.get("state")
        if profile.identity_assurance:
            try:
                parse_claims_request(data.get("claims"))
            except ClaimsRefused as bad:
                raise InvalidRequestError(str(bad), state=state) from None
        elif data.get("claims"):
            raise InvalidRequestError("the claims parameter is not supported", state=state)
        if profile.require_state and not state:
            raise InvalidRequestError("state is required", state=state)
        if profile.require_nonce and not data.get("nonce"):
            raise InvalidRequestError("nonce is required", state=state)
        transaction = data.get(SIGN_TRANSACTION)
        if transaction is not None or (
            profile.paths.sign_transactions is not None and "sign" in scopes
        ):
            why = self.signing.approvable(transaction or "", client.client_id)
            if why:
                raise InvalidRequestError(why, state=state)

    def _authorization_response(
        self, response: tuple[int, Any, list[tuple[str, str]]], holder: Holder
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        """The redirect to the RP, with `session_state` where the profile sends it."""
        if not self.settings.the_profile.session_state:
            return response
        return with_session_state(response, self.settings.session_secret, holder.id)

    def _reusable(
        self,
        session: Session | None,
        client: Client | None,
        data: dict[str, str],
        acr: Level,
        scopes: list[str],
    ) -> Holder | None:
        """The SSO session's holder when it satisfies this request (level, age, no prompt=login,
        no 4 information to read afresh), else None."""
        if session is None or client is None:
            return None
        if "login" in (data.get("prompt") or "").split() or four_info_scopes(scopes):
            return None
        if data.get(SIGN_TRANSACTION) is not None or data.get("claims"):
            return None  # a signature, or claims to verify afresh: the card is needed
        if Level.of_urn(session.acr).rank < acr.rank:
            return None
        max_age = data.get("max_age")
        now = int(self.clock.now().timestamp())
        if max_age is not None and (
            not max_age.isdigit() or now - session.auth_time > int(max_age)
        ):
            return None
        return Holder(
            session.holder,
            subject_of(self.settings, client, session.holder),
            session.acr,
            session.auth_time,
            {},
            session.medium,
            session.sid or None,
        )

    def holder_of(self, login: LoginRow) -> Holder:
        client = self.clients.get(login.client_id) if login.client_id else None
        return Holder.stored(
            self.settings,
            client,
            str(login.holder),
            str(login.acr),
            int(login.auth_time or 0),
            login.claims_json or "{}",
            login.medium,
        )

    def finish(
        self, login: LoginRow, approved: bool, sid: str | None = None
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        """Answer the RP after the card login (and the consent screen, if shown); the login's
        claims go into the code (Allow) or nowhere (Deny), and the login keeps none. The code
        belongs to session `sid` (the ID token names it; the RP joins the session)."""
        try:
            return self._answer(login, approved, sid)
        finally:
            self.logins.drop_claims(login.id)

    def _answer(
        self, login: LoginRow, approved: bool, sid: str | None
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        holder = dataclasses.replace(self.holder_of(login), sid=sid)
        query = parse_qsl(login.query, keep_blank_values=True)
        http = HttpRequest("GET", self.settings.endpoint["authorize"], {}, query)
        request = Request(http)
        try:
            grant = self.server.get_consent_grant(request, end_user=holder)
        except OAuth2Error as error:
            return self.server.handle_error_response(request, error)  # type: ignore[no-any-return]
        if approved:
            self.consents.grant(holder.id, grant.client.client_id, login.scopes.split())
            if sid:
                self.sessions.join(sid, grant.client.client_id)
        return self._authorization_response(
            self.server.create_authorization_response(
                request, grant_user=holder if approved else None, grant=grant
            ),
            holder,
        )

    def withdraw(self, holder: str, client_id: str) -> bool:
        """The holder withdraws their consent to an RP: its tokens end (access and refresh),
        nothing the IdP released to it stays (logins, codes, tokens), and it leaves the
        holder's sessions, each ended for it by a back-channel logout; False if there was
        no consent."""
        if not self.consents.revoke(holder, client_id):
            return False
        self.server.forget_holder(holder, client_id)
        self.logins.forget(holder, client_id)
        for sid in self.sessions.leave(holder, client_id):
            self.logouts.announce(Ended(sid, holder, (client_id,)))
        return True

    def session_of(self, login: LoginRow, current: Session | None = None) -> Session:
        """The SSO session a finished login leaves in the browser: the browser's session
        carried on when it is the same holder's, else a new one. Another holder's session is
        replaced in this browser but not ended: its RPs keep their sessions and tokens until
        that holder logs out (their `id_token_hint` still names it) or it expires."""
        holder = str(login.holder)
        if current is not None and current.holder == holder:
            sid = current.sid
        else:
            sid = self.sessions.open(holder)
        return Session(holder, str(login.acr), int(login.auth_time or 0), login.medium, sid)

    def end_sessions(self, sids: list[str]) -> list[str]:
        """End each session; every RP that took part is told over the back channel (queued)
        and the front-channel URLs to embed in the holder's browser are returned."""
        frames: list[str] = []
        for sid in dict.fromkeys(sids):
            ended = self.sessions.end(sid) if sid else None
            if ended is not None:
                frames += self.logouts.announce(ended)
        return frames

    def logout_targets(self, validated: Any, browser: Session | None) -> list[str]:
        """Which sessions an RP-initiated logout ends (its request validated by `Logout`):
        the session its `id_token_hint` names (if the RP took part in it), and the browser's
        own when it is that session or the same holder's (a hint for another holder leaves
        the browser's session alone); without a hint (confirmed by the holder), the
        browser's."""
        claims = validated.id_token_claims
        if claims is None:
            return [browser.sid] if browser is not None else []
        client = validated.client
        targets: list[str] = []
        hinted = claims.get("sid")
        if (
            isinstance(hinted, str)
            and client is not None
            and client.client_id in self.sessions.clients_of(hinted)
        ):
            targets.append(hinted)
        if browser is not None and client is not None:
            same = browser.sid == hinted or subject_of(
                self.settings, client, browser.holder
            ) == claims.get("sub")
            if same:
                targets.append(browser.sid)
        return targets

    def session_expired(self, session: Session) -> bool:
        started = dt.datetime.fromtimestamp(session.auth_time, dt.UTC)
        return self.clock.now() - started > self.settings.session_lifetime


__all__ = ["Decision", "Idp", "Session"]
