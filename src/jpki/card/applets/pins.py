"""VERIFY as the real card does it, shared by every application on the card.

The whole VERIFY is one transaction on the card image (jpki.card.store): the counter is re-read
from disk under the image's lock, so a PIN blocked or a try spent by another opener of the same
card counts here too, and no two comparisons of one card ever run at once. The try is spent
and written *before* the comparison, so a card pulled mid-command has still lost it; `63 Cx`
reports the tries left, `63 C0` the attempt that used the last one, `69 84` every attempt after
that; an empty VERIFY reports without spending a try.
"""

from __future__ import annotations

from jpki.card.image import PIN_RULES, CardImage
from jpki.card.store import ImageStore
from jpki.profile.apdu import StatusWord


def verify_credential(store: ImageStore, credential: str, candidate: bytes) -> int:
    """Check `candidate` against one credential; returns the status word to answer."""
    with store.change() as change:
        record = change.image.pins[credential]
        if record.tries_left == 0:
            return StatusWord.AUTHENTICATION_BLOCKED
        if not candidate:
            return StatusWord.tries_left(record.tries_left)
        record.tries_left -= 1
        change.save()  # the try is gone before we compare
        if not record.matches(candidate):
            return StatusWord.tries_left(record.tries_left)
        record.tries_left = PIN_RULES[credential].max_tries
    return StatusWord.OK


def unblocked(image: CardImage, credential: str) -> bool:
    """Whether a credential a session verified still opens anything: not blocked on disk.

    A PIN that another opener of the same card has blocked since closes every session's access.
    """
    return image.pins[credential].tries_left > 0


__all__ = ["unblocked", "verify_credential"]
