"""`jpki up`: the whole world on loopback, created on first run in the user's data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs

from jpki.apps.demo_rp.app import build_rp_app
from jpki.attributes.api import build_attributes_app
from jpki.authority.api.app import build_app
from jpki.clock import Clock
from jpki.idp.app import build_idp_app
from jpki.idp.profiles import ProfileName
from jpki.mynumber.portal.app import build_portal_app
from jpki.platform.api import build_platform_app
from jpki.protocol.disclosures import DisclosureSource
from jpki.wallet.app import build_wallet_app
from jpki.world.attributes import open_attribute_authority
from jpki.world.front_door import Listed, build_front_door_app
from jpki.world.guides import ATTRIBUTES, CORE_GUIDES, DIGITAL_AGENCY, FRONT_DOOR, guides
from jpki.world.hpki import HPKI, hpki_folder, open_hpki
from jpki.world.idp import demo_rp, open_idp, sandbox_wallet
from jpki.world.numbering import open_numbering, open_portal
from jpki.world.platform import open_platform
from jpki.world.ports import bind_all
from jpki.world.request_log import RequestLog
from jpki.world.sandbox import Sandbox
from jpki.world.services import SERVICES, SSO_GUIDES, ServiceWorld
from jpki.world.serving import serve, url_of

DEMO_RESIDENTS = 20
CORE = tuple(CORE_GUIDES)
"""The parties the world starts itself, bound first in this order."""


def titles() -> dict[str, str]:
    """What each service of `jpki up` is, by the name it is listed under."""
    return {name: guide.what_en for name, guide in guides().items()}


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("jpki", appauthor=False))


def open_or_create(
    data_dir: Path,
    clock: Clock,
    *,
    residents: int = DEMO_RESIDENTS,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Sandbox:
    """Open the world in `data_dir`, creating a sandbox with a demo population if empty."""
    if (data_dir / "authority" / "settings.json").exists():
        return Sandbox.open(data_dir, clock)
    return Sandbox.init(data_dir, residents, seed, clock, progress=progress)


LOOPBACK = "127.0.0.1"
"""`jpki up`'s default host: there each service is given an address of its own."""
IDP_HOST_NAME = "localhost"
"""On loopback the IdP is addressed by this name rather than an address: WebAuthn takes a host
name as its RP ID, never an IP address, and `http://localhost` is a secure context to browsers,
so passkeys (docs/idp.md) can be enrolled and used in `jpki up`. Browsers send `localhost` to
127.0.0.1, so the IdP is bound there, at a port of its own; cookies are kept per host name, and
no other service is addressed as `localhost`, so none is sent the IdP's cookies."""


def service_names() -> list[str]:
    """Every service of `jpki up` with a web origin of its own, in the order they are bound."""
    return [
        *CORE,
        *(spec.key for spec in SERVICES),
        *SSO_GUIDES,
        FRONT_DOOR,
        DIGITAL_AGENCY,
        HPKI,
        ATTRIBUTES,
    ]


def service_hosts(host: str) -> dict[str, str]:
    """The address each service is bound to, named as in `service_names` (a service's TLS
    endpoint is served at its service's address).

    Browsers keep cookies per host name, not per port (RFC 6265 8.5), so services sharing
    127.0.0.1 would each receive the others' session cookies. On loopback (the default) every
    service therefore gets one of its own: Linux routes all of 127.0.0.0/8 to the loopback
    interface, and 127.0.0.1 (the authority), 127.0.0.2 (the platform), ... are distinct sites
    to a browser. Any other host given is shared by all."""
    names = service_names()
    if host != LOOPBACK:
        return dict.fromkeys(names, host)
    hosts = {name: f"127.0.0.{number}" for number, name in enumerate(names, start=1)}
    return hosts | {"idp": LOOPBACK}  # addressed as `localhost` (IDP_HOST_NAME)


def idp_address(url: str, host: str) -> str:
    """The IdP's URL as browsers and RPs address it: `localhost` on loopback (passkeys)."""
    if host != LOOPBACK:
        return url
    return url.replace(f"//{LOOPBACK}:", f"//{IDP_HOST_NAME}:", 1)


def run(
    sandbox: Sandbox,
    host: str,
    port: int,
    on_ready: Callable[[dict[str, str]], None],
) -> None:
    """Serve every service of the world until interrupted, at the addresses kept in its data
    folder (`jpki.world.ports`). The caller holds the folder's lock (`jpki.world.lock`)."""
    hosts = service_hosts(host)
    tls_of = {spec.tls_key: spec.key for spec in SERVICES if spec.tls_endpoint}
    bound = bind_all(
        sandbox.directory, hosts | {tls: hosts[of] for tls, of in tls_of.items()}, port
    )
    sockets = [bound[name] for name in CORE]
    service_sockets = {
        name: sock
        for name, sock in bound.items()
        if name not in (*CORE, FRONT_DOOR, DIGITAL_AGENCY, HPKI, ATTRIBUTES)
    }
    authority_url, platform_url, idp_url, wallet_url, rp_url, portal_url = (
        url_of(s) for s in sockets
    )
    idp_url = idp_address(idp_url, host)
    platform = open_platform(sandbox, authority_url)
    idp = open_idp(sandbox, platform, idp_url, wallet_url)
    da_url = url_of(bound[DIGITAL_AGENCY])
    da_idp = open_idp(sandbox, platform, da_url, wallet_url, ProfileName.DIGITAL_AGENCY)
    network = open_numbering(sandbox)
    hpki_url = url_of(bound[HPKI])
    hpki_app = open_hpki(sandbox, platform, platform_url, hpki_url)
    attributes, offices = open_attribute_authority(
        sandbox,
        platform,
        platform_url,
        url_of(bound[ATTRIBUTES]),
        {spec: url_of(bound[spec.key]) for spec in SERVICES if spec.attribute_kinds},
    )
    services = ServiceWorld(sandbox, platform, hpki=(hpki_folder(sandbox) / "ca.pem", hpki_url))
    answered = [idp_url, da_url, portal_url, *(url_of(s) for s in service_sockets.values())]
    disclosing: list[DisclosureSource] = [
        platform.disclosures,
        idp.disclosures,
        da_idp.disclosures,
        sandbox.authority.disclosures,
    ]  # in-process adapters; over HTTP each would be a client of the party's own endpoint
    listed = [
        Listed(name, idp_url if name == "idp" else url_of(bound[name], tls=name in tls_of), guide)
        for name, guide in guides().items()
    ]
    door = next(item for item in listed if item.name == FRONT_DOOR)
    front_door = build_front_door_app(
        [door, *(item for item in listed if item is not door)], sandbox.directory, sandbox.clock
    )
    apps = (
        {
            FRONT_DOOR: (front_door, bound[FRONT_DOOR]),
            "authority": (build_app(sandbox.authority), sockets[0]),
            "platform": (build_platform_app(platform), sockets[1]),
            "idp": (build_idp_app(idp), sockets[2]),
            DIGITAL_AGENCY: (build_idp_app(da_idp), bound[DIGITAL_AGENCY]),
            HPKI: (hpki_app, bound[HPKI]),
            ATTRIBUTES: (build_attributes_app(attributes), bound[ATTRIBUTES]),
            "wallet": (
                build_wallet_app(sandbox_wallet(sandbox, answered, wallet_url, platform_url)),
                sockets[3],
            ),
            "demo-rp": (build_rp_app(demo_rp(idp, rp_url)), sockets[4]),
            "mynaportal": (
                build_portal_app(open_portal(sandbox, network, portal_url, disclosing), wallet_url),
                sockets[5],
            ),
        }
        | services.apps(platform_url, wallet_url, service_sockets, offices)
        | services.sso_apps(idp, service_sockets)
    )
    logged = {name: (RequestLog(app, name), sock) for name, (app, sock) in apps.items()}

    def ready(urls: dict[str, str]) -> None:
        on_ready({**urls, "idp": idp_url})

    try:
        serve(logged, ready, tls=services.tls)
    finally:
        services.close()
        attributes.close()
        network.close()
        idp.close()
        da_idp.close()
        platform.close()
        sandbox.close()


__all__ = [
    "CORE",
    "DEMO_RESIDENTS",
    "IDP_HOST_NAME",
    "LOOPBACK",
    "default_data_dir",
    "idp_address",
    "open_or_create",
    "run",
    "service_hosts",
    "service_names",
    "titles",
]
