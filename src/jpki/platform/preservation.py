"""Long-term signatures (長期署名) for signed PDFs: PAdES B-LT, stamped to B-LTA.

A card signature can be checked only while the JPKI certificate is current and the CRL
(失効リスト) still lists it as good; a housing loan runs for 35 years. So the platform
completes a signed PDF, as an incremental update that leaves every signature intact, with

1. a Document Security Store (DSS, 検証情報) holding each JPKI signer's chain and the CRL
   that covered it at this moment, and
2. a document time-stamp (ドキュメントタイムスタンプ) from the platform's own TSA over the
   whole file, proving that the signatures and their validation data existed then.

PAdES calls a signature with a time-stamp B-T, with validation data in the DSS B-LT, and with
a time-stamp over that DSS B-LTA. Signatures of other PKIs (a bank's seal) carry their own
validation data, added by their signer; the platform embeds only what it can vouch for.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence

from asn1crypto import crl as asn1_crl
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers, timestamps
from pyhanko.sign.validation import DocumentSecurityStore, EmbeddedPdfSignature
from pyhanko.sign.validation.dss import collect_validation_info
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from jpki.platform.errors import PlatformError
from jpki.platform.tsa import TimestampAuthority

TIMESTAMP_FIELD = "JPKIPlatformDocumentTimestamp"


class PreservationRefused(PlatformError):
    """The PDF cannot be made long-term: unreadable, unsigned, or a JPKI signer not valid."""


class PlatformTimeStamper(timestamps.TimeStamper):
    """pyHanko's view of the platform's own TSA, answered in process."""

    def __init__(self, tsa: TimestampAuthority) -> None:
        super().__init__()
        self._tsa = tsa

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(self._tsa.respond(req.dump()))


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _issued_by(signature: EmbeddedPdfSignature, anchors: Sequence[asn1_x509.Certificate]) -> bool:
    issuer = signature.signer_cert.issuer
    return any(anchor.subject == issuer for anchor in anchors)


def preserve_pdf(
    document: bytes,
    *,
    anchors: Sequence[x509.Certificate],
    crls: Sequence[bytes],
    tsa: TimestampAuthority,
) -> bytes:
    """`document` with the DSS for its JPKI signers and a document time-stamp.

    `anchors` are the JPKI roots, `crls` the current CRLs (DER) as the platform fetched them.
    Raises PreservationRefused when there is nothing to preserve or a JPKI signer's
    certificate does not validate now (revoked, expired, no covering CRL).
    """
    return asyncio.run(_preserve(document, anchors, crls, tsa))


async def _preserve(
    document: bytes,
    anchors: Sequence[x509.Certificate],
    crls: Sequence[bytes],
    tsa: TimestampAuthority,
) -> bytes:
    try:
        reader = PdfFileReader(io.BytesIO(document), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise PreservationRefused(f"not a readable PDF: {exc}") from exc
    roots = [_asn1(anchor) for anchor in anchors]
    jpki_signed = [signature for signature in embedded if _issued_by(signature, roots)]
    if not jpki_signed:
        raise PreservationRefused("the PDF has no signature by a JPKI certificate")
    issuers = {signature.signer_cert.issuer.dump() for signature in jpki_signed}
    covering = [crl for crl in crls if asn1_crl.CertificateList.load(crl).issuer.dump() in issuers]
    context = ValidationContext(
        trust_roots=roots,
        crls=covering,
        moment=tsa.clock.now(),
        allow_fetching=False,
        revocation_mode="require",
    )
    paths = []
    for signature in jpki_signed:
        try:
            paths.extend(await collect_validation_info(signature, context, skip_timestamp=True))
        except (PathBuildingError, PathValidationError) as exc:
            raise PreservationRefused(
                f"{signature.field_name}: the signer's certificate does not validate now: {exc}"
            ) from exc
    with_dss = io.BytesIO(document)
    writer = IncrementalPdfFileWriter(with_dss, strict=False)
    DocumentSecurityStore.supply_dss_in_writer(
        writer,
        None,
        paths=paths,
        crls=[asn1_crl.CertificateList.load(crl) for crl in covering],
        embed_roots=True,
    )
    writer.write_in_place()
    stamped = await signers.PdfTimeStamper(
        PlatformTimeStamper(tsa), field_name=TIMESTAMP_FIELD
    ).async_timestamp_pdf(
        IncrementalPdfFileWriter(with_dss, strict=False),
        "sha256",
        validation_context=ValidationContext(
            trust_roots=[_asn1(tsa.keys.root)], allow_fetching=False, moment=tsa.clock.now()
        ),
    )
    return bytes(stamped.getvalue())


__all__ = ["TIMESTAMP_FIELD", "PlatformTimeStamper", "PreservationRefused", "preserve_pdf"]
