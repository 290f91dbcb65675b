"""Sector identifiers (OIDC Core 1.0 §8.1): whose pairwise `sub` a newly registered RP gets.

A sector is what the IdP knows the RP controls, never what it claims:

- the host of its redirect URIs, when they all share one host (codes for that sector go to
  that host only, so claiming another's host gains nothing);
- else the host of its `sector_identifier_uri`, fetched once at registration: an HTTPS URL
  (HTTP only on loopback, as for redirect URIs) answering a JSON array that lists every
  redirect URI of the client (OIDC Dynamic Client Registration 1.0 §5). Two RPs of one
  organisation share a sector by publishing one such document on their common host.

A loopback host (127.0.0.0/8, ::1, `localhost`) is shared by every program on the machine and
names nobody, so a client whose sector would be a loopback host is a sector of its own (its
client ID): sandbox RPs all answer on 127.0.0.1 and must not share their holders' `sub`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from jpki import strict_json
from jpki.profile.challenge import is_loopback
from jpki.profile.errors import JpkiError

MAX_DOCUMENT_BYTES = 64 * 1024
"""A sector identifier document lists a client's redirect URIs: a few kilobytes at most."""
FETCH_TIMEOUT = httpx.Timeout(5.0)


class SectorRefused(JpkiError, ValueError):
    """No sector can be established (RFC 7591 `invalid_client_metadata`)."""


def _host(uri: str) -> str:
    return (urlsplit(uri).hostname or "").lower()


def sector_of(metadata: dict[str, Any], client_id: str, http: httpx.Client) -> str:
    """The sector of a client registering `metadata` (already checked redirect URIs) under
    `client_id`; the sector identifier document, if any, is fetched with `http`."""
    if "sector_identifier" in metadata:
        raise SectorRefused(
            "sector_identifier cannot be chosen: the sector is the redirect URIs' host or the "
            "host of a sector_identifier_uri listing them / セクタ識別子は指定できません"
        )
    uris: list[str] = metadata["redirect_uris"]
    document_uri = metadata.get("sector_identifier_uri")
    if document_uri is None:
        hosts = {_host(uri) for uri in uris}
        if all(is_loopback(host) for host in hosts):
            return client_id
        if len(hosts) > 1:
            raise SectorRefused(
                "redirect URIs on several hosts need a sector_identifier_uri "
                "/ 複数のホストには sector_identifier_uri が必要です"
            )
        return hosts.pop()
    if not isinstance(document_uri, str):
        raise SectorRefused("sector_identifier_uri must be a URL")
    listed = _fetch_document(document_uri, http)
    missing = [uri for uri in uris if uri not in listed]
    if missing:
        raise SectorRefused(f"the sector identifier document does not list {missing}")
    host = _host(document_uri)
    return client_id if is_loopback(host) else host


def _fetch_document(uri: str, http: httpx.Client) -> list[str]:
    """The redirect URIs the document at `uri` lists; refuses anything else, never raises
    another error (a registration is answered 400, not 500)."""
    parts = urlsplit(uri)
    if parts.fragment or not parts.hostname:
        raise SectorRefused("sector_identifier_uri must be an absolute URL without fragment")
    if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(_host(uri))):
        raise SectorRefused("sector_identifier_uri must be HTTPS (HTTP on loopback only)")
    body = bytearray()
    try:
        with http.stream("GET", uri, timeout=FETCH_TIMEOUT, follow_redirects=False) as reply:
            if reply.status_code != 200:
                raise SectorRefused(f"sector_identifier_uri answered {reply.status_code}")
            for chunk in reply.iter_bytes():
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise SectorRefused("the sector identifier document is too large")
    except httpx.HTTPError as error:
        raise SectorRefused(f"sector_identifier_uri could not be fetched: {error}") from None
    try:
        document = strict_json.loads(bytes(body))
    except strict_json.MalformedJson as error:
        raise SectorRefused(f"the sector identifier document is not JSON: {error}") from None
    if not isinstance(document, list) or not all(isinstance(item, str) for item in document):
        raise SectorRefused("the sector identifier document must be a JSON array of URIs")
    return document


__all__ = ["MAX_DOCUMENT_BYTES", "SectorRefused", "sector_of"]
