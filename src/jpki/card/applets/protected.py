"""Applications of protected data files opened by credentials: the card-info and card-face APs.

Both answer the same few commands the same way: SELECT EF of a data file or a credential EF,
VERIFY against the selected credential, READ BINARY of a data file the verified credentials
open (`69 82` before that, `6B 00` at an offset past the end) or of a free file (no credential:
a CV certificate, AP basic information). Files and counters are read from the card image store
at each command, like the JPKI AP's.
"""

from __future__ import annotations

import abc

from jpki.card.applets.pins import unblocked, verify_credential
from jpki.card.errors import CardError
from jpki.card.image import CardImage
from jpki.card.store import ImageStore
from jpki.profile.apdu import StatusWord


class ProtectedFilesApplication(abc.ABC):
    """One session of an application whose data files open by credential.

    Subclasses name their credential EFs (`credentials`: EF id -> credential name), what each
    credential opens (`opens`), the files readable without one (`free`) and where their files
    live in the image (`files`).
    """

    credentials: dict[int, str]
    opens: dict[str, frozenset[int]]
    free: frozenset[int] = frozenset()

    def __init__(self, store: ImageStore) -> None:
        self._store = store
        self._current: int | None = None
        self._verified: set[str] = set()

    @abc.abstractmethod
    def files(self, image: CardImage) -> dict[int, bytes]:
        """This application's data files in the card image."""

    def reselected(self) -> None:
        """SELECT of this application again: the current EF is forgotten, verification kept."""
        self._current = None

    def select_file(self, fid: int) -> None:
        image = self._store.current()
        if fid in self.credentials:
            if self.credentials[fid] not in image.pins:
                raise CardError(StatusWord.FILE_NOT_FOUND)
        elif fid not in self.files(image):
            raise CardError(StatusWord.FILE_NOT_FOUND)
        self._current = fid

    def read_binary(self, offset: int, length: int) -> bytes:
        fid = self._current
        if fid is None or fid in self.credentials:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED)
        image = self._store.current()
        if fid not in self.free:
            opened = (c for c in self._verified if unblocked(image, c))
            if not any(fid in self.opens[credential] for credential in opened):
                raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        files = self.files(image)
        if fid not in files:  # removed by another opener since the SELECT
            raise CardError(StatusWord.FILE_NOT_FOUND)
        content = files[fid]
        if offset >= len(content):
            raise CardError(StatusWord.WRONG_OFFSET)
        return content[offset : offset + length]

    def verify(self, candidate: bytes) -> int:
        """VERIFY against the current credential EF; returns the status word to answer.

        A wrong VERIFY (any answer but `90 00` to one carrying data) drops what that credential
        had opened in this session, as the JPKI AP does: JPKI.md §2 gives every credential of
        the card one VERIFY (right: `90 00`; wrong: `63 Cx`; blocked: `69 84`; no data: the
        tries left, nothing spent), so these credentials follow the JPKI AP's PIN in what a
        failed comparison leaves verified too. An empty VERIFY changes nothing.
        """
        if self._current not in self.credentials:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a credential EF first")
        credential = self.credentials[self._current]
        status = verify_credential(self._store, credential, candidate)
        if status == StatusWord.OK:
            self._verified.add(credential)
        elif candidate:
            self._verified.discard(credential)
        return status

    def change_reference_data(self, new_value: bytes) -> None:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "change this PIN through the JPKI AP")

    def compute_signature(self, digest_info: bytes) -> bytes:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "this application has no keys")


__all__ = ["ProtectedFilesApplication"]
