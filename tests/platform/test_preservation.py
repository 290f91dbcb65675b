"""Long-term signatures (長期署名): a card-signed, time-stamped PDF completed by the platform with
validation data and a document time-stamp passes pyHanko's AdES long-term validation from what
the file carries alone; without the platform's data it does not; the platform refuses to
preserve what it would not accept."""

from __future__ import annotations

import base64
import datetime as dt
import io
import subprocess

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from fastapi.testclient import TestClient
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from jpki.card.os import Card
from jpki.client.pdf import sign_pdf
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.platform.api import build_platform_app
from jpki.platform.preservation import (
    TIMESTAMP_FIELD,
    PlatformTimeStamper,
    PreservationRefused,
    preserve_pdf,
)
from jpki.platform.tsa import timestamp_request, token_of
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause
from tests.holders import SIGN_PASSWORD, make_holder
from tests.pades import PASSED, long_term_verdicts
from tests.pdf_samples import one_page_pdf
from tests.platform.helpers import ORIGIN, make_platform

SIGN = CertificatePurpose.SIGN


def _material(authority, tsa):
    authority.publish_crls()
    crls = [path.read_bytes() for path in sorted(authority.settings.crl_dir.glob("*.crl"))]
    anchors = [generation.certificate for generation in authority.authorities.all()]
    roots = [c.public_bytes(Encoding.DER) for c in [*anchors, tsa.keys.root]]
    return anchors, crls, roots


def test_card_signature_becomes_long_term(personalised, authority, tsa, tmp_path):
    token = JpkiToken(InProcessReader(Card(personalised[0])))
    token.verify(SIGN, SIGN_PASSWORD)
    signed = sign_pdf(token, one_page_pdf(), reason="loan", timestamper=PlatformTimeStamper(tsa))
    anchors, crls, roots = _material(authority, tsa)

    preserved = preserve_pdf(signed, anchors=anchors, crls=crls, tsa=tsa)

    assert long_term_verdicts(preserved, roots) == {"JPKISignature": PASSED}
    # B-T alone: the CRL that covered the card is nowhere in the file.
    assert long_term_verdicts(signed, roots) != {"JPKISignature": PASSED}
    path = tmp_path / "preserved.pdf"
    path.write_bytes(preserved)
    listed = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in listed.stdout
    assert TIMESTAMP_FIELD in listed.stdout


def test_revoked_or_unsigned_documents_are_not_preserved(personalised, authority, tsa, clock):
    token = JpkiToken(InProcessReader(Card(personalised[0])))
    token.verify(SIGN, SIGN_PASSWORD)
    signed = sign_pdf(token, one_page_pdf(), reason="loan")
    for document in (one_page_pdf(), b"%PDF-1.7 not really", b""):
        with pytest.raises(PreservationRefused):
            preserve_pdf(document, anchors=[], crls=[], tsa=tsa)
    authority.revoke(token.certificate(SIGN).serial_number, RevocationCause.CARD_LOST)
    clock.advance(dt.timedelta(minutes=1))
    anchors, crls, _ = _material(authority, tsa)
    with pytest.raises(PreservationRefused, match="does not validate"):
        preserve_pdf(signed, anchors=anchors, crls=crls, tsa=tsa)


def _soft_signed(holder, tsa) -> bytes:
    """A PDF signed with the holder's signing key in software (pyHanko's signer, not our card
    code), time-stamped by the platform's TSA."""
    key = load_private_key_from_pemder_data(
        holder.sign_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()),
        passphrase=None,
    )
    signer = signers.SimpleSigner(asn1_x509.Certificate.load(holder.sign.der), key, None)
    metadata = signers.PdfSignatureMetadata(
        field_name="Customer", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(one_page_pdf()))
    return (
        signers.PdfSigner(metadata, signer, timestamper=PlatformTimeStamper(tsa))
        .sign_pdf(writer)
        .getvalue()
    )


def test_platform_api_preserves_and_serves_its_tsa(authority, clock, tmp_path):
    platform = make_platform(authority, clock, tmp_path / "world")
    try:
        api = TestClient(build_platform_app(platform, background=False))
        admin = {"Authorization": f"Bearer {platform.settings.admin_token}"}
        tenant = {"id": "bank-loan", "name": "Loan", "model": "daiko", "origins": [ORIGIN]}
        key = api.post("/v1/tenants", json=tenant, headers=admin).json()["api_key"]
        headers = {"X-API-Key": key}
        holder = make_holder(authority)
        signed = _soft_signed(holder, platform.tsa)
        body = {"document": base64.b64encode(signed).decode()}

        answer = api.post("/v1/signatures/pdf/long-term", json=body, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json()["result"]["valid"]
        preserved = base64.b64decode(answer.json()["document"])
        roots = [
            *(g.certificate.public_bytes(Encoding.DER) for g in authority.authorities.all()),
            platform.tsa.keys.root.public_bytes(Encoding.DER),
        ]
        assert long_term_verdicts(preserved, roots) == {"Customer": PASSED}

        altered = bytearray(signed)
        altered[signed.index(b"JPKI test document")] ^= 1
        for document in (bytes(altered), one_page_pdf(), b"junk"):
            refused = api.post(
                "/v1/signatures/pdf/long-term",
                json={"document": base64.b64encode(document).decode()},
                headers=headers,
            )
            assert refused.status_code == 400, refused.text
        assert api.post("/v1/signatures/pdf/long-term", json=body).status_code == 403

        stamped = api.post(
            "/timestamping/tsa",
            content=timestamp_request(bytes(32)),
            headers={"Content-Type": "application/timestamp-query"},
        )
        assert stamped.headers["content-type"] == "application/timestamp-reply"
        assert token_of(stamped.content)
    finally:
        platform.close()
