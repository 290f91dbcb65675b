"""The reception terminal's offline mode: checks against the cached allow/revocation list
while the line is down, queued and reconciled when it is back (seed 000: ホワイトリストの
キャッシュ).

Offline, the terminal cannot ask the platform. It still proves the card is present: the card
signs a challenge the terminal made (with its PIN, or PIN-less at this terminal), the
terminal checks the signature with the certificate's key and the certificate against the
J-LIS authentication root it holds, and looks the card's key (`jpki.apps.clinic.card_keys`,
under the secret that comes with the cache) up in the cache (allowed, revoked, or unknown:
"please wait for the line"). Each offline check gets a local
number and is kept in a queue file, so a restart loses nothing; `reconcile` hands the queue to
the service, which files each check under a reception number and says whether the card still
stood when checked online again.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from jpki.apps.clinic.card_keys import card_key
from jpki.clock import Clock
from jpki.files import atomic_write, private_folder
from jpki.profile.challenge import NONCE_BYTES, authentication_digest
from jpki.profile.errors import JpkiError
from jpki.profile.pinless import pinless_digest


class TerminalOffline(JpkiError):
    """The service could not be reached (the outage the cache is for)."""


class OfflineTerminal:
    def __init__(
        self,
        service_url: str,
        token: str,
        terminal: str,
        roots: list[x509.Certificate],
        folder: Path,
        clock: Clock,
        http: httpx.Client | None = None,
    ) -> None:
        self.service_url, self.terminal, self.roots, self.clock = (
            service_url.rstrip("/"), terminal, roots, clock,
        )  # fmt: skip
        self.headers = {"Authorization": f"Bearer {token}"}
        self.http = http or httpx.Client(timeout=10.0)
        self.cache_file, self.queue_file = folder / "cache.json", folder / "queue.json"
        private_folder(folder)

    @property
    def provider(self) -> str:
        return f"offline-terminal:{self.terminal}"

    def _load(self, path: Path, empty: Any) -> Any:
        return json.loads(path.read_text()) if path.exists() else empty

    def refresh(self) -> dict[str, Any]:
        """Fetch the current allow/revocation list (while online)."""
        try:
            reply = self.http.get(f"{self.service_url}/api/offline-cache", headers=self.headers)
        except httpx.HTTPError as exc:
            raise TerminalOffline(str(exc)) from exc
        reply.raise_for_status()
        atomic_write(self.cache_file, reply.content, mode=0o600)
        return dict(reply.json())

    def challenge(self) -> bytes:
        return secrets.token_bytes(NONCE_BYTES)

    def digest(self, nonce: bytes, institution_code: str | None = None) -> bytes:
        """What the card signs for this terminal's challenge (PIN-less: bound to the code)."""
        digest = authentication_digest(self.provider, self.service_url, nonce)
        return pinless_digest(institution_code, digest) if institution_code else digest

    def check(
        self,
        nonce: bytes,
        certificate_der: bytes,
        signature: bytes,
        institution_code: str | None = None,
    ) -> dict[str, Any]:
        """An offline qualification check; queued for reconciliation unless refused outright."""
        now = self.clock.now()
        cache = self._load(self.cache_file, None)
        if cache is None or dt.datetime.fromisoformat(cache["valid_until"]) < now:
            return {"outcome": "no-cache", "message": "the cached list is missing or too old"}
        try:
            certificate = x509.load_der_x509_certificate(certificate_der)
        except ValueError:
            return {"outcome": "certificate-rejected"}
        if not self._issued_by_root(certificate, now):
            return {"outcome": "certificate-rejected"}
        key = certificate.public_key()
        try:
            if not isinstance(key, rsa.RSAPublicKey):
                raise InvalidSignature
            key.verify(
                signature, self.digest(nonce, institution_code), padding.PKCS1v15(),
                utils.Prehashed(hashes.SHA256()),
            )  # fmt: skip
        except InvalidSignature:
            return {"outcome": "bad-signature"}
        seen = card_key(cache["card_key_secret"], certificate_der)
        if seen in cache["revoked"]:
            return {"outcome": "revoked"}
        insured = cache["allow"].get(seen)
        if insured is None:
            return {"outcome": "unknown-card", "message": "not in the cache: check online later"}
        queue = self._load(self.queue_file, [])
        local = f"OFF-{self.terminal}-{len(queue) + 1:05d}"
        queue.append(
            {
                "local_number": local,
                "at": now.isoformat(),
                "card_key": seen,
                "outcome": "qualified",
            }
        )
        atomic_write(self.queue_file, json.dumps(queue).encode(), mode=0o600)
        return {"outcome": "qualified", "local_number": local, "insured": insured}

    def _issued_by_root(self, certificate: x509.Certificate, now: dt.datetime) -> bool:
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            return False
        for root in self.roots:
            try:
                certificate.verify_directly_issued_by(root)
            except (ValueError, TypeError, InvalidSignature):
                continue
            return True
        return False

    def pending(self) -> list[dict[str, Any]]:
        return list(self._load(self.queue_file, []))

    def reconcile(self) -> list[dict[str, Any]]:
        """Hand the queued checks to the service (when back online); the queue empties only
        once the service has filed them."""
        queue = self.pending()
        if not queue:
            return []
        try:
            reply = self.http.post(
                f"{self.service_url}/api/offline-checks",
                json={"terminal": self.terminal, "checks": queue},
                headers=self.headers,
            )
        except httpx.HTTPError as exc:
            raise TerminalOffline(str(exc)) from exc
        reply.raise_for_status()
        atomic_write(self.queue_file, b"[]", mode=0o600)
        return list(reply.json()["checks"])


__all__ = ["OfflineTerminal", "TerminalOffline"]
