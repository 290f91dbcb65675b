"""PDF signature verification through pyHanko.

pyHanko reads every signature field, checks the CMS inside (integrity, the signed byte
ranges, what changed in later revisions) and reports what the signature covers. The signer's
certificate then gets the verifier's own verdict (JPKI fast path with our revocation index),
so a PDF signed with a card is judged exactly like any other card signature.
"""

from __future__ import annotations

import datetime as dt
import io
import logging

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError

from jpki.verifier.cms import signed_data, with_digest_policy
from jpki.verifier.der import read_header
from jpki.verifier.parsing import Malformed, parsing
from jpki.verifier.signatures import SignatureVerdict, malformed
from jpki.verifier.validation import Validator

GOOD_COVERAGE = (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)


def _not_path_building(record: logging.LogRecord) -> bool:
    """pyHanko is asked here for integrity only, under the JPKI anchors: a company seal's or a
    time-stamping authority's certificate has no path there by design, and the verifier judges
    every signer itself. pyHanko logs each such case as a warning with a traceback (four for one
    countersigned loan agreement); they are expected, so they are not logged."""
    return not (record.exc_info and isinstance(record.exc_info[1], PathBuildingError))


logging.getLogger("pyhanko.sign.validation.generic_cms").addFilter(_not_path_building)
PDF_FAILURES = (PdfError, SignatureValidationError)
"""pyHanko's own families, added to the verifier's parser failures for a PDF."""


def verify_pdf(
    validator: Validator, data: bytes, *, at: dt.datetime | None = None, accept_weak: bool = False
) -> list[SignatureVerdict]:
    """One verdict per signature in the PDF (an empty list when it has none).

    A signature over a digest J-LIS does not use (SHA-1, ...) is `weak algorithm` unless
    `accept_weak` (archives); pyHanko is told to allow every digest, so that it judges the
    bytes' integrity and this verifier alone applies the algorithm policy.
    """
    moment = at or validator.clock.now()
    try:
        with parsing("PDF", *PDF_FAILURES):
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            embedded = list(reader.embedded_signatures)
    except Malformed as exc:
        return [malformed("pdf", str(exc), moment)]
    anchors = [asn1_x509.Certificate.load(a.der) for a in validator.anchors]
    verdicts = []
    for signature in embedded:
        # pyHanko checks integrity only here; trust and revocation are the verifier's job.
        context = ValidationContext(
            trust_roots=anchors, allow_fetching=False, moment=moment, weak_hash_algos=()
        )
        try:
            with parsing(f"PDF signature {signature.field_name}", *PDF_FAILURES):
                signed = _check_contents(bytes(signature.sig_object["/Contents"]))
                status = validate_pdf_signature(signature, signer_validation_context=context)
                signer = status.signing_cert.dump()
        except Malformed as exc:
            verdicts.append(malformed("pdf", str(exc), moment))
            continue
        certificate = validator.check(signer, at=moment, accept_weak=accept_weak)
        coverage_ok = status.coverage in GOOD_COVERAGE and status.docmdp_ok is not False
        intact = bool(status.intact and status.valid and coverage_ok)
        if not (status.intact and status.valid):
            message = "the signed bytes were altered or the signature does not verify / 改ざん"
        elif not coverage_ok:
            message = f"later changes are not allowed ({_coverage(status.coverage)})"
        else:
            message = f"signature field {signature.field_name} verifies"
        verdict = SignatureVerdict(
            "pdf",
            intact,
            message,
            certificate,
            status.signer_reported_dt,
            (
                f"coverage / 範囲: {_coverage(status.coverage)}",
                f"field: {signature.field_name}",
            ),
        )
        verdicts.append(with_digest_policy(verdict, signed, accept_weak))
    return verdicts


def _check_contents(contents: bytes) -> cms.SignedData:
    """The signature's CMS exactly DER, then only the zeros that pad its reserved space.

    /Contents lies outside the signed byte range: anything else after the CMS would make
    one signed PDF into many (malleability), which pyHanko alone accepts.
    """
    _, _, end = read_header(contents, 0, len(contents))
    if contents[end:].strip(b"\x00"):
        raise Malformed("bytes after the CMS in /Contents / 形式不正")
    return signed_data(contents[:end])


def _coverage(level: SignatureCoverageLevel | None) -> str:
    return level.name if level is not None else "unknown"


__all__ = ["verify_pdf"]
