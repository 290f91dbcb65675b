"""The use cases' services (`jpki.apps`) in the sandbox world.

Each service is a tenant of the world's platform (created on first start, its API key kept in
`<data>/apps/tenants.json`, mode 0600) whose registered origin follows the address it is
served at; all of them keep their tables in `<data>/apps/apps.db` and their files under
`<data>/apps/<service>/`. They reach the platform over HTTP like any company would.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import socket
from collections.abc import Callable

from fastapi import FastAPI

from jpki.apps.age.app import build_age_app
from jpki.apps.bank.app import build_bank_app
from jpki.apps.clinic.app import build_clinic_app
from jpki.apps.disaster.app import build_disaster_app
from jpki.apps.gov_sso.app import build_site_app
from jpki.apps.gov_sso.sites import SITES
from jpki.apps.insurer.app import build_insurer_app
from jpki.apps.kiosk.app import build_kiosk_app
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.apps.kit.tls import ClientAuthEndpoint
from jpki.apps.loan.app import build_loan_app
from jpki.apps.mvno.app import build_mvno_app
from jpki.apps.mykey.app import build_mykey_app
from jpki.apps.payments.app import build_payments_app
from jpki.apps.securities.app import build_securities_app, build_securities_tls
from jpki.apps.tickets.app import build_tickets_app
from jpki.files import atomic_write
from jpki.idp.service import Idp
from jpki.platform.service import Platform
from jpki.platform.tenants import Model
from jpki.storage import sqlite_url
from jpki.world.idp import register_rp
from jpki.world.sandbox import Sandbox
from jpki.world.serving import ASGIApp, TlsFiles, url_of


@dataclasses.dataclass(frozen=True)
class ServiceSpec:
    key: str
    """The service's name in `jpki up`'s table and its folder."""
    tenant: str
    tenant_name: str
    model: Model
    build: Callable[[ServiceContext], FastAPI]
    title: str
    """What the service is, for the table `jpki up` prints."""
    tls_endpoint: Callable[[ServiceContext], ClientAuthEndpoint] | None = None
    """An HTTPS endpoint with TLS client authentication, listed as `<key>-tls`."""

    @property
    def tls_key(self) -> str:
        return f"{self.key}-tls"


SERVICES = (
    ServiceSpec(
        "bank", "demo-bank", "デモ銀行 / Demo Bank", Model.DAIKO, build_bank_app,
        "Bank & securities: eKYC account opening, card login (seed 002 No.5/No.20)",
    ),
    ServiceSpec(
        "loan", "demo-loan", "デモ銀行 住宅ローン / Demo Bank housing loan", Model.ITAKU,
        build_loan_app,
        "Housing-loan e-contract: card-signed PDF, bank seal, PAdES B-LT (seed 002 No.8)",
    ),
    ServiceSpec(
        "securities", "demo-securities", "デモ証券 / Demo Securities", Model.DAIKO,
        build_securities_app,
        "Securities: trading API over TLS client authentication by card (seed 002 No.14)",
        build_securities_tls,
    ),
    ServiceSpec(
        "mvno", "demo-mvno", "デモモバイル / Demo Mobile", Model.ITAKU, build_mvno_app,
        "MVNO counter: terms signed with the card, no photocopy (seed 002 No.1)",
    ),
    ServiceSpec(
        "tickets", "demo-tickets", "デモチケット / Demo Tickets", Model.ITAKU, build_tickets_app,
        "Tickets bound to the card; PIN-less gate (seed 000 stadium, seed 002 No.2)",
    ),
    ServiceSpec(
        "clinic", "demo-clinic", "オンライン資格確認 / Qualification confirmation", Model.DAIKO,
        build_clinic_app,
        "Clinic reception: card as insurance card, offline cache (seed 000, seed 003)",
    ),
    ServiceSpec(
        "insurer", "demo-insurer", "デモ生命 / Demo Life Insurance", Model.ITAKU, build_insurer_app,
        "Life insurer: batch status check before mailing, change notifications (seed 002 No.9)",
    ),
    ServiceSpec(
        "age", "demo-age", "年齢確認 / Age verification", Model.DAIKO, build_age_app,
        "Age verification: 20+ yes/no only, no personal data (seed 001 roadmap)",
    ),
    ServiceSpec(
        "disaster", "demo-disaster", "デモ市 災害時住民支援 / Disaster support", Model.DAIKO,
        build_disaster_app,
        "Disaster support: shelters check in with the card, safety, relief (seed 002 No.22)",
    ),
    ServiceSpec(
        "mykey", "demo-mykey", "マイキープラットフォーム / MyKey platform", Model.DAIKO,
        build_mykey_app,
        "MyKey platform: MyKey ID, library and shop IDs, local points (seed 000)",
    ),
    ServiceSpec(
        "payments", "demo-relay", "決済中継 / Payment relay", Model.DAIKO, build_payments_app,
        "Payment relay: store, debit and ATM by card, issuers' own PINs (seed 004)",
    ),
    ServiceSpec(
        "kiosk", "demo-kiosk", "コンビニ交付 / Convenience-store kiosk", Model.ITAKU, build_kiosk_app,
        "Kiosk: sealed resident-record PDF, identification numbers (seed 000, 002 No.16)",
    ),
)  # fmt: skip


class ServiceWorld:
    """The services' shared database and their tenant keys and session secrets."""

    def __init__(self, sandbox: Sandbox, platform: Platform) -> None:
        self.sandbox, self.platform = sandbox, platform
        self.folder = sandbox.directory / "apps"
        self.folder.mkdir(mode=0o700, exist_ok=True)
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
                spec.tenant, spec.tenant_name, spec.model, [origin]
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
        self.keys[spec.tenant] = {
            "origin": origin,
            "api_key": key,
            "session_secret": self.keys.get(spec.tenant, {}).get(
                "session_secret", secrets.token_hex(32)
            ),
        }
        return key

    def apps(
        self, platform_url: str, wallet_url: str, sockets: dict[str, socket.socket]
    ) -> dict[str, tuple[ASGIApp, socket.socket]]:
        """Every service built for its socket (named by `ServiceSpec.key`)."""
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
            folder.mkdir(mode=0o700, exist_ok=True)
            context = ServiceContext(
                origin=origin,
                wallet_url=wallet_url,
                platform=PlatformApi(platform_url, key),
                database=self.database,
                clock=self.sandbox.clock,
                session_secret=self.keys[spec.tenant]["session_secret"],
                folder=folder,
                tls_origin=tls_origin,
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
            key = f"gov-{site.key}"
            config = register_rp(idp, key, site.name, url_of(sockets[key]), "openid")
            app = build_site_app(site, config, self.database, self.sandbox.clock)
            built[key] = (app, sockets[key])
        return built

    def close(self) -> None:
        self.database.dispose()


SSO_TITLES = {f"gov-{site.key}": f"SSO through the IdP (seed 001): {site.name}" for site in SITES}
"""The government SSO sites of `jpki up`, by the name each is listed under."""


__all__ = ["SERVICES", "SSO_TITLES", "ServiceSpec", "ServiceWorld"]
