"""The card readers on a service's own machine (a counter PC, HR's desk, a licensing desk):
listed for the clerk and opened by name, a missing reader or card being a refusal the page
shows, not an error."""

from __future__ import annotations

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.client.readers import Reader
from jpki.profile.errors import JpkiError


def reader_names(context: ServiceContext) -> list[str]:
    """The readers the clerk can choose (none when the service has no card readers)."""
    readers = context.card_readers
    return readers.names() if readers else []


def open_reader(context: ServiceContext, name: str) -> Reader:
    """A connection to the card in reader `name`, or a bilingual refusal."""
    readers = context.card_readers
    if readers is None or name not in readers.names():
        raise CardRefusal(f"no card reader {name!r} / カードリーダーがありません")
    try:
        return readers.open(name)
    except JpkiError as error:
        raise CardRefusal(str(error)) from None


__all__ = ["open_reader", "reader_names"]
