"""Certificates of other PKIs (e.g. a TLS client certificate), validated by pyhanko-certvalidator.

This is also the reference the JPKI fast path is tested against: given JPKI anchors, CRLs and
the JPKI end-entity requirements (policy of the purpose, key usage, not a CA), it must reach
the same verdict on every certificate of the differential corpus. pyhanko-certvalidator is
asynchronous; `GenericValidator.check` runs it to completion on a private event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
from collections.abc import Coroutine, Iterable, Sequence
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator import CertificateValidator, PKIXValidationParams, ValidationContext
from pyhanko_certvalidator import errors as pv_errors

from jpki.profile import oids
from jpki.profile.certificate import describe_certificate
from jpki.profile.errors import ProfileError
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationReason
from jpki.verifier.parsing import Malformed, parsing
from jpki.verifier.verdict import Revocation, RevocationSource, SourceKind, Status, Verdict

T = TypeVar("T")


def run_to_completion(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` whether or not this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def key_usage_for(certificate: x509.Certificate) -> set[str]:
    """What an end-entity certificate must allow: signing, and non-repudiation for JPKI signing."""
    try:
        policies = certificate.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return {"digital_signature"}
    if any(p.policy_identifier == oids.POLICY_SIGN for p in policies):
        return {"digital_signature", "non_repudiation"}
    return {"digital_signature"}


class GenericValidator:
    """RFC 5280 path validation by pyhanko-certvalidator, with hard-fail revocation checking."""

    def __init__(
        self,
        trust_roots: Iterable[x509.Certificate],
        *,
        crls: Sequence[bytes] = (),
        intermediates: Iterable[x509.Certificate] = (),
        policies: Iterable[x509.ObjectIdentifier] = (),
    ) -> None:
        self.trust_roots = [_asn1(c) for c in trust_roots]
        self.intermediates = [_asn1(c) for c in intermediates]
        self.crls = list(crls)
        self.policies = frozenset(p.dotted_string for p in policies)

    def check(
        self,
        certificate: x509.Certificate,
        at: dt.datetime,
        purpose: CertificatePurpose | None = None,
    ) -> Verdict:
        base: dict[str, Any] = {
            "checked_at": at,
            "serial": certificate.serial_number,
            "path": "generic",
        }
        try:
            info = describe_certificate(certificate)
            base |= {
                "purpose": info.purpose,
                "subject_id": info.subject_id,
                "four_info": info.four_info,
            }
        except ProfileError:
            info = None
        except ValueError as exc:
            return Verdict(Status.MALFORMED, f"malformed certificate: {exc}", **base)
        if info is not None and purpose is not None and info.purpose is not purpose:
            return Verdict(
                Status.UNTRUSTED, f"a {purpose.label_en} certificate was required", **base
            )
        constraints = _basic_constraints(certificate)
        if constraints is not None and constraints.ca:
            return Verdict(
                Status.UNTRUSTED, "a CA certificate presented as an end-entity one", **base
            )
        context = ValidationContext(
            trust_roots=self.trust_roots,
            crls=self.crls,
            moment=at,
            revocation_mode="hard-fail",
            allow_fetching=False,
            # A check "as at" an earlier time may use today's CRL: a revocation dated after
            # that time did not apply yet (the fast path's rule too).
            retroactive_revinfo=True,
        )
        params = (
            PKIXValidationParams(
                user_initial_policy_set=self.policies, initial_explicit_policy=True
            )
            if self.policies
            else None
        )
        source = RevocationSource(SourceKind.CRL, checked_at=at, detail="pyhanko-certvalidator")
        try:
            with parsing("certificate"):
                validator = CertificateValidator(
                    _asn1(certificate),
                    self.intermediates,
                    validation_context=context,
                    pkix_params=params,
                )
                run_to_completion(validator.async_validate_usage(key_usage_for(certificate)))
        except pv_errors.RevokedError as exc:
            reason = RevocationReason[str(exc.reason.native).upper()]
            return Verdict(
                Status.REVOKED,
                f"revoked: {reason.meaning.en}",
                revocation=Revocation(reason, exc.revocation_dt),
                source=source,
                **base,
            )
        except pv_errors.ExpiredError as exc:
            return Verdict(Status.EXPIRED, str(exc), **base)
        except pv_errors.NotYetValidError as exc:
            return Verdict(Status.NOT_YET_VALID, str(exc), **base)
        except (pv_errors.InsufficientRevinfoError, pv_errors.StaleRevinfoError) as exc:
            return Verdict(Status.REVOCATION_UNKNOWN, str(exc), source=source, **base)
        except (
            pv_errors.PathBuildingError,
            pv_errors.PathValidationError,
            pv_errors.InvalidCertificateError,
            pv_errors.DisallowedAlgorithmError,
        ) as exc:
            return Verdict(Status.UNTRUSTED, str(exc), **base)
        except Malformed as exc:
            return Verdict(Status.MALFORMED, str(exc), **base)
        return Verdict(Status.VALID, "valid (pyhanko-certvalidator)", source=source, **base)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def _basic_constraints(certificate: x509.Certificate) -> x509.BasicConstraints | None:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return None


__all__ = ["GenericValidator", "key_usage_for", "run_to_completion"]
