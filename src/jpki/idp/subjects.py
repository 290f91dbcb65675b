"""Pairwise subject identifiers (OIDC Core 8.1): one `sub` per RP for each holder.

The holder is known to the IdP by the platform's stable user ID of the IdP tenant (the
platform's ID conversion, ID変換), which follows the card holder through renewals and moves.
Each RP gets an HMAC of that ID and the RP's sector (established at registration from the
hosts it controls, `jpki.idp.sectors`) under the IdP's secret: stable for the RP, unjoinable
across sectors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Protocol


class _Settings(Protocol):
    @property
    def subject_secret(self) -> str: ...


class _Client(Protocol):
    @property
    def sector(self) -> str: ...


def subject_of(settings: _Settings, client: _Client, holder: str) -> str:
    mac = hmac.new(
        bytes.fromhex(settings.subject_secret),
        f"{client.sector}\x00{holder}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


__all__ = ["subject_of"]
