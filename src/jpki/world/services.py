"""The use cases' services (`jpki.apps`) in the sandbox world.

Each service is a tenant of the world's platform (created on first start, its API key kept in
`<data>/apps/tenants.json`, mode 0600) whose registered origin follows the address it is
served at; all of them keep their tables in `<data>/apps/apps.db` and their files under
`<data>/apps/<service>/`. They reach the platform over HTTP like any company would.

The world keeps no list of services: it starts what `jpki.apps.registry` names, each as the
service declares itself in its own package (`jpki.apps.<service>.spec`).
"""

from __future__ import annotations

import json
import secrets
import socket
from pathlib import Path

from jpki.apps import registry
from jpki.apps.kit.attributes_api import AttributeOffice
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.apps.kit.spec import ServiceSpec, SiteSpec
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.errors import ReaderError
from jpki.client.readers import InProcessReader, Reader
from jpki.files import atomic_write, private_folder
from jpki.idp.service import Idp
from jpki.platform.service import Platform
from jpki.platform.tenants import Identifiers, Model
from jpki.protocol.wallet import SealTo
from jpki.storage import sqlite_url
from jpki.world.idp import register_rp
from jpki.world.sandbox import Sandbox
from jpki.world.serving import ASGIApp, TlsFiles, url_of

SERVICES = tuple(spec for spec in registry.specs() if isinstance(spec, ServiceSpec))
"""The services that are tenants of the platform, as each declares itself (`jpki.apps`'s
registry)."""
SITES = tuple(spec for spec in registry.specs() if isinstance(spec, SiteSpec))
"""The sites that log in through the IdP."""


class SandboxReaders:
    """The sandbox's cards as the readers on a service's machine: one reader per card image,
    named by the resident, as if the resident had put that card on the counter's reader."""

    def __init__(self, cards_dir: Path) -> None:
        self.cards_dir = cards_dir

    def names(self) -> list[str]:
        return sorted(path.stem for path in self.cards_dir.glob("*.card"))

    def open(self, name: str) -> Reader:
        if name not in self.names():
            raise ReaderError(f"no card in reader {name!r} / カードがリーダーにありません")
        path = self.cards_dir / f"{name}.card"
        return InProcessReader(Card(ImageStore.open(path)), name=name)


class ServiceWorld:
    """The services' shared database and their tenant keys and session secrets."""

    def __init__(
        self, sandbox: Sandbox, platform: Platform, *, hpki: tuple[Path, str] | None = None
    ) -> None:
        self.sandbox, self.platform = sandbox, platform
        self.hpki = hpki
        """The HPKI authority's CA certificate file and URL, for e-prescription checks."""
        self.folder = sandbox.directory / "apps"
        private_folder(self.folder)
        self.database = AppsDatabase(sqlite_url(self.folder / "apps.db"))
        self.database.migrate()
        self.keys_file = self.folder / "tenants.json"
        self.tls: dict[str, TlsFiles] = {}
        """TLS for the services' client-authentication endpoints, filled by `apps`."""
        self.keys: dict[str, dict[str, str]] = (
            json.loads(self.keys_file.read_text()) if self.keys_file.exists() else {}
        )

    def _tenant_key(self, spec: ServiceSpec, origin: str) -> str:
        known = {tenant.id for tenant in self.platform.tenants.all()}
        if spec.tenant not in known:
            _, key = self.platform.tenants.register(
                spec.tenant, spec.tenant_name, Model(spec.model), [origin]
            )
        elif spec.tenant not in self.keys:
            key = self.platform.tenants.rotate(spec.tenant)
        else:
            key = self.keys[spec.tenant]["api_key"]
        # The service's address replaces the one it had last time; other origins (the demo
        # tenants' own) stay.
        previous = self.keys.get(spec.tenant, {}).get("origin")
        others = [
            o for o in self.platform.tenants.get(spec.tenant).origins if o not in (previous, origin)
        ]
        self.platform.tenants.set_origins(spec.tenant, [origin, *others])
        self.platform.tenants.set_identifiers(spec.tenant, Identifiers(spec.identifiers))
        self.keys[spec.tenant] = {
            "origin": origin,
            "api_key": key,
            "session_secret": self.keys.get(spec.tenant, {}).get(
                "session_secret", secrets.token_hex(32)
            ),
        }
        return key

    def apps(
        self,
        platform_url: str,
        wallet_url: str,
        sockets: dict[str, socket.socket],
        offices: dict[str, AttributeOffice] | None = None,
    ) -> dict[str, tuple[ASGIApp, socket.socket]]:
        """Every service built for its socket (named by `ServiceSpec.key`); a service that is
        an office of the attribute authority gets its access to it from `offices`."""
        built: dict[str, tuple[ASGIApp, socket.socket]] = {}
        for spec in SERVICES:
            origin = url_of(sockets[spec.key])
            tls_origin = (
                url_of(sockets[spec.tls_key]).replace("http://", "https://")
                if spec.tls_endpoint
                else None
            )
            key = self._tenant_key(spec, origin)
            folder = self.folder / spec.key
            private_folder(folder)
            context = ServiceContext(
                origin=origin,
                wallet_url=wallet_url,
                platform=PlatformApi(platform_url, key),
                database=self.database,
                clock=self.sandbox.clock,
                session_secret=self.keys[spec.tenant]["session_secret"],
                folder=folder,
                tls_origin=tls_origin,
                seal_to=(
                    SealTo(platform=platform_url, tenant=spec.tenant)
                    if spec.model == "daiko"
                    else None
                ),
                card_readers=SandboxReaders(self.sandbox.cards_dir),
                roots=self.sandbox.directory / "roots",
                terminal=self.sandbox.directory / "terminal",
                free_area=(
                    self.sandbox.make_install_issuer(spec.key, *spec.free_area)
                    if spec.free_area
                    else None
                ),
                hpki_ca=self.hpki[0] if self.hpki else None,
                hpki_url=self.hpki[1] if self.hpki else None,
                attributes=(offices or {}).get(spec.key),
            )
            built[spec.key] = (spec.build(context), sockets[spec.key])
            if spec.tls_endpoint is not None:
                endpoint = spec.tls_endpoint(context)
                built[spec.tls_key] = (endpoint.app, sockets[spec.tls_key])
                self.tls[spec.tls_key] = TlsFiles(
                    endpoint.certificate,
                    endpoint.key,
                    self.sandbox.directory / "roots" / "auth-ca.pem",
                    require_client=True,
                )
        atomic_write(self.keys_file, json.dumps(self.keys, indent=2).encode(), mode=0o600)
        return built

    def sso_apps(
        self, idp: Idp, sockets: dict[str, socket.socket]
    ) -> dict[str, tuple[ASGIApp, socket.socket]]:
        """The SSO use case's sites (`gov-<site>`), registered anew at the IdP as RPs."""
        built: dict[str, tuple[ASGIApp, socket.socket]] = {}
        for site in SITES:
            config = register_rp(idp, site.key, site.name, url_of(sockets[site.key]), "openid")
            app = site.build(config, self.database, self.sandbox.clock)
            built[site.key] = (app, sockets[site.key])
        return built

    def close(self) -> None:
        self.database.dispose()


SSO_GUIDES = {site.key: site.guide for site in SITES}
"""The government SSO sites of `jpki up`, by the name each is listed under."""


__all__ = ["SERVICES", "SITES", "SSO_GUIDES", "ServiceWorld"]
