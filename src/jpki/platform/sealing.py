"""The platform's sealing key (封緘鍵): wallets seal 代行 logins and signatures to it
(`jpki.protocol.sealing`).

The key pair (EC P-256) is made on first use and kept in the platform's folder, mode 0600;
its public half is published at `SEALING_KEY_PATH` for wallets, with its RFC 7638 thumbprint
as `kid`. Opening a sealed answer also checks what it is bound to: the nonce, the origin and
the tenant of the challenge the service relays it for. A sealed answer for another tenant or
another challenge is refused, so a service cannot replay what it relayed for someone else. A
sealed signature is checked against the calling tenant, its registered origins (the origin
the wallet answered at) and the content the service sends beside it (its SHA-256).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey

from jpki.files import write_once
from jpki.platform.errors import InvalidRequest
from jpki.profile.challenge import normalise_origin
from jpki.protocol.codec import decode_b64
from jpki.protocol.sealing import Sealed, SealedLogin, SealedSignature, SealRefused, open_sealed

KEY_FILE = "sealing-key.json"


class SealingKey:
    """The platform's private sealing key."""

    def __init__(self, key: ECKey) -> None:
        self.key = key

    @classmethod
    def load_or_create(cls, folder: Path) -> SealingKey:
        """The key kept in `folder`, made (mode 0600) if there is none yet. Workers starting
        together each make one and all keep the one that reached the disk first (`write_once`):
        a wallet seals to the key any worker publishes, so all must hold the same."""
        path = folder / KEY_FILE
        if not path.exists():
            made = ECKey.generate_key("P-256", private=True)
            write_once(path, json.dumps(made.as_dict(private=True)).encode(), mode=0o600)
        return cls(ECKey.import_key(json.loads(path.read_text())))

    @property
    def public_jwk(self) -> dict[str, Any]:
        """The public key as a JWK, with its thumbprint as `kid` and `use: enc`."""
        public = dict(self.key.as_dict(private=False))
        return public | {"kid": self.key.thumbprint(), "use": "enc"}

    def open(self, sealed: str, *, nonce: str, origin: str, provider: str) -> SealedLogin:
        """The login sealed in `sealed`, checked to answer the challenge (`nonce`, `origin`)
        of `provider`; `InvalidRequest` naming the code (`sealed-unreadable`,
        `sealed-mismatch`) otherwise."""
        login = self._opened(sealed, SealedLogin)
        if (login.nonce, login.origin, login.provider) != (nonce, origin, provider):
            raise _mismatch()
        return login

    def open_signature(
        self, sealed: str, *, content: bytes, tenant: str, origins: Collection[str]
    ) -> bytes:
        """The CMS (DER) sealed in `sealed`, checked to sign `content` for `tenant` and to come
        from one of `origins` (the tenant's); `InvalidRequest` naming the code otherwise."""
        signature = self._opened(sealed, SealedSignature)
        try:
            origin = normalise_origin(signature.origin)
        except ValueError:
            raise _mismatch() from None
        digest = hashlib.sha256(content).hexdigest()
        if (signature.digest, signature.tenant) != (digest, tenant) or origin not in origins:
            raise _mismatch()
        return decode_b64(signature.cms, "cms", InvalidRequest)

    def _opened(self, sealed: str, shape: type[Sealed]) -> Sealed:
        try:
            return open_sealed(sealed, self.key, shape)
        except SealRefused as refused:
            raise InvalidRequest(f"{refused.code}: {refused}") from None


def _mismatch() -> InvalidRequest:
    return InvalidRequest(
        "sealed-mismatch: the sealed answer is for another request or tenant / "
        "別の要求への封緘回答です"
    )


__all__ = ["KEY_FILE", "SealingKey"]
