"""The IdP's typed settings, kept as `<data>/idp/settings.json`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from jpki.files import atomic_write
from jpki.idp.profiles import Profile, ProfileName, profile_named
from jpki.profile.errors import JpkiError
from jpki.storage import sqlite_url

SETTINGS_FILE = "settings.json"


class IdpError(JpkiError):
    """The IdP cannot start or serve as configured."""


class IdpSettings(BaseModel):
    """How one OpenID Connect provider runs."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path
    """The world's data folder; the IdP keeps its files in `folder` and uses the platform there."""
    folder: str = "idp"
    """The IdP's own folder in the data folder (a world may hold two: ours and the Digital
    Agency profile's)."""
    profile: ProfileName = ProfileName.JPKI
    """Which IdP RPs integrate against (`jpki.idp.profiles`)."""
    issuer: str = "http://127.0.0.1:8200"
    """The issuer identifier (its URL): the base URL the wallet and RPs reach, followed by the
    profile's issuer path (`/api/realms/main` for the Digital Agency profile)."""
    wallet_url: str = "http://127.0.0.1:8210"
    """Where the holder's wallet app answers (QR codes and same-device links point there)."""
    database_url: str | None = None
    """SQLAlchemy URL; None means SQLite at `<data>/idp/idp.db`."""
    tenant_id: str = "idp"
    """The IdP's tenant at the signature verification platform (委託 model)."""
    subject_secret: str = Field(default_factory=lambda: secrets.token_hex(32))
    """Key of the pairwise `sub` per RP; changing it changes every RP's subjects."""
    session_secret: str = Field(default_factory=lambda: secrets.token_hex(32))
    """Key of the signed browser cookies (IdP session, login binding)."""
    operator_token: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    """Bearer token for operator client registration (and initial access token of RFC 7591)."""
    open_registration: bool = True
    """Whether RPs may register dynamically without the operator token."""
    login_lifetime: dt.timedelta = dt.timedelta(minutes=5)
    code_lifetime: dt.timedelta = dt.timedelta(seconds=60)
    access_token_lifetime: dt.timedelta = dt.timedelta(hours=1)
    refresh_token_lifetime: dt.timedelta = dt.timedelta(days=30)
    id_token_lifetime: dt.timedelta = dt.timedelta(hours=1)
    session_lifetime: dt.timedelta = dt.timedelta(hours=8)
    sign_request_lifetime: dt.timedelta = dt.timedelta(minutes=10)
    max_request_bytes: int = 10 * 1024 * 1024

    @property
    def idp_dir(self) -> Path:
        return self.data_dir / self.folder

    @property
    def the_profile(self) -> Profile:
        return profile_named(self.profile)

    @property
    def base_url(self) -> str:
        """Where the IdP answers (scheme://host:port): its pages and the wallet's API."""
        return self.issuer.removesuffix(self.the_profile.issuer_path)

    @property
    def endpoint(self) -> dict[str, str]:
        """Every endpoint's URL by name (`Paths` fields)."""
        paths = dataclasses.asdict(self.the_profile.paths)
        return {name: self.base_url + path for name, path in paths.items() if path is not None}

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or sqlite_url(self.idp_dir / "idp.db")

    @classmethod
    def for_profile(
        cls, profile: ProfileName, data_dir: Path, base_url: str, **values: object
    ) -> IdpSettings:
        """New settings of `profile` answering at `base_url` (its issuer path added), with the
        profile's token lifetimes unless `values` name others."""
        chosen = profile_named(profile)
        base = base_url.rstrip("/").removesuffix(chosen.issuer_path)
        fields: dict[str, object] = {**chosen.lifetimes, **values}
        return cls(data_dir=data_dir, profile=profile, issuer=base + chosen.issuer_path, **fields)  # type: ignore[arg-type]

    def save(self) -> None:
        payload = self.model_dump(mode="json", exclude={"data_dir", "folder"})
        atomic_write(
            self.idp_dir / SETTINGS_FILE, json.dumps(payload, indent=2).encode(), mode=0o600
        )

    @classmethod
    def load(cls, data_dir: Path, folder: str = "idp") -> IdpSettings:
        path = data_dir / folder / SETTINGS_FILE
        try:
            return cls(data_dir=data_dir, folder=folder, **json.loads(path.read_text()))
        except FileNotFoundError:
            raise IdpError(f"no IdP in {data_dir} (run `jpki up` or `jpki idp init`)") from None
        except ValueError as exc:
            raise IdpError(f"invalid IdP settings in {path}: {exc}") from exc


__all__ = ["IdpError", "IdpSettings"]
