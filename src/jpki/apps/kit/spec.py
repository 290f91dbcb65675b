"""What the composition root needs to start a service: each service declares its specs in
its own package (`<service>/spec.py`, `SPECS`) and the world reads them all through
`jpki.apps.registry`, so the world holds no list of services of its own."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Literal

from fastapi import FastAPI

from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.oidc import RelyingPartyConfig
from jpki.apps.kit.tls import ClientAuthEndpoint
from jpki.clock import Clock


@dataclasses.dataclass(frozen=True)
class Guide:
    """How `jpki up` presents a service: what it is (the line in the table `jpki up` prints,
    and the front door's heading for it) and what a newcomer can try there, in both languages."""

    what_en: str
    what_ja: str
    try_en: str
    try_ja: str


TenantIdentifiers = Literal["stable", "per-use"]
"""Which user IDs the platform gives the service (`jpki.platform.tenants.Identifiers`):
stable pairwise IDs, or a fresh reference per use for a service answering an attribute only."""
TenantModel = Literal["itaku", "daiko"]
"""How a service uses the platform (seed 004): 委託 (`itaku`, the service is the verifier and
sees everything) or 代行 (`daiko`, the platform verifies and the service sees only its own user
IDs); the values of the platform's tenant models, which the world registers it under."""


@dataclasses.dataclass(frozen=True)
class ServiceSpec:
    """A service that is a tenant of the platform, built for the context the world hands it."""

    key: str
    """The service's name in `jpki up`'s table and its folder."""
    tenant: str
    tenant_name: str
    model: TenantModel
    build: Callable[[ServiceContext], FastAPI]
    guide: Guide
    tls_endpoint: Callable[[ServiceContext], ClientAuthEndpoint] | None = None
    """An HTTPS endpoint with TLS client authentication, listed as `<key>-tls`."""
    identifiers: TenantIdentifiers = "stable"
    free_area: tuple[str, bytes] | None = None
    """(issuer name, AID) of the card application the service installs in the card's free
    area (空き領域); the world has J-LIS certify its install key (`ServiceContext.free_area`)."""
    attribute_kinds: tuple[str, ...] = ()
    """The attribute certificates the service asks the attribute authority to issue as one of
    its offices (`jpki.protocol.attributes.AttributeKind` values); none for most services."""

    @property
    def tls_key(self) -> str:
        return f"{self.key}-tls"


@dataclasses.dataclass(frozen=True)
class SiteSpec:
    """A site that logs its users in through the IdP (OpenID Connect), registered there anew
    as a relying party (RP) each time the world starts."""

    key: str
    """The site's name in `jpki up`'s table and its RP's client ID."""
    name: str
    """Shown at the IdP and the wallet (Japanese / English)."""
    guide: Guide
    build: Callable[[RelyingPartyConfig, AppsDatabase, Clock], FastAPI]


Spec = ServiceSpec | SiteSpec


__all__ = ["Guide", "ServiceSpec", "SiteSpec", "Spec", "TenantIdentifiers", "TenantModel"]
