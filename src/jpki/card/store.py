"""The card image store: the one way every opener of a card image file reads and changes it.

One card can have several openers at once: `jpki card attach` (vpcd), the wallet, `jpki client`
with a `.card` reader, the sandbox's counter procedures, tests. They all hold the same card, so
its persistent state (files, keys, PIN try counters) lives only in the file, never in an
opener's copy; what one session keeps for itself (selected application, verified PINs) is
volatile and stays in `jpki.card.os.Card`.

Reading takes no lock: every write replaces the file by an atomic rename (temporary file,
fsync, rename), so a reader sees the previous image or the next, never a torn one. Every change
is a transaction (`ImageStore.change`): an exclusive `flock` on the lock file beside the image
(`<image>.lock`), the image re-read from disk under it, changed, and written atomically before
the lock is released. `flock` locks belong to one open file description and each transaction
opens its own, so transactions exclude each other across processes and across threads of one
process alike. Transactions do not nest: a second `change` of the same image inside one waits
forever.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from jpki.card.errors import CardImageError
from jpki.card.image import CardImage
from jpki.files import atomic_write, private_folder
from jpki.profile.medium import Medium


class CardChange:
    """One transaction on a card image, under its lock.

    `image` is the state re-read from disk when the lock was taken; `save` writes it now (a
    PIN try is spent on disk before the comparison), and the transaction writes it again at
    its end if it changed since.
    """

    def __init__(self, store: ImageStore, image: CardImage, raw: bytes) -> None:
        self.image = image
        self._store = store
        self._written = raw

    def save(self) -> None:
        raw = self.image.encode()
        if raw != self._written:
            self._store._write(raw)
            self._written = raw


class ImageStore:
    """A card image file and its lock file; see the module docstring for the rules."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(f"{path.name}.lock")
        self._snapshot: tuple[tuple[int, int, int, int], CardImage] | None = None
        """The last image `current` decoded and the identity of the file it came from."""

    @classmethod
    def create(
        cls, path: Path, auth_pin: str, sign_password: str, medium: Medium = Medium.CARD
    ) -> ImageStore:
        """A new card image at `path` (replacing any there): keys generated, PINs set.

        `medium=Medium.PHONE` creates a phone's secure element image (the same card OS).
        """
        store = cls(path)
        with store._locked():
            store._write(CardImage.new(auth_pin, sign_password, medium).encode())
        return store

    @classmethod
    def open(cls, path: Path) -> ImageStore:
        """The store of an existing card image; `CardImageError` if `path` holds none."""
        store = cls(path)
        store.current()
        return store

    def current(self) -> CardImage:
        """The image as it is on disk now: a snapshot to read, changed only through `change`.

        Every write replaces the file (a new inode), so a file whose device, inode, size and
        modification time are those of the last decoded one holds the same image: that image is
        returned again instead of decoding the JSON and both keys once more (a READ BINARY
        loop of 25 commands otherwise spent most of its time here). The identity is taken from
        the open descriptor the bytes are read from, so it always belongs to those bytes.
        Callers must not change the snapshot; changes go through `change`.
        """
        try:
            with open(self.path, "rb") as file:
                status = os.fstat(file.fileno())
                identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
                cached = self._snapshot
                if cached is not None and cached[0] == identity:
                    return cached[1]
                raw = file.read()
        except OSError as exc:
            raise self._unreadable(exc) from None
        image = CardImage.decode(raw, self.path)
        self._snapshot = (identity, image)
        return image

    @contextlib.contextmanager
    def change(self) -> Iterator[CardChange]:
        """A transaction: lock, re-read, let the caller change the image, write it atomically.

        Nothing is written if the caller raises, except what it saved before.
        """
        with self._locked():
            raw = self._read()
            change = CardChange(self, CardImage.decode(raw, self.path), raw)
            yield change
            change.save()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        private_folder(self.path.parent)
        descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing the description releases the lock

    def _read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise self._unreadable(exc) from None

    def _unreadable(self, error: OSError) -> CardImageError:
        """Why the image cannot be read, with where a newcomer finds the sandbox's cards."""
        if isinstance(error, FileNotFoundError):
            return CardImageError(
                f"there is no card image {self.path}: a sandbox keeps its residents' cards as"
                " DATA/cards/<id>.card (made by `jpki sandbox init`); or name a PC/SC reader"
                f" / カードイメージ {self.path} がありません"
            )
        return CardImageError(
            f"cannot read card image {self.path}: {error.strerror}"
            f" / カードイメージ {self.path} を読めません"
        )

    def _write(self, raw: bytes) -> None:
        atomic_write(self.path, raw, mode=0o600)


__all__ = ["CardChange", "ImageStore"]
