"""Answers OCSP requests: parse, look up, sign, and cache pre-signed responses.

Responses are signed by the delegated responder certificate of the CA generation that
issued the certificate (id-kp-OCSPSigning, id-pkix-ocsp-nocheck). A request without a nonce
always gets the same answer until it goes stale, so its signed response is cached under
(verifier, request bytes) and served without parsing; a revocation evicts the responses
that mention the serial. A request with a nonce gets a freshly signed response echoing it.

Responses are built with asn1crypto because cryptography cannot add the single-response
extensions we carry: the seeds' revocation detail (STEP 1), the card's certificate linkage
for accredited verifiers, and the latest 4 information for consented ones (STEP 2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable

from asn1crypto import core
from asn1crypto import ocsp as asn1_ocsp
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from jpki.authority.ca import CaGeneration, CertificateAuthorities
from jpki.authority.ocsp.status import CertificateStatus
from jpki.authority.verifiers import VerifierIdentity
from jpki.clock import Clock
from jpki.profile import oids
from jpki.profile.extensions import (
    RevocationDetail,
    encode_latest_four_info,
    encode_linkage,
    encode_revocation_detail,
)
from jpki.profile.purpose import CertificatePurpose

HASH_ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")
MAX_CACHED = 500_000

StatusLoader = Callable[[int, int, int | None], CertificateStatus | None]
"""(serial, generation id, verifier id) -> status, or None if not issued by that generation."""


def error_response(status: str) -> bytes:
    """An unsuccessful OCSP response: malformed_request, internal_error, unauthorized, ..."""
    return asn1_ocsp.OCSPResponse({"response_status": status}).dump()


MALFORMED = error_response("malformed_request")
UNAUTHORIZED = error_response("unauthorized")
INTERNAL_ERROR = error_response("internal_error")


@dataclasses.dataclass(frozen=True)
class OcspAnswer:
    """A DER response and the purposes of the certificates it answered for (for metering)."""

    der: bytes
    purposes: tuple[CertificatePurpose, ...]
    max_age: int = 0
    """Seconds an HTTP cache may keep it (RFC 5019); 0 for error and nonce responses."""
    serials: tuple[int, ...] = ()
    """The serials it gave a status for (the holders' disclosure records)."""


@dataclasses.dataclass
class _Cached:
    answer: OcspAnswer
    serials: tuple[int, ...]
    refresh_at: dt.datetime


def _canonical(cert_id: asn1_ocsp.CertId) -> asn1_ocsp.CertId:
    """The CertID rebuilt from its values: the response must be DER even if the request was not.

    Parsing every field here also makes malformed input fail before anything is signed.
    """
    algorithm = cert_id["hash_algorithm"]
    parameters = algorithm["parameters"]
    hash_algorithm: dict[str, object] = {"algorithm": algorithm["algorithm"].native}
    if isinstance(parameters, core.Null):
        hash_algorithm["parameters"] = core.Null()
    elif not isinstance(parameters, core.Void):
        raise ValueError("unexpected hash algorithm parameters")
    serial = cert_id["serial_number"].native
    if serial < 0:
        raise ValueError("negative serial number")
    return asn1_ocsp.CertId(
        {
            "hash_algorithm": hash_algorithm,
            "issuer_name_hash": cert_id["issuer_name_hash"].native,
            "issuer_key_hash": cert_id["issuer_key_hash"].native,
            "serial_number": serial,
        }
    )


class _ParsedRequest:
    def __init__(self, body: bytes) -> None:
        request = asn1_ocsp.OCSPRequest.load(body, strict=True)
        tbs = request["tbs_request"]
        self.cert_ids = [item["req_cert"] for item in tbs["request_list"]]
        if not self.cert_ids:
            raise ValueError("empty request list")
        self.nonce: core.Asn1Value | None = None
        for extension in tbs["request_extensions"] or []:
            if extension["extn_id"].native == "nonce":
                self.nonce = extension["extn_value"].parsed
            elif extension["critical"].native:
                raise ValueError("unsupported critical request extension")
        self.cert_ids = [_canonical(cert_id) for cert_id in self.cert_ids]

    def key(self, index: int) -> tuple[str, bytes, bytes, int]:
        cert_id = self.cert_ids[index]
        return (
            cert_id["hash_algorithm"]["algorithm"].native,
            cert_id["issuer_name_hash"].native,
            cert_id["issuer_key_hash"].native,
            cert_id["serial_number"].native,
        )


class OcspResponder:
    """Builds and caches OCSP responses for all CA generations."""

    def __init__(
        self,
        authorities: CertificateAuthorities,
        clock: Clock,
        load_status: StatusLoader,
        validity: dt.timedelta,
        *,
        seeds_improvements: bool,
    ) -> None:
        self._authorities = authorities
        self._clock = clock
        self._load_status = load_status
        self._validity = validity
        self._seeds = seeds_improvements
        self._cache: dict[tuple[int, bytes], _Cached] = {}
        self._by_serial: dict[int, set[tuple[int, bytes]]] = {}
        self._lock = threading.Lock()
        self._issuers: dict[tuple[str, bytes, bytes], CaGeneration] = {}
        self._bound: float | None = None
        self._polled_at = float("-inf")
        self.reload_issuers()

    def reload_issuers(self) -> None:
        """Index CA generations by (hash algorithm, name hash, key hash), after a rollover."""
        self._issuers = {
            (algorithm, g.issuer_name_hash(algorithm), g.issuer_key_hash(algorithm)): g
            for g in self._authorities.all()
            for algorithm in HASH_ALGORITHMS
        }

    # -- cache -----------------------------------------------------------------------------

    def serve_cached_within(self, seconds: float) -> None:
        """Serve cached answers only while the last poll of other workers' revocations
        (`polled`) began less than `seconds` ago: a worker whose poller stalls (database
        unreachable, thread starved) signs afresh from the database instead, so no cached
        "good" outlives a revocation committed anywhere by more than `seconds`. Set by a
        serving worker's background task; a responder used in one process alone, without it,
        is kept exact by its own `invalidate` calls."""
        self._bound = seconds

    def polled(self, started: float) -> None:
        """A poll that began at `started` (`time.monotonic()`) has evicted what it found."""
        self._polled_at = max(self._polled_at, started)

    def cached(self, body: bytes, verifier: VerifierIdentity) -> OcspAnswer | None:
        """The pre-signed answer to exactly these request bytes, if fresh (and, under a bound,
        if the revocations were polled within it)."""
        if self._bound is not None and time.monotonic() - self._polled_at >= self._bound:
            return None
        entry = self._cache.get((verifier.id, body))
        if entry is None or self._clock.now() >= entry.refresh_at:
            return None
        return entry.answer

    def invalidate(self, serials: list[int] | set[int]) -> None:
        """Forget cached responses mentioning these serials (revocation, new linkage, consent)."""
        with self._lock:
            for serial in serials:
                for key in self._by_serial.pop(serial, ()):
                    self._cache.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._by_serial.clear()

    def _store(self, key: tuple[int, bytes], answer: OcspAnswer, serials: tuple[int, ...]) -> None:
        refresh_at = self._clock.now() + self._validity / 2
        with self._lock:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
                self._by_serial.clear()
            self._cache[key] = _Cached(answer, serials, refresh_at)
            for serial in serials:
                self._by_serial.setdefault(serial, set()).add(key)

    # -- answering -------------------------------------------------------------------------

    def respond(self, body: bytes, verifier: VerifierIdentity) -> OcspAnswer:
        """Answer a DER OCSPRequest (never raises for bad input: returns an error response)."""
        try:
            request = _ParsedRequest(body)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError):
            return OcspAnswer(MALFORMED, ())
        first = request.key(0)
        generation = self._issuers.get(first[:3])
        if generation is None:
            return OcspAnswer(UNAUTHORIZED, ())
        now = self._clock.now().replace(microsecond=0)
        singles = []
        purposes: list[CertificatePurpose] = []
        serials: list[int] = []
        answered: list[int] = []
        for index, cert_id in enumerate(request.cert_ids):
            algorithm, name_hash, key_hash, serial = request.key(index)
            same_issuer = self._issuers.get((algorithm, name_hash, key_hash)) is generation
            status = self._load_status(serial, generation.id, verifier.id) if same_issuer else None
            singles.append(self._single(cert_id, status, now, verifier))
            serials.append(serial)
            if status is not None:
                purposes.append(status.purpose)
                answered.append(serial)
        response_extensions = []
        if request.nonce is not None:
            response_extensions.append(
                {"extn_id": "nonce", "critical": False, "extn_value": request.nonce}
            )
        der = self._sign(generation, singles, response_extensions, now)
        max_age = 0 if request.nonce is not None else int(self._validity.total_seconds() // 2)
        answer = OcspAnswer(der, tuple(purposes), max_age, tuple(answered))
        if request.nonce is None:
            self._store((verifier.id, body), answer, tuple(serials))
        return answer

    def _single(
        self,
        cert_id: asn1_ocsp.CertId,
        status: CertificateStatus | None,
        now: dt.datetime,
        verifier: VerifierIdentity,
    ) -> dict[str, object]:
        extensions: list[dict[str, object]] = []
        if status is None:
            cert_status = asn1_ocsp.CertStatus(name="unknown", value=core.Null())
        elif status.revoked_at is None:
            cert_status = asn1_ocsp.CertStatus(name="good", value=core.Null())
        else:
            assert status.reason is not None
            assert status.cause is not None
            cert_status = asn1_ocsp.CertStatus(
                name="revoked",
                value={
                    "revocation_time": status.revoked_at,
                    "revocation_reason": int(status.reason),
                },
            )
            if self._seeds:
                detail = RevocationDetail(status.cause, status.changed_fields)
                extensions.append(
                    _extension(oids.REVOCATION_DETAIL, encode_revocation_detail(detail))
                )
        if status is not None and status.linkage is not None and verifier.linkage_allowed:
            extensions.append(_extension(oids.CERTIFICATE_LINKAGE, encode_linkage(status.linkage)))
        if status is not None and self._seeds and status.latest_four_info is not None:
            extensions.append(
                _extension(oids.LATEST_FOUR_INFO, encode_latest_four_info(status.latest_four_info))
            )
        single: dict[str, object] = {
            "cert_id": cert_id,
            "cert_status": cert_status,
            "this_update": now,
            "next_update": now + self._validity,
        }
        if extensions:
            single["single_extensions"] = extensions
        return single

    @staticmethod
    def _sign(
        generation: CaGeneration,
        singles: list[dict[str, object]],
        response_extensions: list[dict[str, object]],
        now: dt.datetime,
    ) -> bytes:
        data: dict[str, object] = {
            "responder_id": asn1_ocsp.ResponderId(
                name="by_key", value=generation.responder_key_hash
            ),
            "produced_at": now,
            "responses": singles,
        }
        if response_extensions:
            data["response_extensions"] = response_extensions
        tbs = asn1_ocsp.ResponseData(data)
        signature = generation.responder_key.sign(tbs.dump(), padding.PKCS1v15(), hashes.SHA256())
        basic = asn1_ocsp.BasicOCSPResponse(
            {
                "tbs_response_data": tbs,
                "signature_algorithm": {"algorithm": "sha256_rsa"},
                "signature": signature,
                "certs": [generation.responder_certificate_asn1],
            }
        )
        return asn1_ocsp.OCSPResponse(
            {
                "response_status": "successful",
                "response_bytes": {"response_type": "basic_ocsp_response", "response": basic},
            }
        ).dump()


def _extension(oid: object, value: bytes) -> dict[str, object]:
    return {"extn_id": oid.dotted_string, "critical": False, "extn_value": value}  # type: ignore[attr-defined]


__all__ = ["INTERNAL_ERROR", "MALFORMED", "UNAUTHORIZED", "OcspAnswer", "OcspResponder"]
