"""What the composition root hands every service: where it answers, its platform tenant, its
database, the clock, its folder and the wallet that holds the residents' cards."""

from __future__ import annotations

import dataclasses
import secrets
from pathlib import Path
from typing import Any, Protocol

from jpki.apps.kit.attributes_api import AttributeOffice
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.client.readers import Reader
from jpki.clock import Clock
from jpki.files import atomic_write
from jpki.protocol.wallet import SealTo


class CardReaders(Protocol):
    """The card readers attached to a service's own machine (a counter PC): PC/SC readers in
    the real world, the sandbox's card images in the world (`jpki.world.services`)."""

    def names(self) -> list[str]:
        """The readers a clerk can choose, by name."""
        ...

    def open(self, name: str) -> Reader:
        """A connection to the card in reader `name` (the client's `ReaderError` if none)."""
        ...


@dataclasses.dataclass(frozen=True)
class ServiceContext:
    origin: str
    """The service's own base URL (a registered origin of its platform tenant)."""
    wallet_url: str
    platform: PlatformApi
    database: AppsDatabase
    clock: Clock
    session_secret: str
    folder: Path
    """The service's own files (keys, caches), created by the composition root."""
    tls_origin: str | None = None
    """The service's HTTPS endpoint with TLS client authentication, when it has one."""
    seal_to: SealTo | None = None
    """The platform (and this service's tenant at it) a 代行 service has the wallet seal card
    logins and signatures to (it relays what it cannot read: `jpki.protocol.sealing`); None
    for a 委託 service, which verifies itself."""
    card_readers: CardReaders | None = None
    """Card readers on the service's own machine, for a service that reads cards itself."""
    roots: Path | None = None
    """The authority's published roots (`roots/`), as a verifier downloads them."""
    hpki_ca: Path | None = None
    """The HPKI authority's CA certificate (PEM) as the service downloaded and pinned it, for a
    service that checks e-prescriptions (`jpki.apps.kit.prescriptions`)."""
    hpki_url: str | None = None
    """The HPKI authority's base URL (its CRL is at `jpki.protocol.hpki.CRL_PATH`)."""
    terminal: Path | None = None
    """A registered terminal's folder (`terminal.pem`, `terminal.key`: an institution-code
    certificate from J-LIS) for a service whose machine reads cards PIN-less."""
    free_area: Path | None = None
    """The service's install key folder (`install.pem`, `install.key`: J-LIS's install
    certificate for its card application's AID) for a service that writes the card's free
    area (空き領域, `jpki.apps.kit.applets`)."""
    attributes: AttributeOffice | None = None
    """The attribute authority (属性認証局), with this service's office key when it is one of
    the authority's offices (`ServiceSpec.attribute_kinds`)."""

    def login_challenge(self) -> dict[str, Any]:
        """The platform's challenge for a card login through the wallet: sealed for a 代行
        service (the wallet then seals the answer to the platform), in the clear otherwise."""
        return self.platform.challenge(self.origin, sealed=self.seal_to is not None)

    def bearer_token(self, file_name: str) -> str:
        """A random token the service's API callers present (made once, kept in the
        service's folder with mode 0600, so the sandbox's tests and terminals can read it)."""
        path = self.folder / file_name
        if not path.exists():
            atomic_write(path, secrets.token_urlsafe(32).encode(), mode=0o600)
        return path.read_text().strip()


__all__ = ["CardReaders", "ServiceContext"]
