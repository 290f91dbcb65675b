"""Why the numbering system refuses something."""

from __future__ import annotations

from jpki.profile.errors import JpkiError


class NumberingError(JpkiError):
    """Base class of the numbering system's deliberate errors; `code` is one word for APIs."""

    code = "refused"


class NotOnWhitelist(NumberingError):
    """An exchange that the law's table does not list (別表第二に該当しない情報照会)."""

    code = "not-on-whitelist"


class UnknownPerson(NumberingError):
    code = "unknown-person"


class UnknownAgency(NumberingError):
    code = "unknown-agency"


class BadMessage(NumberingError):
    """A network message that is malformed, not for us, wrongly signed, stale or replayed."""

    code = "bad-message"


class ConsentMissing(NumberingError):
    code = "consent-missing"


__all__ = [
    "BadMessage",
    "ConsentMissing",
    "NotOnWhitelist",
    "NumberingError",
    "UnknownAgency",
    "UnknownPerson",
]
