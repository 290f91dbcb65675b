"""Certificate validation at a given time: the JPKI fast path, pyhanko-certvalidator for the rest.

A JPKI chain is one step long: a card's certificate directly under a J-LIS root. The fast path
therefore does exactly what RFC 5280 path validation amounts to for it — the issuer generation
by key identifier and signature, validity, key usage, the JPKI policy of the purpose, not a CA
— plus the JPKI profile (which purpose, the 4 information decoded) and revocation. The
expensive, time-independent part (parsing, the issuer's signature, the profile) is cached per
certificate, so a repeat login costs a dictionary lookup, a time comparison and a revocation
lookup. Certificates whose issuer is not a JPKI root go to `GenericValidator`
(pyhanko-certvalidator) when one is configured.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID

from jpki.clock import Clock
from jpki.profile.certificate import CertificateDescription, describe_certificate
from jpki.profile.errors import MalformedFourInfo, ProfileError
from jpki.profile.purpose import CertificatePurpose, purpose_of_root_name, root_name
from jpki.profile.real_roots import JlisGeneration, generation_by_serial, generation_in_use
from jpki.verifier.algorithms import accepted_warning, certificate_weakness, weak_message
from jpki.verifier.anchors import Anchor, TrustAnchors
from jpki.verifier.der import check_name_strings
from jpki.verifier.parsing import Malformed, parsing
from jpki.verifier.revocation.answer import RevocationChecker
from jpki.verifier.verdict import Status, Verdict

CACHE_LIMIT = 100_000


class OtherPkiValidator(Protocol):
    """Validates certificates of other PKIs (implemented by `GenericValidator`)."""

    def check(
        self, certificate: x509.Certificate, at: dt.datetime, purpose: CertificatePurpose | None
    ) -> Verdict: ...


@dataclasses.dataclass(frozen=True)
class _Examined:
    """The time-independent findings about one certificate (cached)."""

    certificate: x509.Certificate | None
    """None when the input did not even parse."""
    failure: tuple[Status, str] | None
    description: CertificateDescription | None = None
    anchor: Anchor | None = None
    scope: bytes | None = None
    jpki: bool = True
    public_key: PublicKeyTypes | None = None
    weakness: str | None = None
    """The weak algorithm of the certificate's signature or key (`jpki.verifier.algorithms`)."""
    missing_root: JlisGeneration | None = None
    """The J-LIS generation that issued it, when no anchor of that generation is held."""
    warnings: tuple[str, ...] = ()
    """The description's findings as verdict warnings (made once, not on every login)."""


REQUIRED_USAGE = {
    CertificatePurpose.AUTH: ("digital_signature",),
    CertificatePurpose.SIGN: ("digital_signature", "content_commitment"),
}


def distribution_point(certificate: x509.Certificate) -> bytes | None:
    """DER of the directory name of the certificate's CRL distribution point (its CRL shard)."""
    try:
        points = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return None
    for point in points:
        for name in point.full_name or []:
            if isinstance(name, x509.DirectoryName):
                return name.value.public_bytes()
    return None


class Validator:
    """Validates card certificates against trust anchors and revocation data."""

    def __init__(
        self,
        anchors: TrustAnchors,
        revocation: RevocationChecker | None,
        clock: Clock,
        *,
        other_pki: OtherPkiValidator | None = None,
    ) -> None:
        self.anchors = anchors
        self.revocation = revocation
        self.clock = clock
        self.other_pki = other_pki
        self._cache: dict[bytes, _Examined] = {}
        self._lock = threading.Lock()

    def check(
        self,
        certificate: bytes | x509.Certificate,
        *,
        at: dt.datetime | None = None,
        purpose: CertificatePurpose | None = None,
        accept_weak: bool = False,
    ) -> Verdict:
        """The verdict on `certificate` (DER or parsed) at `at` (default now).

        `purpose` demands a certificate of that purpose (an authentication response must
        come with an authentication certificate). A certificate signed with, or holding, an
        algorithm J-LIS does not use is `weak algorithm` unless `accept_weak` (for archives),
        which judges it as usual and marks the verdict.
        """
        return self._judge(self._examine(certificate), at or self.clock.now(), purpose, accept_weak)

    def check_with_key(
        self,
        certificate: bytes | x509.Certificate,
        *,
        at: dt.datetime | None = None,
        purpose: CertificatePurpose | None = None,
        accept_weak: bool = False,
    ) -> tuple[Verdict, PublicKeyTypes | None]:
        """`check`, plus the certificate's public key (None if it did not parse), from cache.

        A login verifies a signature with the key of the certificate it validates; taking
        both from one cached parse saves parsing the certificate on every login.
        """
        examined = self._examine(certificate)
        verdict = self._judge(examined, at or self.clock.now(), purpose, accept_weak)
        return verdict, examined.public_key

    def _judge(
        self,
        examined: _Examined,
        moment: dt.datetime,
        purpose: CertificatePurpose | None,
        accept_weak: bool = False,
    ) -> Verdict:
        cert = examined.certificate
        if not examined.jpki and cert is not None:
            if self.other_pki is None:
                return Verdict(
                    Status.UNTRUSTED,
                    "the issuer is not a trusted JPKI root / 発行者が信頼できるJPKIルートではない",
                    moment,
                    serial=cert.serial_number,
                    path="generic",
                )
            return self.other_pki.check(cert, moment, purpose)
        info = examined.description
        if examined.failure is not None:
            status, message = examined.failure
            return Verdict(
                status,
                message,
                moment,
                purpose=info.purpose if info else None,
                serial=cert.serial_number if cert else None,
                missing_root=examined.missing_root,
            )
        assert cert is not None
        assert info is not None
        assert examined.anchor is not None
        warnings = examined.warnings
        if examined.weakness is not None and accept_weak:
            warnings += (accepted_warning(examined.weakness),)
        common = {
            "checked_at": moment,
            "purpose": info.purpose,
            "serial": info.serial,
            "subject_id": info.subject_id,
            "issuer_generation": examined.anchor.key_id,
            "four_info": info.four_info,
            "medium": info.medium,
            "warnings": warnings,
            "weak_algorithm": examined.weakness,
        }
        if examined.weakness is not None and not accept_weak:
            return Verdict(
                Status.WEAK_ALGORITHM,
                weak_message(examined.weakness, "certificate", "証明書"),
                **common,  # type: ignore[arg-type]
            )
        if purpose is not None and info.purpose is not purpose:
            return Verdict(
                Status.UNTRUSTED,
                f"a {purpose.label_en} certificate was required, this is for"
                f" {info.purpose.label_en} / {purpose.label_ja}の証明書が必要",
                **common,  # type: ignore[arg-type]
            )
        if moment < info.not_before:
            return Verdict(
                Status.NOT_YET_VALID,
                f"valid only from {info.not_before.isoformat()} / 有効期間開始前",
                **common,  # type: ignore[arg-type]
            )
        if moment > info.not_after:
            return Verdict(
                Status.EXPIRED,
                f"expired at {info.not_after.isoformat()} / 有効期限切れ",
                **common,  # type: ignore[arg-type]
            )
        if self.revocation is None:
            return Verdict(
                Status.REVOCATION_UNKNOWN,
                "no revocation source is configured: fail closed / 失効情報なし",
                **common,  # type: ignore[arg-type]
            )
        answer = self.revocation.check(cert, examined.anchor, examined.scope, moment)
        extra = {
            "source": answer.source,
            "linkage": answer.linkage,
            "latest_four_info": answer.latest_four_info,
        }
        if not answer.known:
            return Verdict(
                Status.REVOCATION_UNKNOWN,
                f"{answer.message} / 失効情報が確認できない",
                **common,  # type: ignore[arg-type]
                **extra,  # type: ignore[arg-type]
            )
        if answer.revocation is not None:
            meaning = answer.revocation.reason.meaning
            return Verdict(
                Status.REVOKED,
                f"revoked: {meaning.en} / 失効: {meaning.ja}",
                revocation=answer.revocation,
                **common,  # type: ignore[arg-type]
                **extra,  # type: ignore[arg-type]
            )
        return Verdict(
            Status.VALID,
            f"a valid JPKI {info.purpose.label_en} certificate / 有効な{info.purpose.label_ja}電子証明書",
            **common,  # type: ignore[arg-type]
            **extra,  # type: ignore[arg-type]
        )

    def _examine(self, certificate: bytes | x509.Certificate) -> _Examined:
        key = (
            certificate
            if isinstance(certificate, bytes)
            else certificate.public_bytes(Encoding.DER)
        )
        found = self._cache.get(key)
        if found is None:
            found = self._examine_uncached(key)
            if found.certificate is not None:
                found = dataclasses.replace(found, public_key=found.certificate.public_key())
            with self._lock:
                if len(self._cache) >= CACHE_LIMIT:
                    self._cache.clear()
                self._cache[key] = found
        return found

    def _examine_uncached(self, der: bytes) -> _Examined:
        """What `der` is, with every parser failure (even in a lazily read extension) malformed."""
        try:
            with parsing("certificate"):
                return self._examine_certificate(load_certificate(der))
        except Malformed as exc:
            return _Examined(None, (Status.MALFORMED, str(exc)))

    def _examine_certificate(self, cert: x509.Certificate) -> _Examined:
        if not self.anchors.is_jpki_issuer(cert.issuer):
            missing = self._missing_generation(cert)
            if missing is not None:  # J-LIS's name, but none of its roots is trusted
                return _Examined(cert, _missing_root_failure(missing), missing_root=missing)
            return _Examined(cert, None, jpki=False)
        # The signature first: tampered content is untrusted whatever else it breaks.
        anchor = self.anchors.issuer_of(cert, authority_key_id(cert))
        if anchor is None:
            missing = self._missing_generation(cert)
            if missing is not None:
                return _Examined(cert, _missing_root_failure(missing), missing_root=missing)
            return _Examined(
                cert,
                (
                    Status.UNTRUSTED,
                    "no trusted root generation signed this certificate (unknown generation or"
                    " forged signature) / 署名を検証できるルート証明書がない",
                ),
            )
        try:
            info = describe_certificate(cert)
        except MalformedFourInfo as exc:
            return _Examined(cert, (Status.MALFORMED, f"malformed 4 information: {exc}"))
        except ProfileError as exc:
            return _Examined(cert, (Status.UNTRUSTED, f"{exc} / JPKIの証明書ではない"))
        failure = _profile_failure(cert, info)
        if failure is not None:
            return _Examined(cert, (Status.UNTRUSTED, failure), info)
        if anchor.purpose is not info.purpose:
            return _Examined(
                cert,
                (Status.UNTRUSTED, "the certificate's policy does not match its root's purpose"),
                info,
            )
        return _Examined(
            cert,
            None,
            info,
            anchor,
            distribution_point(cert),
            weakness=certificate_weakness(cert),
            warnings=tuple(mismatch.message for mismatch in info.flag_mismatches),
        )

    def _missing_generation(self, cert: x509.Certificate) -> JlisGeneration | None:
        """The J-LIS generation a certificate under a J-LIS production root name was issued
        from, when no held anchor is of that generation (so no anchor could verify it).

        Which generation: the one whose root serial the authority key identifier names
        (authorityCertSerialNumber), else the one J-LIS issued from on the certificate's
        notBefore. A key identifier naming a held anchor means that anchor's signature failed
        (a forgery, not a missing root): None then, as for our sandbox's O=JPKI-TEST roots.
        """
        held = self.anchors.named(cert.issuer)
        purpose = purpose_of_root_name(cert.issuer)
        if purpose is None or cert.issuer != root_name(purpose):
            return None
        key_id, serial = authority_key(cert)
        if key_id is not None and any(anchor.key_id == key_id for anchor in held):
            return None
        if serial is not None:
            generation = generation_by_serial(purpose, serial)
        else:
            generation = generation_in_use(purpose, cert.not_valid_before_utc.date())
        if generation is None or any(
            anchor.certificate.serial_number == generation.serial for anchor in held
        ):
            return None
        return generation


def _missing_root_failure(missing: JlisGeneration) -> tuple[Status, str]:
    """`untrusted`, naming the J-LIS generation that is not held and how to add it."""
    return (
        Status.UNTRUSTED,
        f"issued under {missing.describe()}, which is not among the trust anchors: add that"
        " root's certificate with --trust FILE (TrustAnchors.load in code) once obtained from"
        " J-LIS; without it the certificate cannot be told from a forgery"
        f" / {missing.describe_ja()}が信頼済みルートにない: J-LISから入手して --trust FILE で"
        "追加してください",
    )


def load_certificate(der: bytes) -> x509.Certificate:
    """Parse a DER certificate strictly, including the parts cryptography parses lazily.

    Raises `Malformed` (a ValueError) with a readable message for anything that is not a
    well-formed certificate, whichever of cryptography's exceptions the parse raised.
    """
    with parsing("certificate"):
        certificate = x509.load_der_x509_certificate(der)
        certificate.issuer  # noqa: B018
        certificate.subject  # noqa: B018
        certificate.extensions  # noqa: B018
        certificate.public_key()
        check_name_strings(certificate.issuer.public_bytes())
        check_name_strings(certificate.subject.public_bytes())
    return certificate


def authority_key_id(certificate: x509.Certificate) -> bytes | None:
    return authority_key(certificate)[0]


def authority_key(certificate: x509.Certificate) -> tuple[bytes | None, int | None]:
    """The authority key identifier's key id and issuer certificate serial, where given."""
    try:
        value = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    except x509.ExtensionNotFound:
        return None, None
    return value.key_identifier, value.authority_cert_serial_number


def _profile_failure(cert: x509.Certificate, info: CertificateDescription) -> str | None:
    """Why a certificate under a JPKI root breaks the end-entity profile, or None."""
    if info.is_ca:
        return "a CA certificate presented as a user certificate / CA証明書は利用者証明書ではない"
    try:
        usage = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
    except x509.ExtensionNotFound:
        return "the certificate has no key usage"
    missing = [name for name in REQUIRED_USAGE[info.purpose] if not getattr(usage, name)]
    if missing:
        return f"the key usage lacks {', '.join(missing)} / 鍵用途が不正"
    return None


__all__ = ["OtherPkiValidator", "Validator", "distribution_point", "load_certificate"]
