"""The platform's typed settings, kept as `<data>/platform/settings.json`."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from jpki.files import atomic_write
from jpki.platform.errors import PlatformError
from jpki.platform.fees import PRICE_LIST
from jpki.storage import sqlite_url

SETTINGS_FILE = "settings.json"


class PlatformSettings(BaseModel):
    """How one platform runs."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path
    """The world's data folder; the platform keeps its files in `platform/` below it."""
    database_url: str | None = None
    """SQLAlchemy URL; None means SQLite at `<data>/platform/platform.db`."""
    authority_url: str | None = None
    """The authority's base URL: CRLs at /crl/{auth,sign}.crl, OCSP at /ocsp."""
    verifier_api_key: str | None = None
    """The platform's key as an accredited verifier (署名検証者) at the authority."""
    crl_sources: list[str] = Field(default_factory=list)
    """CRL files or URLs to keep loaded; empty means the authority's /crl/{auth,sign}.crl."""
    trust: list[Path] = Field(default_factory=list)
    """Trust anchor files or folders; empty means `<data>/roots` (the sandbox's J-LIS roots)."""
    id_secret: str = Field(default_factory=lambda: secrets.token_hex(32))
    """Key of the pairwise user IDs (ID変換); changing it changes every tenant's IDs."""
    admin_token: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    """Bearer token of the operator API."""
    challenge_lifetime: dt.timedelta = dt.timedelta(seconds=60)
    consent_lifetime: dt.timedelta = dt.timedelta(minutes=10)
    """How long a consent text (同意文) can be signed and used: a registration's few minutes."""
    seal_interval: dt.timedelta = dt.timedelta(minutes=5)
    """How often the evidence chain head is time-stamped."""
    follow_interval: dt.timedelta = dt.timedelta(minutes=15)
    """How often renewed certificates are joined to their holders (after CRL refreshes)."""
    watch_interval: dt.timedelta = dt.timedelta(hours=24)
    """How often every tenant with a webhook gets a scheduled status check (変更確認)."""
    delivery_poll: dt.timedelta = dt.timedelta(seconds=5)
    """How often due webhook deliveries are tried."""
    prices: dict[str, int] = Field(default_factory=lambda: dict(PRICE_LIST))
    """The platform's own price per billable item, yen (J-LIS's fees are added on top)."""
    rate_limit_per_second: float = 200.0
    """Requests per second each tenant may make, on average: for the whole deployment on
    PostgreSQL (one bucket shared by every worker), for the one process on SQLite."""
    rate_limit_burst: int = 400
    max_request_bytes: int = 1_048_576

    @property
    def platform_dir(self) -> Path:
        return self.data_dir / "platform"

    @property
    def tsa_dir(self) -> Path:
        return self.platform_dir / "tsa"

    @property
    def trust_paths(self) -> list[Path]:
        return self.trust or [self.data_dir / "roots"]

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or sqlite_url(self.platform_dir / "platform.db")

    def save(self) -> None:
        payload = self.model_dump(mode="json", exclude={"data_dir"})
        atomic_write(
            self.platform_dir / SETTINGS_FILE, json.dumps(payload, indent=2).encode(), mode=0o600
        )

    @classmethod
    def load(cls, data_dir: Path) -> PlatformSettings:
        path = data_dir / "platform" / SETTINGS_FILE
        try:
            stored = json.loads(path.read_text())
            return cls(data_dir=data_dir, **stored)
        except FileNotFoundError:
            raise PlatformError(f"no platform in {data_dir} (run `jpki platform init`)") from None
        except ValueError as exc:
            raise PlatformError(f"invalid platform settings in {path}: {exc}") from exc


__all__ = ["PlatformSettings"]
