"""Errors of the card. Inside the card OS every refusal is a status word, never an exception
that escapes: `CardError` carries the status word to answer with."""

from jpki.profile.errors import JpkiError


class CardError(JpkiError):
    """A command the card refuses; `status` is the status word it answers."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message or f"status word {status:04X}")
        self.status = status


class CardImageError(JpkiError):
    """A card image file that cannot be read (missing, not a card, corrupt)."""


__all__ = ["CardError", "CardImageError"]
