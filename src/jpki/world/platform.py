"""The platform in the sandbox world: accredited with the world's authority, two demo SPs.

On first start the platform is accredited as a verifier (署名検証者) with the authority and
registers one demo service provider of each model of seed 004 (a 代行 bank, a 委託 insurer);
their API keys go to `<data>/platform/demo-tenants.json` (sandbox only). The platform keeps
the world's CRL files loaded (they are on this machine) and asks the authority's OCSP
responder when they do not answer.
"""

from __future__ import annotations

import json

from jpki.files import atomic_write
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Model
from jpki.protocol.published import CRL_FOLDER, current_crl_names
from jpki.world.sandbox import Sandbox

PLATFORM_VERIFIER = "署名検証プラットフォーム / Signature verification platform"
DEMO_TENANTS = (
    ("demo-bank", "デモ銀行 / Demo Bank", Model.DAIKO),
    ("demo-insurer", "デモ生命 / Demo Life Insurance", Model.ITAKU),
)
DEMO_ORIGINS = ["http://localhost:8000", "http://127.0.0.1:8000"]


def open_platform(sandbox: Sandbox, authority_url: str) -> Platform:
    """The world's platform, created (and accredited, with demo SPs) on first use."""
    directory = sandbox.directory
    crls = [str(directory / CRL_FOLDER / name) for name in current_crl_names()]
    if (directory / "platform" / "settings.json").exists():
        settings = PlatformSettings.load(directory).model_copy(
            update={"authority_url": authority_url}
        )
        return Platform(settings, sandbox.clock)
    _, api_key = sandbox.authority.accredit_verifier(PLATFORM_VERIFIER)
    settings = PlatformSettings(
        data_dir=directory, authority_url=authority_url, verifier_api_key=api_key, crl_sources=crls
    )
    platform = Platform.initialise(settings, sandbox.clock)
    demo = {}
    for tenant_id, name, model in DEMO_TENANTS:
        _, key = platform.tenants.register(tenant_id, name, model, DEMO_ORIGINS)
        demo[tenant_id] = {
            "name": name,
            "model": model.value,
            "api_key": key,
            "origins": DEMO_ORIGINS,
        }
    atomic_write(
        settings.platform_dir / "demo-tenants.json",
        json.dumps(demo, ensure_ascii=False, indent=2).encode(),
        mode=0o600,
    )
    return platform


__all__ = ["DEMO_TENANTS", "PLATFORM_VERIFIER", "open_platform"]
