"""The HPKI authority in the sandbox world: its CA, the qualification registry with two demo
licences (the first two residents who may sign are a doctor and a pharmacist), and its tenant
at the platform (委託, so it learns the applicant's name and birth date from the card's
signature).

Files in `<data>/hpki/`: the CA (`ca.key` 0600, `ca.pem`), `issued.json`, `crl/hpki-sign.crl`,
`registry.json` and `tenant.json` (the platform API key and the operator's revocation token,
0600). The services that check e-prescriptions get the CA certificate (pinned) and the
authority's URL (`ServiceContext.hpki_ca`, `hpki_url`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

from fastapi import FastAPI

from jpki.clock import today_in_japan
from jpki.files import atomic_write, private_folder
from jpki.hpki.app import build_hpki_app
from jpki.hpki.authority import HpkiAuthority
from jpki.hpki.platform_client import PlatformSignatureCheck
from jpki.hpki.registry import Licence, QualificationRegistry
from jpki.platform.service import Platform
from jpki.platform.tenants import Model
from jpki.profile.validity import may_hold_signing_certificate
from jpki.protocol.hpki import Qualification
from jpki.world.sandbox import Sandbox

HPKI = "hpki"
"""The HPKI authority's name in `jpki up`'s table: bound after every earlier service, so their
addresses stay as they were."""
TENANT = "hpki-ca"
DEMO_LICENCES = (("512345", Qualification.DOCTOR), ("398765", Qualification.PHARMACIST))
"""The registration numbers of the demo doctor and pharmacist (sandbox values)."""


def hpki_folder(sandbox: Sandbox) -> Path:
    return sandbox.directory / HPKI


def _seed_registry(sandbox: Sandbox, registry: QualificationRegistry) -> None:
    today = today_in_japan(sandbox.clock)
    adults = [
        r for r in sandbox.authority.residents()
        if r.four_info.birth_date is not None and may_hold_signing_certificate(r.four_info.birth_date, today)
    ]  # fmt: skip
    for (number, qualification), resident in zip(DEMO_LICENCES, adults, strict=False):
        birth: dt.date | None = resident.four_info.birth_date
        assert birth is not None
        registry.register(Licence(number, qualification, resident.four_info.name, birth))


def open_hpki(sandbox: Sandbox, platform: Platform, platform_url: str, url: str) -> FastAPI:
    """The HPKI authority's app at `url`, created with its registry and tenant on first use."""
    folder = private_folder(hpki_folder(sandbox))
    registry = QualificationRegistry(folder / "registry.json")
    if not registry.path.exists():
        _seed_registry(sandbox, registry)
    authority = HpkiAuthority.create(folder, sandbox.clock, registry, url)
    tenant_file = folder / "tenant.json"
    known = {tenant.id for tenant in platform.tenants.all()}
    saved = json.loads(tenant_file.read_text()) if tenant_file.exists() else {}
    if TENANT not in known:
        _, key = platform.tenants.register(TENANT, "HPKI認証局 / HPKI CA", Model.ITAKU, [url])
    elif "api_key" not in saved:
        key = platform.tenants.rotate(TENANT)
    else:
        key = saved["api_key"]
    platform.tenants.set_origins(TENANT, [url])
    saved = {
        "api_key": key,
        "operator_token": saved.get("operator_token") or secrets.token_urlsafe(24),
    }
    atomic_write(tenant_file, json.dumps(saved, indent=2).encode(), mode=0o600)
    check = PlatformSignatureCheck(platform_url, key)
    return build_hpki_app(authority, check, saved["operator_token"])


__all__ = ["DEMO_LICENCES", "HPKI", "TENANT", "hpki_folder", "open_hpki"]
