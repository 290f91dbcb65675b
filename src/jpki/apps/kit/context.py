"""What the composition root hands every service: where it answers, its platform tenant, its
database, the clock, its folder and the wallet that holds the residents' cards."""

from __future__ import annotations

import dataclasses
import secrets
from pathlib import Path
from typing import Any

from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.clock import Clock
from jpki.files import atomic_write
from jpki.protocol.wallet import SealTo


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


__all__ = ["ServiceContext"]
