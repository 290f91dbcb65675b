"""The IdP's own records without the rest of the IdP: its database, RPs and signing keys.

The operator's tools (`jpki idp client ...`, `jpki idp keys ...`) work on these while the IdP
may be serving: they need neither the platform nor the HTTP side, and every IdP worker sees a
change at its next read (keys within `keys.CACHE_SECONDS`).
"""

from __future__ import annotations

import dataclasses

from jpki.clock import Clock
from jpki.files import private_folder
from jpki.idp.clients import ClientRegistry
from jpki.idp.keys import KeyRing
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database


@dataclasses.dataclass(frozen=True)
class IdpRecords:
    settings: IdpSettings
    database: Database
    keys: KeyRing
    clients: ClientRegistry

    @classmethod
    def open(cls, settings: IdpSettings, clock: Clock) -> IdpRecords:
        """Open (and migrate) the IdP's database; the first signing keys are made if missing."""
        private_folder(settings.idp_dir)
        database = Database(settings.resolved_database_url)
        database.migrate()
        keys = KeyRing(database, clock)
        keys.ensure()
        return cls(settings, database, keys, ClientRegistry(database, clock))

    def close(self) -> None:
        self.clients.close()
        self.database.dispose()


__all__ = ["IdpRecords"]
