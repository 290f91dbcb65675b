"""Crash-safe, private file writes shared by every party: a reader sees the old file or the
new one, and only the owner reads either.

Everything a party keeps in its data folder is private to the user running it (files 0600,
folders 0700) from the moment it exists, whatever the caller's umask: databases hold My
Numbers and the 4 information (基本4情報), key folders hold private keys. What is public by
nature (roots, CRLs, certificates) is published over HTTP by the party that owns it, never by
making its copy in the data folder readable to other users.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(path: Path) -> Path:
    """`path` and each missing parent created 0700 (`Path.mkdir(parents=True)` would give the
    parents the umask's mode); an existing folder is left as it is. Returns `path`."""
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is masked by the umask
    return path


def private_file(path: Path) -> Path:
    """`path` created empty with mode 0600 if missing (its folder 0700), so that what a library
    then writes into it (SQLite, with its -wal and -shm files, which take the database's mode)
    is never readable by others; an existing file is narrowed to 0600. Returns `path`."""
    private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)
    return path


def atomic_write(path: Path, data: bytes, *, mode: int = PRIVATE_FILE) -> None:
    """Write `data` to `path` through a synced temporary file and an atomic rename (0600 unless
    `mode` says otherwise; the temporary file is 0600 from its creation)."""
    private_folder(path.parent)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_once(path: Path, data: bytes, *, mode: int = PRIVATE_FILE) -> bool:
    """Create `path` with `data` unless it exists; whether this call created it. Of several
    processes creating the same file at once (workers generating a key on first start), one
    wins and the others keep its file: a synced temporary file is hard-linked into place, which
    fails if the name is taken, where a rename would replace the winner's file."""
    private_folder(path.parent)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
    finally:
        Path(temporary).unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return True


def write_private_key(path: Path, key: PrivateKeyTypes) -> None:
    """`key` as unencrypted PKCS#8 PEM at `path`, mode 0600 in a 0700 folder."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    atomic_write(path, pem, mode=PRIVATE_FILE)


__all__ = [
    "PRIVATE_FILE",
    "PRIVATE_FOLDER",
    "atomic_write",
    "private_file",
    "private_folder",
    "write_once",
    "write_private_key",
]
