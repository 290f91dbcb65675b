"""CMS SignedData (RFC 5652) verification, detached or attached, with signed attributes.

What the card's client produces (`jpki client sign`) and what e-contract and e-filing systems
exchange: the signer's key signs the DER of the signed attributes, which carry the content
type, the message digest of the content, the signing time and, for CAdES, the ESS
signing-certificate-v2 naming the signer's certificate by hash so it cannot be swapped. All
are checked; then the signer's certificate gets its own verdict.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib

from asn1crypto import cms, core
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.verifier.algorithms import digest_weakness, weak_message
from jpki.verifier.der import check_der
from jpki.verifier.parsing import Malformed, parsing
from jpki.verifier.signatures import HASHES, SignatureVerdict, malformed, rsa_key_verifies
from jpki.verifier.validation import Validator, load_certificate
from jpki.verifier.verdict import Verdict

PEM_MARKERS = (b"-----BEGIN PKCS7-----", b"-----BEGIN CMS-----")


def _der(data: bytes) -> bytes:
    """Accept DER, PEM (PKCS7 or CMS) or S/MIME-less base64."""
    stripped = data.strip()
    if stripped.startswith(b"-----BEGIN"):
        body = b"".join(
            line for line in stripped.splitlines() if line and not line.startswith(b"-----")
        )
        return base64.b64decode(body)
    return data


def _signer_certificate(
    signed: cms.SignedData, info: cms.SignerInfo, extra: list[x509.Certificate]
) -> bytes | None:
    sid = info["sid"]
    candidates = [
        c.chosen.dump() for c in signed["certificates"] or [] if c.name == "certificate"
    ] + [c.public_bytes(Encoding.DER) for c in extra]
    for der in candidates:
        certificate = load_certificate(der)
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                certificate.serial_number == wanted["serial_number"].native
                and certificate.issuer.public_bytes() == wanted["issuer"].dump()
            ):
                return der
        elif sid.name == "subject_key_identifier":
            try:
                ski = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            except x509.ExtensionNotFound:
                continue
            if ski.value.digest == sid.chosen.native:
                return der
    return None


def _attribute(attributes: cms.CMSAttributes, name: str) -> core.Asn1Value | None:
    for attribute in attributes:
        if attribute["type"].native == name:
            values = attribute["values"]
            if len(values) != 1:
                raise ValueError(f"the {name} attribute must have exactly one value")
            return values[0]
    return None


def verify_cms(
    validator: Validator,
    data: bytes,
    *,
    content: bytes | None = None,
    content_digest: bytes | None = None,
    certificates: list[x509.Certificate] | None = None,
    at: dt.datetime | None = None,
    accept_weak: bool = False,
) -> SignatureVerdict:
    """Verify a CMS SignedData (DER or PEM); `content` for a detached signature.

    A party that holds only the SHA-256 of the content (an IdP's signing transaction, where
    the document never leaves the relying party) passes `content_digest` instead. Anything
    that does not parse, is not exactly DER or contradicts itself is `malformed`. A digest
    J-LIS does not use (SHA-1, ...) is `weak algorithm` unless `accept_weak` (archives).
    """
    moment = at or validator.clock.now()
    try:
        with parsing("CMS"):
            signed = signed_data(data)
            verdict = _verify(
                validator, signed, content, content_digest, certificates or [], moment, accept_weak
            )
            return with_digest_policy(verdict, signed, accept_weak)
    except Malformed as exc:
        return malformed("cms", str(exc), moment)


def with_digest_policy(
    verdict: SignatureVerdict, signed: cms.SignedData, accept_weak: bool
) -> SignatureVerdict:
    """`verdict` marked with the weak digest its (one) signer used, if any: refused with its
    own message, or accepted on request (`jpki.verifier.algorithms`)."""
    signers = list(signed["signer_infos"])
    if len(signers) != 1 or verdict.certificate.status.value == "malformed":
        return verdict
    weak = digest_weakness(signers[0]["digest_algorithm"]["algorithm"].native)
    if weak is None:
        return verdict
    message = verdict.message
    if verdict.intact and not accept_weak:
        message = weak_message(weak, "signature's digest", "署名のハッシュ関数")
    return dataclasses.replace(
        verdict, message=message, weak_algorithm=weak, weak_accepted=accept_weak
    )


def signed_data(data: bytes) -> cms.SignedData:
    """The SignedData of `data` (DER or PEM), refused unless its DER is the only encoding.

    BER re-encodings and trailing bytes would keep the signature valid over different
    bytes (malleability): the DER check refuses them before asn1crypto reads a thing, and
    refuses them whether or not pyHanko has registered its types in this process.
    """
    der = _der(data)
    check_der(der)
    info = cms.ContentInfo.load(der, strict=True)
    if info["content_type"].native != "signed_data":
        raise Malformed("not a CMS SignedData / 形式不正")
    signed: cms.SignedData = info["content"]
    versions = {signed["version"].native, *(s["version"].native for s in signed["signer_infos"])}
    if not versions <= {"v1", "v3"}:
        raise Malformed(f"CMS versions {sorted(map(str, versions))} / 形式不正")
    listed = {a["algorithm"].native for a in signed["digest_algorithms"]}
    for signer in signed["signer_infos"]:
        _check_algorithms(signer, listed)
    return signed


def _check_algorithms(signer: cms.SignerInfo, listed: set[str]) -> None:
    """The signer's digest is one the SignedData lists, without parameters, and its signature
    is RSA PKCS#1 v1.5 over that digest: anything else would let one signature be read as
    several (a detached CMS, or a PDF's /Contents that pyHanko reads leniently)."""
    digest = signer["digest_algorithm"]
    if digest["parameters"].native is not None:
        raise Malformed("digest algorithm parameters are absent or NULL / 形式不正")
    algorithm = digest["algorithm"].native
    if algorithm not in listed:
        raise Malformed("the signer's digest algorithm is not in digestAlgorithms / 形式不正")
    signature = signer["signature_algorithm"]
    if signature["algorithm"].native not in {"rsassa_pkcs1v15", f"{algorithm}_rsa"} or (
        signature["parameters"].native is not None
    ):
        raise Malformed("the signature algorithm is not RSA PKCS#1 v1.5 / 形式不正")


def _verify(
    validator: Validator,
    signed: cms.SignedData,
    content: bytes | None,
    content_digest: bytes | None,
    certificates: list[x509.Certificate],
    moment: dt.datetime,
    accept_weak: bool,
) -> SignatureVerdict:
    signers = list(signed["signer_infos"])
    if len(signers) != 1:
        return malformed("cms", f"expected one signer, found {len(signers)}", moment)
    signer = signers[0]
    algorithm = signer["digest_algorithm"]["algorithm"].native
    encapsulated = signed["encap_content_info"]
    attached = encapsulated["content"].native if encapsulated["content"] else None
    if attached is not None and content is not None and attached != content:
        return malformed("cms", "both attached and detached content were given", moment)
    payload = attached if attached is not None else content
    if payload is None and content_digest is None:
        return malformed("cms", "a detached signature needs the content (--content)", moment)
    certificate_der = _signer_certificate(signed, signer, certificates)
    if certificate_der is None:
        return malformed("cms", "the signer's certificate is not in the signature", moment)
    verdict, public_key = validator.check_with_key(
        certificate_der, at=moment, accept_weak=accept_weak
    )
    if algorithm not in HASHES:
        return SignatureVerdict("cms", False, f"unsupported digest {algorithm}", verdict)
    if payload is not None:
        content_digest = hashlib.new(algorithm, payload).digest()
    elif algorithm != "sha256":
        return SignatureVerdict("cms", False, "a digest-only check needs SHA-256", verdict)
    assert content_digest is not None
    return _check_signer(
        signer, encapsulated, content_digest, certificate_der, public_key, algorithm, verdict
    )


def _check_signer(
    signer: cms.SignerInfo,
    encapsulated: cms.EncapsulatedContentInfo,
    content_digest: bytes,
    certificate_der: bytes,
    public_key: object,
    algorithm: str,
    verdict: Verdict,
) -> SignatureVerdict:
    attributes = signer["signed_attrs"]
    signing_time = None
    details: list[str] = []
    if attributes:
        content_type = _attribute(attributes, "content_type")
        message_digest = _attribute(attributes, "message_digest")
        if content_type is None or message_digest is None:
            return SignatureVerdict("cms", False, "content-type or message-digest missing", verdict)
        if content_type.native != encapsulated["content_type"].native:
            return SignatureVerdict(
                "cms", False, "the content-type attribute does not match", verdict
            )
        if message_digest.native != content_digest:
            return SignatureVerdict(
                "cms", False, "the content was altered (message digest mismatch) / 改ざん", verdict
            )
        time = _attribute(attributes, "signing_time")
        signing_time = time.native if time is not None else None
        ess = _attribute(attributes, "signing_certificate_v2")
        if ess is not None:
            first = ess["certs"][0]
            hash_name = first["hash_algorithm"]["algorithm"].native
            if first["cert_hash"].native != hashlib.new(hash_name, certificate_der).digest():
                return SignatureVerdict(
                    "cms", False, "ESS signing-certificate-v2 names another certificate", verdict
                )
            details.append("ESS signing-certificate-v2: matches the signer's certificate")
        else:
            details.append("no ESS signing-certificate-v2 attribute")
        signed_bytes = attributes.untag().dump()
        digest = hashlib.new(algorithm, signed_bytes).digest()
    else:
        digest = content_digest
    signature = signer["signature"].native
    if not rsa_key_verifies(public_key, signature, digest, algorithm):
        return SignatureVerdict(
            "cms", False, "the signature does not verify / 署名検証エラー", verdict
        )
    return SignatureVerdict(
        "cms",
        True,
        "the signature verifies over the content",
        verdict,
        signing_time,
        tuple(details),
    )


__all__ = ["signed_data", "verify_cms", "with_digest_policy"]
