"""Where CA and responder private keys live: PEM files readable by the owner only.

A hardware security module would implement the same two methods; the CA asks for keys by
name and never handles paths itself.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.authority.errors import ConfigurationError
from jpki.files import write_private_key


class KeyStore(Protocol):
    """Stores and loads RSA private keys by name."""

    def save(self, name: str, key: rsa.RSAPrivateKey) -> None: ...

    def load(self, name: str) -> rsa.RSAPrivateKey: ...


class FileKeyStore:
    """Keys as unencrypted PKCS#8 PEM files (mode 0600) in one folder, cached after loading."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: dict[str, rsa.RSAPrivateKey] = {}
        self._lock = threading.Lock()

    def save(self, name: str, key: rsa.RSAPrivateKey) -> None:
        write_private_key(self.directory / name, key)
        with self._lock:
            self._cache[name] = key

    def load(self, name: str) -> rsa.RSAPrivateKey:
        with self._lock:
            if name in self._cache:
                return self._cache[name]
        try:
            key = serialization.load_pem_private_key((self.directory / name).read_bytes(), None)
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot load key {name}: {exc}") from exc
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ConfigurationError(f"key {name} is not an RSA key")
        with self._lock:
            self._cache[name] = key
        return key


__all__ = ["FileKeyStore", "KeyStore"]
