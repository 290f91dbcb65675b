"""An OCSP client (RFC 6960) for on-demand freshness, with caching until nextUpdate.

The response is trusted only when it is signed by the certificate's own root generation or
by a responder certificate that root issued for OCSP signing (id-kp-OCSPSigning), when it
names the certificate asked about, and, if a nonce was sent, when it echoes it. A good or
revoked answer is cached until its nextUpdate; every failure (network, malformed, wrongly
signed, stale) is an unknown answer, so the verdict fails closed. The authority's extensions
(seed 002: the revocation detail, the card's certificate linkage, the consented latest 4
information) are decoded into the answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Mapping

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, OCSPExtensionOID

from jpki.clock import Clock
from jpki.profile import oids
from jpki.profile.extensions import (
    decode_latest_four_info,
    decode_linkage,
    decode_revocation_detail,
)
from jpki.profile.reasons import RevocationReason
from jpki.verifier.anchors import Anchor
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.parsing import Malformed, parsing
from jpki.verifier.revocation.answer import RevocationAnswer
from jpki.verifier.verdict import Revocation, RevocationSource, SourceKind

CACHE_LIMIT = 200_000


class OcspClient:
    """Asks one responder URL; safe to share between threads."""

    def __init__(
        self,
        url: str,
        clock: Clock,
        *,
        headers: Mapping[str, str] | None = None,
        nonce: bool = False,
        timeout: float = 5.0,
        http: httpx.Client | None = None,
    ) -> None:
        self.url, self.clock, self.nonce = url, clock, nonce
        self._http = http or httpx.Client(timeout=timeout)
        self._headers = {**(headers or {}), "Content-Type": "application/ocsp-request"}
        self._cache: dict[tuple[bytes, int], RevocationAnswer] = {}
        self._trusted_responders: set[bytes] = set()
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def check(
        self, certificate: x509.Certificate, anchor: Anchor, scope: bytes | None, at: dt.datetime
    ) -> RevocationAnswer:
        key = (anchor.key_id, certificate.serial_number)
        now = self.clock.now()
        cached = self._cache.get(key)
        if cached is not None and _fresh(cached.source, max(now, at)):
            return _judged_at(cached, at)
        try:
            answer = self._ask(certificate, anchor, now)
        except RevocationDataError as exc:
            return RevocationAnswer(
                False,
                None,
                RevocationSource(SourceKind.OCSP, checked_at=now, detail=self.url),
                str(exc),
            )
        if answer.known and answer.source.next_update is not None:
            with self._lock:
                if len(self._cache) >= CACHE_LIMIT:
                    self._cache.clear()
                self._cache[key] = answer
        if answer.known and not _fresh(answer.source, at):
            return RevocationAnswer(False, None, answer.source, "the OCSP response is stale")
        return _judged_at(answer, at)

    def _ask(
        self, certificate: x509.Certificate, anchor: Anchor, now: dt.datetime
    ) -> RevocationAnswer:
        builder = ocsp.OCSPRequestBuilder().add_certificate(
            certificate, anchor.certificate, hashes.SHA1()
        )
        nonce = os.urandom(16) if self.nonce else None
        if nonce is not None:
            builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
        body = builder.build().public_bytes(serialization.Encoding.DER)
        try:
            reply = self._http.post(self.url, content=body, headers=self._headers)
        except httpx.HTTPError as exc:
            raise RevocationDataError(f"OCSP responder {self.url} unreachable: {exc}") from exc
        if reply.status_code != 200:
            raise RevocationDataError(f"OCSP responder answered HTTP {reply.status_code}")
        return self.read_response(reply.content, certificate, anchor, nonce, now)

    def read_response(
        self,
        der: bytes,
        certificate: x509.Certificate,
        anchor: Anchor,
        nonce: bytes | None,
        now: dt.datetime,
    ) -> RevocationAnswer:
        """Check and interpret a DER OCSPResponse about `certificate`."""
        try:
            with parsing("OCSP response"):
                return self._interpret(der, certificate, anchor, nonce, now)
        except Malformed as exc:
            raise RevocationDataError(str(exc)) from exc

    def _interpret(
        self,
        der: bytes,
        certificate: x509.Certificate,
        anchor: Anchor,
        nonce: bytes | None,
        now: dt.datetime,
    ) -> RevocationAnswer:
        """`read_response` inside the parser guard (cryptography reads OCSP lazily)."""
        response = ocsp.load_der_ocsp_response(der)
        if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise RevocationDataError(f"OCSP responder said {response.response_status.name}")
        self._check_signature(response, anchor, now)
        if response.serial_number != certificate.serial_number or (
            response.issuer_key_hash != _key_hash(anchor.certificate, response.hash_algorithm.name)
        ):
            raise RevocationDataError("the OCSP response is about another certificate")
        if nonce is not None:
            echoed = _extension(response.extensions, OCSPExtensionOID.NONCE)
            if not isinstance(echoed, x509.OCSPNonce) or echoed.nonce != nonce:
                raise RevocationDataError("the OCSP response does not echo our nonce")
        source = RevocationSource(
            SourceKind.OCSP,
            response.this_update_utc,
            response.next_update_utc,
            now,
            self.url,
        )
        singles = {ext.oid: ext.value for ext in response.single_extensions}
        detail = linkage = latest = None
        if isinstance(value := singles.get(oids.REVOCATION_DETAIL), x509.UnrecognizedExtension):
            detail = decode_revocation_detail(value.value)
        if isinstance(value := singles.get(oids.CERTIFICATE_LINKAGE), x509.UnrecognizedExtension):
            linkage = decode_linkage(value.value)
        if isinstance(value := singles.get(oids.LATEST_FOUR_INFO), x509.UnrecognizedExtension):
            latest = decode_latest_four_info(value.value)
        status = response.certificate_status
        if status is ocsp.OCSPCertStatus.UNKNOWN:
            return RevocationAnswer(False, None, source, "the responder does not know it")
        revocation = None
        if status is ocsp.OCSPCertStatus.REVOKED:
            revoked_at = response.revocation_time_utc
            assert revoked_at is not None
            revocation = Revocation(
                RevocationReason.from_flag(response.revocation_reason), revoked_at, detail
            )
        return RevocationAnswer(True, revocation, source, "", linkage, latest)

    def _check_signature(
        self, response: ocsp.OCSPResponse, anchor: Anchor, now: dt.datetime
    ) -> None:
        signer = anchor.certificate
        for candidate in response.certificates:
            if _names_responder(response, candidate):
                signer = candidate
                break
        if signer is not anchor.certificate:
            self._check_responder(signer, anchor, now)
        elif not _names_responder(response, signer):
            raise RevocationDataError("the OCSP response is not signed by the certificate's root")
        key = signer.public_key()
        if not isinstance(key, rsa.RSAPublicKey) or response.signature_hash_algorithm is None:
            raise RevocationDataError("unsupported OCSP signature")
        try:
            key.verify(
                response.signature,
                response.tbs_response_bytes,
                padding.PKCS1v15(),
                response.signature_hash_algorithm,
            )
        except InvalidSignature:
            raise RevocationDataError("the OCSP response signature is forged") from None

    def _check_responder(
        self, responder: x509.Certificate, anchor: Anchor, now: dt.datetime
    ) -> None:
        der = responder.public_bytes(serialization.Encoding.DER)
        if der in self._trusted_responders:
            return
        if not anchor.issued(responder):
            raise RevocationDataError("the OCSP responder was not certified by the root")
        usage = _extension(responder.extensions, ExtensionOID.EXTENDED_KEY_USAGE)
        if not isinstance(usage, x509.ExtendedKeyUsage) or (
            ExtendedKeyUsageOID.OCSP_SIGNING not in usage
        ):
            raise RevocationDataError("the OCSP responder certificate is not for OCSP signing")
        if not responder.not_valid_before_utc <= now <= responder.not_valid_after_utc:
            raise RevocationDataError("the OCSP responder certificate is not valid now")
        with self._lock:
            self._trusted_responders.add(der)


def _names_responder(response: ocsp.OCSPResponse, candidate: x509.Certificate) -> bool:
    if response.responder_key_hash is not None:
        return response.responder_key_hash == _key_hash(candidate, "sha1")
    return response.responder_name == candidate.subject


def _key_hash(certificate: x509.Certificate, algorithm: str) -> bytes:
    """Hash of the certificate's subjectPublicKey bits, as OCSP names keys (RFC 6960)."""
    bits = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1
    )
    return hashlib.new(algorithm, bits).digest()


def _extension(extensions: x509.Extensions, oid: x509.ObjectIdentifier) -> object:
    try:
        return extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None


def _fresh(source: RevocationSource, at: dt.datetime) -> bool:
    return source.next_update is not None and at <= source.next_update


def _judged_at(answer: RevocationAnswer, at: dt.datetime) -> RevocationAnswer:
    """The answer for time `at`: a revocation after `at` did not yet apply."""
    if answer.revocation is not None and answer.revocation.revoked_at > at:
        return RevocationAnswer(
            True, None, answer.source, "", answer.linkage, answer.latest_four_info
        )
    return answer


__all__ = ["OcspClient"]
