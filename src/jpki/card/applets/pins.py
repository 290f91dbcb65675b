"""VERIFY as the real card does it, shared by every application on the card.

The try is spent and the image saved *before* the comparison, so a card pulled mid-command
has still lost it; `63 Cx` reports the tries left, `63 C0` the attempt that used the last one,
`69 84` every attempt after that; an empty VERIFY reports without spending a try.
"""

from __future__ import annotations

from jpki.card.image import PIN_RULES, CardImage
from jpki.profile.apdu import StatusWord


def verify_credential(image: CardImage, credential: str, candidate: bytes) -> int:
    """Check `candidate` against one credential; returns the status word to answer."""
    record = image.pins[credential]
    if record.tries_left == 0:
        return StatusWord.AUTHENTICATION_BLOCKED
    if not candidate:
        return StatusWord.tries_left(record.tries_left)
    record.tries_left -= 1
    image.save()  # the try is gone before we compare
    if not record.matches(candidate):
        return StatusWord.tries_left(record.tries_left)
    record.tries_left = PIN_RULES[credential].max_tries
    image.save()
    return StatusWord.OK


__all__ = ["verify_credential"]
