"""Assembling a verifier from configuration: anchors, CRL sources, an OCSP responder.

The CLI, the platform and the IdP all need the same thing: trust anchors from files, a
revocation index loaded from CRL files or URLs (kept fresh in the background when asked),
optionally an OCSP client consulted when the CRLs do not answer, and pyhanko-certvalidator
for certificates of other PKIs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from jpki.clock import Clock
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.generic import GenericValidator
from jpki.verifier.revocation.answer import FirstKnown, RevocationChecker
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.revocation.ocsp import OcspClient
from jpki.verifier.revocation.refresh import CrlFeed, Refresher
from jpki.verifier.validation import Validator

VERIFIER_KEY_HEADER = "X-JPKI-Verifier-Key"
"""How an accredited verifier identifies itself to the authority's CRL and OCSP endpoints."""


@dataclasses.dataclass
class VerifierSetup:
    """What a running verifier is made of (keep `refresher` to stop it)."""

    validator: Validator
    index: RevocationIndex
    refresher: Refresher | None
    ocsp: OcspClient | None
    feed: CrlFeed
    """Where the CRLs come from, for a caller that needs them as published (e.g. to embed)."""

    def close(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
        if self.ocsp is not None:
            self.ocsp.close()


def build_verifier(
    clock: Clock,
    trust: Sequence[Path | str],
    *,
    crls: Sequence[Path | str] = (),
    optional_crls: Sequence[Path | str] = (),
    ocsp_url: str | None = None,
    api_key: str | None = None,
    refresh: bool = False,
    ocsp_nonce: bool = False,
    ocsp_http: httpx.Client | None = None,
) -> VerifierSetup:
    """A validator over the anchors in `trust`, CRLs first, then OCSP when given.

    Raises RevocationDataError if a CRL cannot be loaded at start (a verifier that silently
    started without its revocation data would fail closed on every check, confusingly).
    `optional_crls` (e.g. delta CRLs, which exist only after a second publication) are loaded
    when they can be and retried at every refresh.
    """
    anchors = TrustAnchors.load(trust)
    headers: Mapping[str, str] = {VERIFIER_KEY_HEADER: api_key} if api_key else {}
    index = RevocationIndex(anchors, clock)
    feed = CrlFeed([*crls, *optional_crls], headers)
    blobs = [feed.fetch(source) for source in crls]
    for blob in blobs:
        index.add_crl(blob)
    for source in optional_crls:
        try:
            index.add_crl(feed.fetch(source))
        except RevocationDataError:
            continue  # not published yet: the refresher tries again
    refresher = Refresher(index, feed, clock) if refresh and crls else None
    if refresher is not None:
        refresher.start()
    ocsp = (
        OcspClient(ocsp_url, clock, headers=headers, nonce=ocsp_nonce, http=ocsp_http)
        if ocsp_url
        else None
    )
    checkers: list[RevocationChecker] = [index] if crls else []
    if ocsp is not None:
        checkers.append(ocsp)
    generic = GenericValidator(
        [anchor.certificate for anchor in anchors],
        crls=blobs,
    )
    validator = Validator(
        anchors, FirstKnown(*checkers) if checkers else None, clock, other_pki=generic
    )
    return VerifierSetup(validator, index, refresher, ocsp, feed)


__all__ = ["VERIFIER_KEY_HEADER", "VerifierSetup", "build_verifier"]
