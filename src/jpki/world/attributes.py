"""The attribute authority (属性認証局, `jpki.attributes`) in the sandbox world.

It is a 委託 tenant of the world's platform (`attribute-authority`) that receives a stable ID for
every holder it logs in (`Identifiers.ANY_KNOWN`: it certifies people it has never registered
as customers), with its own origin and those of its offices' pages registered there, since an
office's page hands the holder the authority's challenge. Its offices are the services whose
spec names `attribute_kinds`; their API keys and the tenant's are kept in
`DATA/attributes/keys.json` (mode 0600)."""

from __future__ import annotations

import json
import secrets

from jpki.apps.kit.attributes_api import AttributeOffice
from jpki.apps.kit.spec import ServiceSpec
from jpki.attributes.platform_client import PlatformTenant
from jpki.attributes.service import AttributeAuthority, Office
from jpki.files import atomic_write, private_folder
from jpki.platform.service import Platform
from jpki.platform.tenants import Identifiers, Model
from jpki.protocol.attributes import AttributeKind
from jpki.storage import sqlite_url
from jpki.world.sandbox import Sandbox

TENANT = "attribute-authority"
NAME = "JPKI Sandbox Attribute Authority / 属性認証局"


def open_attribute_authority(
    sandbox: Sandbox,
    platform: Platform,
    platform_url: str,
    url: str,
    offices: dict[ServiceSpec, str],
) -> tuple[AttributeAuthority, dict[str, AttributeOffice]]:
    """The authority at `url` and, by service key, each office's access to it (`offices`:
    each office service and its origin)."""
    folder = sandbox.directory / "attributes"
    private_folder(folder)
    keys_file = folder / "keys.json"
    kept: dict[str, str] = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    origins = [url, *offices.values()]
    if TENANT not in {tenant.id for tenant in platform.tenants.all()}:
        _, kept["tenant"] = platform.tenants.register(TENANT, NAME, Model.ITAKU, origins)
    elif "tenant" not in kept:
        kept["tenant"] = platform.tenants.rotate(TENANT)
    platform.tenants.set_origins(TENANT, origins)
    platform.tenants.set_identifiers(TENANT, Identifiers.ANY_KNOWN)
    registered, access = [], {}
    for spec, origin in offices.items():
        key = kept.setdefault(f"office:{spec.key}", secrets.token_urlsafe(32))
        registered.append(
            Office(
                id=spec.key,
                name=spec.tenant_name,
                kinds=frozenset(AttributeKind(kind) for kind in spec.attribute_kinds),
                origins=frozenset({origin}),
                api_key_sha256=Office.key_digest(key),
            )
        )
        access[spec.key] = AttributeOffice(url=url, api_key=key)
    atomic_write(keys_file, json.dumps(kept, indent=2).encode(), mode=0o600)
    authority = AttributeAuthority(
        name=NAME,
        tenant=TENANT,
        url=url,
        folder=folder,
        database_url=sqlite_url(folder / "attributes.db"),
        clock=sandbox.clock,
        platform=PlatformTenant(platform_url, kept["tenant"]),
        offices=registered,
    )
    return authority, access


__all__ = ["NAME", "TENANT", "open_attribute_authority"]
