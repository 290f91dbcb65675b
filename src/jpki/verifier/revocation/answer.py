"""What a revocation source answers about one certificate, and the interface every source has."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Protocol

from cryptography import x509

from jpki.profile.extensions import CertificateLinkage
from jpki.profile.four_info import FourInfo
from jpki.verifier.anchors import Anchor
from jpki.verifier.verdict import NO_SOURCE, Revocation, RevocationSource


@dataclasses.dataclass(frozen=True)
class RevocationAnswer:
    """`known` is False when the source had no fresh data: the verdict then fails closed."""

    known: bool
    revocation: Revocation | None
    source: RevocationSource
    message: str = ""
    linkage: CertificateLinkage | None = None
    latest_four_info: FourInfo | None = None


class RevocationChecker(Protocol):
    """A source of revocation status: the CRL index, an OCSP client, or a policy of both."""

    def check(
        self,
        certificate: x509.Certificate,
        anchor: Anchor,
        scope: bytes | None,
        at: dt.datetime,
    ) -> RevocationAnswer:
        """Status of `certificate` (issued by `anchor`, in CRL shard `scope`) at time `at`."""
        ...


class FirstKnown:
    """Ask sources in order; the first one with fresh data answers (e.g. CRL, then OCSP)."""

    def __init__(self, *checkers: RevocationChecker) -> None:
        self.checkers = checkers

    def check(
        self, certificate: x509.Certificate, anchor: Anchor, scope: bytes | None, at: dt.datetime
    ) -> RevocationAnswer:
        misses: list[RevocationAnswer] = []
        for checker in self.checkers:
            answer = checker.check(certificate, anchor, scope, at)
            if answer.known:
                return answer
            misses.append(answer)
        if not misses:
            return RevocationAnswer(False, None, NO_SOURCE, "no revocation source is configured")
        return dataclasses.replace(misses[-1], message="; ".join(m.message for m in misses))


__all__ = ["FirstKnown", "RevocationAnswer", "RevocationChecker"]
