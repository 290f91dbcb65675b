"""The IdP's two profiles: ours (`jpki`) and a local twin of the Digital Agency's
デジタル認証アプリ (digital authentication app) service API (`digital-agency`).

A profile is what an RP integrates against: where the endpoints are, what the discovery
document says, which client authentication, parameters, scopes, `acr` values and token
lifetimes apply. Everything the Digital Agency profile takes from the government's public
developer documentation (or could not confirm there) is chosen here, in one place, and listed
with its source in docs/idp-digital-agency.md; the rest of the IdP asks the profile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from jpki.protocol.levels import OIDC_LEVELS, Level


class ProfileName(enum.StrEnum):
    JPKI = "jpki"
    DIGITAL_AGENCY = "digital-agency"


@dataclasses.dataclass(frozen=True)
class Paths:
    """Endpoint paths, relative to the IdP's base URL (scheme://host:port)."""

    discovery: str
    authorize: str
    token: str
    userinfo: str
    jwks: str
    logout: str
    register: str | None
    """RFC 7591 dynamic registration; None: RPs are registered by the operator only."""
    sign_transactions: str | None
    """The Digital Agency's signing API (`POST`, then `GET {id}/result`); None: ours only."""


@dataclasses.dataclass(frozen=True)
class Profile:
    name: ProfileName
    issuer_path: str
    """What the issuer identifier adds to the base URL ("" for ours)."""
    paths: Paths
    auth_methods: tuple[str, ...]
    """Client authentication methods at the token endpoint."""
    require_state: bool
    require_nonce: bool
    client_credentials: bool
    """Whether the client-credentials grant is offered (for the signing API)."""
    acr_values: dict[str, Level | None]
    """The `acr_values` an RP may send: each names the weakest level it accepts, or None for
    a demand every login of the IdP meets (e.g. a revocation check)."""
    acr_claim: dict[Level, str]
    """The `acr` an ID token carries for each level reached."""
    lifetimes: dict[str, dt.timedelta]
    """`IdpSettings` lifetimes this profile starts with (`jpki idp init`, `jpki up`)."""
    session_state: bool
    """Authorization responses carry `session_state` (Keycloak's session management)."""
    passkeys: bool = False
    """Passkeys after card proofing (`jpki.idp.passkeys`)."""
    identity_assurance: bool = False
    """OpenID Connect for Identity Assurance 1.0: `verified_claims` through `claims`."""
    shown_as: dict[str, str] = dataclasses.field(default_factory=dict)
    """Scopes the holder is shown under another scope's words: the Digital Agency's `sign`
    hands over the signing certificate with each signature, as our `sign_certificate` does."""

    def shown(self, scopes: list[str]) -> list[str]:
        """The scopes as the consent screen and the wallet name them."""
        return [self.shown_as.get(scope, scope) for scope in scopes]

    def demanded(self, acr_values: str | None) -> Level:
        """The weakest level an RP accepts from its `acr_values`; PIN authentication when it
        names none (the card's normal login)."""
        levels = [
            level
            for value in (acr_values or "").split()
            if (level := self.acr_values.get(value)) is not None
        ]
        return min(levels, key=lambda level: level.rank) if levels else Level.PIN

    def unknown_acr(self, acr_values: str | None) -> list[str]:
        return [value for value in (acr_values or "").split() if value not in self.acr_values]


JPKI = Profile(
    name=ProfileName.JPKI,
    issuer_path="",
    paths=Paths(
        discovery="/.well-known/openid-configuration",
        authorize="/authorize",
        token="/token",
        userinfo="/userinfo",
        jwks="/jwks.json",
        logout="/logout",
        register="/register",
        sign_transactions=None,
    ),
    auth_methods=("client_secret_basic", "private_key_jwt"),
    require_state=False,
    require_nonce=False,
    client_credentials=False,
    acr_values={level.urn: level for level in (*OIDC_LEVELS, Level.PASSKEY)},
    acr_claim={level: level.urn for level in (*OIDC_LEVELS, Level.PASSKEY)},
    lifetimes={},
    session_state=False,
    passkeys=True,
    identity_assurance=True,
)

DA_REALM = "/api/realms/main"
"""The sandbox's and production's issuer path (a Keycloak realm): developers.digital.go.jp
API reference and integrators' adapters (`https://sb-auth-and-sign.go.jp/api/realms/main`)."""
_CONNECT = f"{DA_REALM}/protocol/openid-connect"

DIGITAL_AGENCY = Profile(
    name=ProfileName.DIGITAL_AGENCY,
    issuer_path=DA_REALM,
    paths=Paths(
        discovery=f"{DA_REALM}/.well-known/openid-configuration",
        authorize=f"{_CONNECT}/auth",
        token=f"{_CONNECT}/token",
        userinfo=f"{_CONNECT}/userinfo",
        jwks=f"{_CONNECT}/certs",
        logout=f"{_CONNECT}/logout",
        register=None,
        sign_transactions="/api/sign-transactions",
    ),
    auth_methods=("private_key_jwt",),
    require_state=True,
    require_nonce=True,
    client_credentials=True,
    # `aal3 crl` is the documented example; read as: AAL3 (the card's key with its PIN) and a
    # revocation check against the CRL (which the platform does for every login). Unconfirmed.
    acr_values={"aal3": Level.PIN, "crl": None},
    acr_claim={Level.PIN: "aal3", Level.PINLESS: "aal2", Level.CERTIFICATE: "aal1"},
    # Not published; Keycloak's defaults (access token 5 minutes, SSO idle 30 minutes),
    # which the sandbox's software suggests. Unconfirmed.
    lifetimes={
        "access_token_lifetime": dt.timedelta(minutes=5),
        "id_token_lifetime": dt.timedelta(minutes=5),
        "refresh_token_lifetime": dt.timedelta(minutes=30),
    },
    session_state=True,
    shown_as={"sign": "sign_certificate"},
)

PROFILES = {profile.name: profile for profile in (JPKI, DIGITAL_AGENCY)}

DA_SCOPES = ("openid", "name", "address", "birthdate", "gender", "sign")
"""The scopes of the Digital Agency's API reference (民間事業者向け APIリファレンス)."""


def profile_named(name: str) -> Profile:
    return PROFILES[ProfileName(name)]


__all__ = [
    "DA_REALM",
    "DA_SCOPES",
    "DIGITAL_AGENCY",
    "JPKI",
    "PROFILES",
    "Paths",
    "Profile",
    "ProfileName",
    "profile_named",
]
