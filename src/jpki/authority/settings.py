"""The authority's typed settings, validated at start-up and kept in the data folder."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jpki.authority.errors import ConfigurationError
from jpki.files import atomic_write
from jpki.profile.identifiers import validate_terminal_code
from jpki.protocol.published import CRL_FOLDER
from jpki.storage import sqlite_url

SETTINGS_FILE = "settings.json"
FORBIDDEN_SECRETS = frozenset({"", "admin", "changeme", "change-me", "secret", "password"})


class AuthoritySettings(BaseModel):
    """How one authority (J-LIS) runs. Stored as `<data>/authority/settings.json`."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path
    """The world's data folder; the authority keeps its own files in `authority/` below it."""
    database_url: str | None = None
    """SQLAlchemy URL; None means SQLite at `<data>/authority/authority.db`."""
    sandbox: bool = True
    """A self-contained test world: test root names (O=JPKI-TEST), demo secrets allowed."""
    seeds_improvements: bool = False
    """Seed 002's STEP 1/2 (revocation detail, latest 4 info in OCSP). Off = today's J-LIS."""
    admin_token: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    """Bearer token of the admin API (municipal offices and J-LIS operators)."""
    terminal_code: str = "13101001A"
    """Default receiving-terminal code (受付端末識別記号) of the issuing counter."""
    crl_validity: dt.timedelta = dt.timedelta(hours=24)
    """nextUpdate - thisUpdate of a full CRL (J-LIS publishes daily)."""
    delta_crl_interval: dt.timedelta = dt.timedelta(minutes=15)
    """How often `serve` publishes a delta CRL between full ones."""
    ocsp_validity: dt.timedelta = dt.timedelta(hours=1)
    """nextUpdate - thisUpdate of an OCSP response; cached responses are re-signed halfway."""
    crl_shard_size: int = 100_000
    """Certificates per CRL shard (partitioned CRL with an issuingDistributionPoint)."""
    root_validity_years: int = 10
    max_request_bytes: int = 65_536
    """Largest request body the API and the OCSP responder accept."""
    ocsp_fees_before_answer: bool | None = None
    """Hold each OCSP answer until its fee count is committed (`ocsp.settlement`): exact bills
    when a worker is killed. None: on PostgreSQL (several workers), not on SQLite."""

    @field_validator("terminal_code")
    @classmethod
    def _terminal_code(cls, value: str) -> str:
        return validate_terminal_code(value)

    @field_validator("crl_shard_size")
    @classmethod
    def _shard_size(cls, value: int) -> int:
        if value < 1:
            raise ValueError("crl_shard_size must be positive")
        return value

    @model_validator(mode="after")
    def _no_default_secrets(self) -> AuthoritySettings:
        if not self.sandbox and (
            self.admin_token.lower() in FORBIDDEN_SECRETS or len(self.admin_token) < 24
        ):
            raise ValueError("outside the sandbox the admin token must be a strong secret")
        return self

    @property
    def authority_dir(self) -> Path:
        return self.data_dir / "authority"

    @property
    def key_dir(self) -> Path:
        return self.authority_dir / "keys"

    @property
    def crl_dir(self) -> Path:
        return self.data_dir / CRL_FOLDER

    @property
    def roots_dir(self) -> Path:
        return self.data_dir / "roots"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or sqlite_url(self.authority_dir / "authority.db")

    def save(self) -> None:
        payload = self.model_dump(mode="json", exclude={"data_dir"})
        atomic_write(
            self.authority_dir / SETTINGS_FILE,
            json.dumps(payload, indent=2).encode(),
            mode=0o600,
        )

    @classmethod
    def load(cls, data_dir: Path, **overrides: object) -> AuthoritySettings:
        """Read the settings of the authority in `data_dir`, applying explicit overrides."""
        path = data_dir / "authority" / SETTINGS_FILE
        try:
            stored = json.loads(path.read_text())
        except FileNotFoundError:
            raise ConfigurationError(
                f"no authority in {data_dir} (run `jpki sandbox init` or `jpki authority init`)"
            ) from None
        except json.JSONDecodeError as exc:
            raise ConfigurationError(f"{path} is not valid JSON: {exc}") from exc
        stored.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(data_dir=data_dir, **stored)
        except ValueError as exc:
            raise ConfigurationError(f"invalid authority settings in {path}: {exc}") from exc


__all__ = ["AuthoritySettings"]
