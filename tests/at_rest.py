"""What the data-at-rest tests share: file modes under a data folder, a chosen umask, and
what a cookie's text gives away when decoded."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path


def readable_by_others(folder: Path) -> list[str]:
    """Every path under `folder` (itself included) whose mode is not 0600 (files) or 0700
    (folders), with its mode."""
    found = []
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            found.append(f"{path.relative_to(folder.parent)} {mode:o}")
    return found


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def readable_parts(cookie: str) -> list[bytes]:
    """Whatever base64 inside `cookie` decodes to (each `.`-separated part), and the cookie."""
    found = [cookie.encode()]
    for part in cookie.split("."):
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                found.append(decode(part + "=" * (-len(part) % 4)))
            except (binascii.Error, ValueError):
                continue
    return found


def altered(cookie: str) -> str:
    """`cookie` with one character of its ciphertext changed (past the nonce's 16)."""
    return cookie[:20] + ("B" if cookie[20] == "A" else "A") + cookie[21:]


def is_json_object(text: bytes) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False
