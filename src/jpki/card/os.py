"""The card OS: parses command APDUs, routes them to the selected application, answers.

`Card.transmit` never raises: every malformed or refused command gets a status word, and an
unexpected failure answers 6F00 without touching the card image. Responses longer than the
reader asked for wait for GET RESPONSE behind `61 xx`, as ISO 7816-4 prescribes. The card's
persistent state is in its image store (jpki.card.store), shared with every other opener of the
same image; a `Card` holds only one session's volatile state.
"""

from __future__ import annotations

import logging

from jpki.card.apdu import response
from jpki.card.applets.card_face import CardFaceApplication
from jpki.card.applets.card_info import CardInfoApplication
from jpki.card.applets.free_area import FreeAreaManager, InstalledApplication
from jpki.card.applets.jpki import JpkiApplication
from jpki.card.errors import CardError
from jpki.card.image import CardImage
from jpki.card.store import ImageStore
from jpki.profile.apdu import (
    AID_CARD_FACE,
    AID_CARD_INFO,
    AID_JPKI,
    ATR,
    CommandApdu,
    Instruction,
    MalformedApdu,
    StatusWord,
)
from jpki.profile.free_area import (
    AID_FREE_AREA_MANAGER,
    INS_DELETE,
    INS_INSTALL,
)

log = logging.getLogger(__name__)

Application = (
    JpkiApplication
    | CardInfoApplication
    | CardFaceApplication
    | FreeAreaManager
    | InstalledApplication
)

RESELECT_KEEPS_SECURITY_STATUS = True
"""Whether a SELECT of the application already selected keeps what was verified in it.

Decided here, once, for every application (docs/card.md, "Re-SELECT"): ISO 7816-4 ties a
security status to the current DF, and selecting the current DF again does not change it; client
libraries that VERIFY, SELECT the JPKI AP again and then sign work on real cards, which they could
not if the card forgot the PIN. Selecting another application, or a reset, forgets it. The real
card's behaviour is not published (unconfirmed).
"""


def _application_for(aid: bytes, image: CardImage) -> type[Application] | None:
    """The application an AID selects on this card; None if the card lacks it.

    The free-area manager is there on a card that trusts a free-area CA; an installed applet
    is there once installed (`InstalledApplication`, selected by its own AID)."""
    if aid == AID_JPKI:
        return JpkiApplication
    if aid == AID_CARD_INFO and image.card_info_files:
        return CardInfoApplication
    if aid == AID_CARD_FACE and image.card_face_files:
        return CardFaceApplication
    if aid == AID_FREE_AREA_MANAGER and image.free_area_ca is not None:
        return FreeAreaManager
    if aid in image.applets:
        return InstalledApplication
    return None


def _same(current: Application | None, kind: type[Application], aid: bytes) -> bool:
    """Whether a SELECT selects the application already selected (an applet: the same AID)."""
    if current is None or type(current) is not kind:
        return False
    return not isinstance(current, InstalledApplication) or current.aid == aid


class Card:
    """A My Number card in a reader: its image store plus the volatile state of one session."""

    atr = ATR

    def __init__(self, store: ImageStore) -> None:
        self.store = store
        self._application: Application | None = None
        self._pending = b""

    def reset(self) -> bytes:
        """Power cycle: forget the selection and every verified PIN; returns the ATR."""
        self._application = None
        self._pending = b""
        return self.atr

    def transmit(self, raw: bytes) -> bytes:
        """Process one command APDU and return the response APDU."""
        try:
            command = CommandApdu.parse(raw)
            if command.ins != Instruction.GET_RESPONSE:
                self._pending = b""
            data, status = self._dispatch(command)
        except MalformedApdu:
            return response(status=StatusWord.WRONG_LENGTH)
        except CardError as error:
            return response(status=error.status)
        except Exception:
            log.exception("card OS failure")
            return response(status=StatusWord.UNKNOWN)
        return self._deliver(data, status, command)

    def _deliver(self, data: bytes, status: int, command: CommandApdu) -> bytes:
        limit = command.le if command.le is not None else 0
        if status == StatusWord.OK and len(data) > limit and not command.extended:
            if command.le is None:
                self._pending = data
                return response(status=StatusWord.more_data(min(len(data), 256)))
            self._pending = data[limit:]
            return response(data[:limit], StatusWord.more_data(min(len(self._pending), 256)))
        return response(data, status)

    def _dispatch(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.cla not in (0x00, 0x80):
            raise CardError(StatusWord.CLA_NOT_SUPPORTED)
        match command.ins:
            case Instruction.SELECT:
                return self._select(command)
            case Instruction.GET_RESPONSE:
                return self._get_response(command)
        application = self._application
        if application is None:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "no application selected")
        if isinstance(application, FreeAreaManager):
            return self._manage(application, command)
        match command.ins:
            case Instruction.READ_BINARY:
                if command.p1 & 0x80:
                    raise CardError(StatusWord.INCORRECT_P1_P2, "short EF addressing unsupported")
                if command.le is None:
                    raise CardError(StatusWord.WRONG_LENGTH, "READ BINARY needs Le")
                offset = (command.p1 << 8) | command.p2
                return application.read_binary(offset, command.le), StatusWord.OK
            case Instruction.VERIFY:
                self._require_p1_p2(command, 0x00, 0x80)
                return b"", application.verify(command.data)
            case Instruction.CHANGE_REFERENCE_DATA:
                self._require_p1_p2(command, 0x01, 0x80)
                application.change_reference_data(command.data)
                return b"", StatusWord.OK
            case Instruction.GET_CHALLENGE if isinstance(application, JpkiApplication):
                self._require_p1_p2(command, 0x00, 0x00)
                return application.get_challenge(command.le or 0), StatusWord.OK
            case Instruction.COMPUTE_DIGITAL_SIGNATURE if command.cla == 0x00 and isinstance(
                application, JpkiApplication
            ):
                self._require_p1_p2(command, 0x00, 0xBE)  # PSO: VERIFY CERTIFICATE
                application.verify_certificate(command.data)
                return b"", StatusWord.OK
            case Instruction.EXTERNAL_AUTHENTICATE if isinstance(application, JpkiApplication):
                self._require_p1_p2(command, 0x00, 0x00)
                application.external_authenticate(command.data)
                return b"", StatusWord.OK
            case Instruction.INTERNAL_AUTHENTICATE if command.cla == 0x00 and isinstance(
                application, InstalledApplication
            ):
                self._require_p1_p2(command, 0x00, 0x00)
                return application.internal_authenticate(command.data), StatusWord.OK
            case Instruction.COMPUTE_DIGITAL_SIGNATURE if command.cla == 0x80:
                self._require_p1_p2(command, 0x00, 0x80)
                if not command.data:
                    raise CardError(StatusWord.WRONG_LENGTH, "nothing to sign")
                return application.compute_signature(command.data), StatusWord.OK
        raise CardError(StatusWord.INS_NOT_SUPPORTED)

    def _manage(self, manager: FreeAreaManager, command: CommandApdu) -> tuple[bytes, int]:
        """The free-area manager's commands: INSTALL and DELETE, CLA 80 only."""
        if command.cla != 0x80 or command.ins not in (INS_INSTALL, INS_DELETE):
            raise CardError(StatusWord.INS_NOT_SUPPORTED)
        if command.ins == INS_INSTALL:
            self._require_p1_p2(command, 0x0C, 0x00)
            return manager.install(command.data), StatusWord.OK
        self._require_p1_p2(command, 0x00, 0x00)
        manager.delete(command.data)
        return b"", StatusWord.OK

    def _select(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.p1 == 0x04 and command.p2 in (0x0C, 0x00):
            aid = command.data
            kind = _application_for(aid, self.store.current())
            if kind is None:
                raise CardError(StatusWord.FILE_NOT_FOUND, "application not on this card")
            current = self._application
            if RESELECT_KEEPS_SECURITY_STATUS and _same(current, kind, aid):
                assert current is not None
                current.reselected()
            elif kind is InstalledApplication:
                self._application = InstalledApplication(self.store, aid)
            else:
                self._application = kind(self.store)  # type: ignore[call-arg]
            return b"", StatusWord.OK
        if command.p1 == 0x02 and command.p2 in (0x0C, 0x00):
            if len(command.data) != 2:
                raise CardError(StatusWord.WRONG_LENGTH, "a file id has 2 bytes")
            if self._application is None:
                raise CardError(StatusWord.FILE_NOT_FOUND)
            self._application.select_file(int.from_bytes(command.data))
            return b"", StatusWord.OK
        raise CardError(StatusWord.INCORRECT_P1_P2)

    def _get_response(self, command: CommandApdu) -> tuple[bytes, int]:
        self._require_p1_p2(command, 0x00, 0x00)
        if not self._pending:
            raise CardError(StatusWord.CONDITIONS_NOT_SATISFIED, "nothing to get")
        data, self._pending = self._pending, b""
        return data, StatusWord.OK

    @staticmethod
    def _require_p1_p2(command: CommandApdu, p1: int, p2: int) -> None:
        if (command.p1, command.p2) != (p1, p2):
            raise CardError(StatusWord.INCORRECT_P1_P2)


__all__ = ["Card"]
