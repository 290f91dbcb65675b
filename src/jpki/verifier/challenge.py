"""Challenge-response login with the card's authentication certificate (利用者証明), done safely.

Seed 000 lets a service send a random value that the card signs with the authentication key.
Here the nonce is 256 bits, lives a short time (60 s by default), can be presented once (a
second presentation, even after a failure, is a replay), and is bound to the service provider
it was issued for and the origin the holder's browser or app saw (see
`jpki.profile.challenge`). A PIN-less response (seed 000's external authentication at a
registered terminal) is recognised by its institution code and reported as the lower
assurance level. Each refusal has its own error class, so a service can tell a replay from an
expired login from a phishing attempt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from collections.abc import Collection
from typing import Protocol

from jpki.clock import Clock
from jpki.profile.challenge import NONCE_BYTES, authentication_digest, normalise_origin
from jpki.profile.errors import ProfileError
from jpki.profile.pinless import pinless_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import decode_b64url, encode_b64url
from jpki.protocol.levels import Level
from jpki.verifier.errors import (
    AuthenticationRefused,
    BadSignature,
    CertificateRejected,
    CrossOrigin,
    CrossProvider,
    ExpiredChallenge,
    ReplayedChallenge,
    UnknownChallenge,
)
from jpki.verifier.signatures import rsa_key_verifies
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Verdict

SWEEP_EVERY = 4096
"""Issues between two sweeps of expired challenges: memory stays bounded, issuing stays O(1)."""


@dataclasses.dataclass(frozen=True)
class Challenge:
    """A nonce issued to one service provider for one origin."""

    nonce: bytes
    provider: str
    origin: str
    issued_at: dt.datetime
    expires_at: dt.datetime

    @property
    def nonce_b64(self) -> str:
        return encode_b64url(self.nonce)


def decode_nonce(text: str) -> bytes:
    """Inverse of `Challenge.nonce_b64` (base64url without padding)."""
    return decode_b64url(text, "the nonce", UnknownChallenge)


@dataclasses.dataclass(frozen=True)
class AuthenticationResponse:
    """What the holder's client sends back."""

    nonce: bytes
    provider: str
    origin: str
    certificate: bytes
    """DER of the authentication certificate."""
    signature: bytes
    institution_code: str | None = None
    """Set for a PIN-less signature made at a registered terminal."""


@dataclasses.dataclass(frozen=True)
class Authentication:
    """A successful login."""

    verdict: Verdict
    assurance: Level
    provider: str
    origin: str
    institution_code: str | None = None


class ChallengeBook:
    """Issued nonces, each usable once until it expires (in memory, thread-safe).

    Spent nonces are remembered until they would have expired, so a replay is told apart
    from a nonce that was never issued.
    """

    def __init__(self, clock: Clock, *, lifetime: dt.timedelta = dt.timedelta(seconds=60)) -> None:
        self.clock, self.lifetime = clock, lifetime
        self._open: dict[bytes, Challenge] = {}
        self._spent: dict[bytes, dt.datetime] = {}
        self._issued = 0
        self._lock = threading.Lock()

    def issue(self, provider: str, origin: str) -> Challenge:
        now = self.clock.now()
        challenge = Challenge(
            os.urandom(NONCE_BYTES), provider, normalise_origin(origin), now, now + self.lifetime
        )
        with self._lock:
            self._issued += 1
            if self._issued % SWEEP_EVERY == 0:
                self._sweep(now)
            self._open[challenge.nonce] = challenge
        return challenge

    def take(self, nonce: bytes) -> Challenge:
        """Spend a nonce: the challenge, or the reason it cannot be used."""
        now = self.clock.now()
        with self._lock:
            challenge = self._open.pop(nonce, None)
            if challenge is None:
                if nonce in self._spent:
                    raise ReplayedChallenge("this challenge was already answered / 使用済み")
                raise UnknownChallenge("no such challenge was issued / 不明なチャレンジ")
            self._spent[nonce] = challenge.expires_at
        if now > challenge.expires_at:
            raise ExpiredChallenge("the challenge expired / チャレンジの有効期限切れ")
        return challenge

    def _sweep(self, now: dt.datetime) -> None:
        """Forget challenges and spent nonces past their expiry (every SWEEP_EVERY issues)."""
        self._open = {n: c for n, c in self._open.items() if c.expires_at >= now}
        self._spent = {n: e for n, e in self._spent.items() if e >= now}


class ChallengeStore(Protocol):
    """Where challenges live: `ChallengeBook` in memory, or a database shared by workers."""

    def issue(self, provider: str, origin: str) -> Challenge: ...

    def take(self, nonce: bytes) -> Challenge:
        """Spend a nonce once; raise UnknownChallenge, ReplayedChallenge or ExpiredChallenge."""
        ...


class Authenticator:
    """Verifies challenge responses for service providers."""

    def __init__(
        self,
        validator: Validator,
        book: ChallengeStore,
        *,
        terminals: Collection[str] | None = None,
    ) -> None:
        """`terminals` limits PIN-less logins to these institution codes (None: any)."""
        self.validator, self.book, self.terminals = validator, book, terminals

    def verify(
        self, response: AuthenticationResponse, *, provider: str, origin: str
    ) -> Authentication:
        """Accept the response for `provider` at `origin`, or raise an AuthenticationRefused."""
        challenge = self.book.take(response.nonce)
        if challenge.provider != provider or response.provider != provider:
            raise CrossProvider("the challenge was issued for another service provider")
        try:
            origins = {normalise_origin(origin), normalise_origin(response.origin)}
        except ProfileError as exc:
            raise CrossOrigin(str(exc)) from exc
        if origins != {challenge.origin}:
            raise CrossOrigin("the response was made for another origin / オリジン不一致")
        digest = authentication_digest(challenge.provider, challenge.origin, challenge.nonce)
        assurance = Level.PIN
        if response.institution_code is not None:
            if self.terminals is not None and response.institution_code not in self.terminals:
                raise AuthenticationRefused(
                    f"terminal {response.institution_code} is not registered with this service"
                )
            try:
                digest = pinless_digest(response.institution_code, digest)
            except ProfileError as exc:
                raise BadSignature(str(exc)) from exc
            assurance = Level.PINLESS
        verdict, public_key = self.validator.check_with_key(
            response.certificate, purpose=CertificatePurpose.AUTH
        )
        if public_key is None:
            raise CertificateRejected(verdict)
        if not rsa_key_verifies(public_key, response.signature, digest):
            raise BadSignature("the signature does not verify / 署名検証エラー")
        if not verdict.valid:
            raise CertificateRejected(verdict)
        return Authentication(
            verdict, assurance, provider, challenge.origin, response.institution_code
        )


__all__ = [
    "Authentication",
    "AuthenticationResponse",
    "Authenticator",
    "Challenge",
    "ChallengeBook",
    "ChallengeStore",
    "decode_nonce",
]
