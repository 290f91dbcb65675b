"""Why the IdP refuses a request from a wallet, a browser or an RP."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from jpki.profile.errors import JpkiError
from jpki.protocol.wallet import PLATFORM_FAILED, WalletRefused


class RequestRefused(WalletRefused):
    """A request the IdP cannot serve; `code` names why in one word for APIs (and, as for
    every wallet refusal, its HTTP status)."""


def bad_request(message: str) -> RequestRefused:
    """The IdP's refusal of a malformed field (`bad-request`), e.g. for `decode_b64`."""
    return RequestRefused("bad-request", message)


@contextlib.contextmanager
def checked_by_platform(refusal: type[RequestRefused]) -> Iterator[None]:
    """Turn what the platform refuses to check (no authority configured, an unreachable CRL
    source, ...) into the IdP's `platform-failed` refusal, answered as 502, not a crash."""
    try:
        yield
    except WalletRefused:
        raise
    except JpkiError as failure:
        raise refusal(
            PLATFORM_FAILED,
            f"the verification platform could not check this / 検証できませんでした: {failure}",
        ) from failure


__all__ = ["PLATFORM_FAILED", "RequestRefused", "bad_request", "checked_by_platform"]
