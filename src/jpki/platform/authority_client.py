"""The platform's client of the authority's verifier API (an accredited verifier's view):
linkage information (証明書紐付け情報, 新旧紐付け情報). Every call is metered by J-LIS."""

from __future__ import annotations

import dataclasses

import httpx

from jpki.platform.errors import PlatformError
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.four_info import FourInfoJson
from jpki.verifier.setup import VERIFIER_KEY_HEADER


@dataclasses.dataclass(frozen=True)
class Linkage:
    serial: int
    purpose: CertificatePurpose
    other_purpose_serial: int | None
    """The same card's certificate of the other purpose."""
    successor_serial: int | None
    """The certificate that renewed this one, if any."""
    predecessor_serial: int | None = None
    """The certificate this one renewed, if any."""
    medium: Medium = Medium.CARD
    """Whether the certificate is on a card or a phone (スマホ用電子証明書)."""
    card_serial: int | None = None
    """For a phone's certificate: the card's certificate it was issued from (same person)."""


class AuthorityClient:
    """Talks to one authority with the platform's verifier key."""

    def __init__(
        self, base_url: str, api_key: str | None, *, http: httpx.Client | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {VERIFIER_KEY_HEADER: api_key} if api_key else {}
        self._http = http or httpx.Client(timeout=10.0)
        self._headers = headers

    def close(self) -> None:
        self._http.close()

    def linkage(self, serial: int) -> Linkage:
        try:
            reply = self._http.get(f"{self.base_url}/v1/linkage/{serial}", headers=self._headers)
        except httpx.HTTPError as exc:
            raise PlatformError(f"the authority is unreachable: {exc}") from exc
        if reply.status_code != 200:
            raise PlatformError(
                f"the authority refused linkage of {serial}: HTTP {reply.status_code} {reply.text[:200]}"
            )
        data = reply.json()
        return Linkage(
            int(data["serial"]),
            CertificatePurpose(data["purpose"]),
            int(data["other_purpose_serial"]) if data["other_purpose_serial"] else None,
            int(data["successor_serial"]) if data["successor_serial"] else None,
            int(data["predecessor_serial"]) if data.get("predecessor_serial") else None,
            Medium(data.get("medium") or Medium.CARD),
            int(data["card_serial"]) if data.get("card_serial") else None,
        )

    def latest_four_info(self, serial: int) -> tuple[FourInfoJson | None, str]:
        """The holder's latest 4 information (STEP 2), or None and why (no consent, no change)."""
        try:
            reply = self._http.get(f"{self.base_url}/v1/four-info/{serial}", headers=self._headers)
        except httpx.HTTPError as exc:
            return None, f"the authority is unreachable: {exc}"
        if reply.status_code != 200:
            try:
                reason = str(reply.json().get("error", reply.text))
            except ValueError:
                reason = reply.text[:200]
            return None, reason
        try:
            return FourInfoJson.model_validate(reply.json()), ""
        except ValueError as exc:  # not JSON, or not the 4 information
            return None, f"the authority's 4 information is malformed: {exc}"


__all__ = ["AuthorityClient", "Linkage"]
