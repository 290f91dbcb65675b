"""Errors of the client, each telling the user what to do (in English and Japanese)."""

from jpki.profile.errors import JpkiError


class ClientError(JpkiError):
    """Base of the client's refusals."""


class TimestampUnavailable(ClientError):
    """The time-stamping authority could not be reached or did not grant a time-stamp."""


class ReaderError(ClientError):
    """No reader, no card, or the card left the reader (カードを読み取れません)."""


class WrongPin(ClientError):
    """The card refused the PIN; `tries_left` tells how many attempts remain."""

    def __init__(self, label: str, tries_left: int) -> None:
        super().__init__(
            f"wrong {label}: {tries_left} tries left / 暗証番号が違います（残り{tries_left}回）"
        )
        self.tries_left = tries_left


class PinBlocked(ClientError):
    """The PIN is blocked; only a municipal office can reset it."""

    def __init__(self, label: str) -> None:
        super().__init__(
            f"the {label} is blocked: ask your municipal office to reset it"
            " / 暗証番号がロックされています。市区町村の窓口で再設定してください"
        )


class CardRefused(ClientError):
    """The card answered a status word other than success."""

    def __init__(self, what: str, status: int) -> None:
        super().__init__(f"the card refused {what} (status {status:04X})")
        self.status = status


class ApplicationMissing(ClientError):
    """The card has no such application (SELECT answered 6A 82)."""

    def __init__(self, name: str, advice: str) -> None:
        super().__init__(f"this card has no {name}: {advice}")


class MalformedCardData(ClientError):
    """A file the card returned is not in the layout its application defines."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(
            f"the card's {what} is malformed ({reason}); the card may be damaged or forged"
            f" / カードの{what}を読み取れません（{reason}）"
        )


__all__ = [
    "ApplicationMissing",
    "CardRefused",
    "ClientError",
    "MalformedCardData",
    "PinBlocked",
    "ReaderError",
    "TimestampUnavailable",
    "WrongPin",
]
