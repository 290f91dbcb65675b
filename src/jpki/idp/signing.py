"""Signing transactions: an RP asks the holder to sign a document with the card.

The RP posts the SHA-256 of a document (it keeps the document) or a PDF, with an access token
that carries the `sign` scope for this holder. The holder approves in the wallet with the
signing password; the wallet sends a detached CMS over the digest, or the PDF signed in PAdES
form. The IdP has the platform verify it (evidence and fees included), checks that the signer
is the holder the token names and, for a PDF, that the signature only appended to the
document the RP sent.

What the RP then fetches depends on what the holder consented to (issue 25), fixed when the
request is made: with `sign` alone, the IdP's verdict only (signed, the platform's receipt and
the signer's pairwise `sub`), never the CMS, since even a CMS without certificates names the
certificate by issuer and serial number (and the IdP keeps neither: the platform's evidence
holds the verification); with `sign_certificate` (whose consent screen shows the certificate's
contents) also the CMS and the signing certificate. A signed PDF embeds the certificate, so PDF requests need
`sign_certificate`.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from io import BytesIO
from typing import Any

from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader

from jpki.clock import Clock
from jpki.idp.catalogue import SIGN_CERTIFICATE
from jpki.idp.clients import Client
from jpki.idp.disclosures import IdpDisclosures
from jpki.idp.errors import RequestRefused, bad_request, checked_by_platform
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database
from jpki.idp.store.models import SignRequestRow
from jpki.platform.service import Platform
from jpki.platform.tenants import Tenant
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import decode_b64, encode_b64
from jpki.protocol.wallet import RelyingParty, SignatureAnswer, SignatureRequest

MAX_NAME = 200
TRANSACTION_NAME = "署名トランザクション / Sign transaction"
"""What the holder sees as the document of a Digital Agency sign transaction, which names
none (the RP shows the document on its own pages)."""
MAX_RETURN = 500


class SigningError(RequestRefused):
    """A signing request cannot go on."""


class Signing:
    def __init__(
        self,
        settings: IdpSettings,
        database: Database,
        clock: Clock,
        platform: Platform,
        tenant: Tenant,
        disclosures: IdpDisclosures,
    ) -> None:
        self.settings, self.database, self.clock = settings, database, clock
        self.platform, self.tenant, self.disclosures = platform, tenant, disclosures

    def create(
        self, client: Client, holder: str, scopes: list[str], body: dict[str, Any]
    ) -> SignRequestRow:
        """A new request of the RP `client` for the holder its token (with `scopes`) names."""
        name = body.get("document_name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise SigningError("bad-request", "document_name (1-200 characters) is required")
        return_to = body.get("return_to")
        if return_to is not None and not (
            isinstance(return_to, str)
            and len(return_to) <= MAX_RETURN
            and client.returns_to(return_to)
        ):
            raise SigningError(
                "bad-request",
                "return_to must be a URL on the origin of one of the RP's redirect URIs "
                "/ return_to は登録済みリダイレクトURIのオリジン上のURLにしてください",
            )
        pdf = None
        if body.get("pdf") is not None:
            if SIGN_CERTIFICATE not in scopes:
                raise SigningError(
                    "bad-request",
                    "a signed PDF carries the signer's certificate: the holder's consent to "
                    "`sign_certificate` is needed / PDF 署名には証明書提供への同意が必要です",
                )
            pdf = decode_b64(body["pdf"], "pdf", bad_request)
            if not pdf.startswith(b"%PDF-"):
                raise SigningError("bad-request", "pdf is not a PDF document")
            content_digest = hashlib.sha256(pdf).digest()
        else:
            try:
                content_digest = bytes.fromhex(str(body.get("digest", "")))
            except ValueError:
                content_digest = b""
            if len(content_digest) != 32:
                raise SigningError("bad-request", "digest must be the document's SHA-256 in hex")
        now = self.clock.now()
        row = SignRequestRow(
            id=secrets.token_urlsafe(24),
            client_id=client.client_id,
            holder=holder,
            document_name=name.strip(),
            digest=content_digest,
            pdf=pdf,
            certificate_released=SIGN_CERTIFICATE in scopes,
            state="pending",
            created_at=now,
            expires_at=now + self.settings.sign_request_lifetime,
            return_to=return_to,
        )
        return self.database.added(row)

    def create_transaction(self, client: Client, digest: bytes) -> SignRequestRow:
        """A Digital Agency sign transaction: a SHA-256 digest the card will sign raw (PKCS#1
        v1.5 over its DigestInfo), for a holder not known yet: the one who approves it in an
        authorization request naming it (`bind`). The signature and certificate go to the RP,
        as the Digital Agency's API returns both."""
        now = self.clock.now()
        row = SignRequestRow(
            id=str(uuid.uuid4()),
            client_id=client.client_id,
            holder="",
            document_name=TRANSACTION_NAME,
            digest=digest,
            pdf=None,
            certificate_released=True,
            state="pending",
            created_at=now,
            expires_at=now + self.settings.sign_request_lifetime,
            form="pkcs1",
        )
        return self.database.added(row)

    def approvable(self, transaction_id: str, client_id: str) -> str | None:
        """Why an authorization request cannot approve this transaction (None: it can): it
        must be the RP's own, pending, unexpired and not yet taken by a holder."""
        with self.database.transaction() as session:
            row = session.get(SignRequestRow, transaction_id) if transaction_id else None
        if row is None or row.client_id != client_id or row.form != "pkcs1":
            return "sign_transaction_id names no sign transaction of this client"
        if row.state != "pending" or row.holder:
            return "the sign transaction was already approved or answered"
        if self.clock.now() >= row.expires_at:
            return "the sign transaction expired"
        return None

    def bind(self, transaction_id: str, holder: str, return_to: str) -> SignRequestRow:
        """The holder who logged in to approve the transaction is the one to sign it; the sign
        page sends them on to `return_to` (the IdP's own continuation) once it is signed."""
        with self.database.transaction() as session:
            row = session.get(SignRequestRow, transaction_id)
            if row is None or row.state != "pending" or (row.holder and row.holder != holder):
                raise SigningError("not-pending", "this transaction cannot be approved now")
            row.holder, row.return_to = holder, return_to
        return self.get(transaction_id)

    def get(self, request_id: str) -> SignRequestRow:
        missing = SigningError(
            "unknown-request", "no such signing request / 署名要求が見つかりません"
        )
        return self.database.found(SignRequestRow, request_id, missing)

    def for_wallet(self, row: SignRequestRow, rp_name: str) -> SignatureRequest:
        return SignatureRequest(
            id=row.id,
            relying_party=RelyingParty(name=rp_name, client_id=row.client_id),
            document_name=row.document_name,
            digest=row.digest.hex(),
            pdf=row.pdf is not None,
            form="pkcs1" if row.form == "pkcs1" else "cms",
            state=row.state,
            expires_at=row.expires_at,
        )

    def answer(self, request_id: str, answer: SignatureAnswer) -> SignRequestRow:
        row = self.get(request_id)
        if row.state != "pending":
            raise SigningError("not-pending", "this request was already answered / 回答済みです")
        if self.clock.now() >= row.expires_at:
            raise SigningError("expired", "the signing request expired / 有効期限切れ")
        if row.form == "pkcs1":
            signature, certificate = answer.raw_signature
            with checked_by_platform(SigningError):
                single = self.platform.verify_raw(
                    self.tenant, certificate, signature, row.digest, "sha256"
                )
            mine, valid, receipt = single.result, single.result.valid, single.receipt
            values: dict[str, Any] = {"signature": signature, "certificate": certificate}
        elif row.pdf is not None:
            signed = answer.signed_pdf
            if not signed.startswith(row.pdf) or len(signed) == len(row.pdf):
                raise SigningError("altered", "the signed PDF does not extend the document sent")
            with checked_by_platform(SigningError):
                document = self.platform.verify_pdf(self.tenant, signed)
            if not document.result.signatures:
                raise SigningError("invalid-signature", "not a valid signature")
            mine, valid = document.result.signatures[-1], document.result.valid
            receipt = document.receipt
            values = {"signed_pdf": signed}
        else:
            cms = answer.cms_der
            with checked_by_platform(SigningError):
                single = self.platform.verify_cms(self.tenant, cms, None, content_digest=row.digest)
            mine, valid, receipt = single.result, single.result.valid, single.receipt
            values = {"cms": cms}
        if not valid or mine.certificate.purpose is not CertificatePurpose.SIGN:
            raise SigningError("invalid-signature", mine.message)
        if mine.user_id != row.holder:
            raise SigningError("other-signer", "the document was signed by someone else")
        if not row.certificate_released:  # the verdict only: nothing that names the signer
            values = {}
        values |= {"state": "signed", "receipt": receipt}
        recipient = self.disclosures.recipient_of(row.client_id)
        with self.database.transaction() as session:
            stored = session.get(SignRequestRow, request_id)
            assert stored is not None
            for key, value in values.items():
                setattr(stored, key, value)
            if stored.form != "pkcs1":
                stored.certificate = _signer_certificate(stored)
            self.disclosures.certificate(session, stored, recipient)
        return self.get(request_id)

    def refuse(self, request_id: str) -> None:
        with self.database.transaction() as session:
            row = session.get(SignRequestRow, request_id)
            if row is not None and row.state == "pending":
                row.state = "refused"

    @staticmethod
    def result_for_rp(row: SignRequestRow, signer: str) -> dict[str, Any]:
        """The request as its RP sees it; `signer` is the holder's pairwise `sub` for that RP.
        The signature and certificate only if the request was made with `sign_certificate`."""
        released = row.certificate_released
        return {
            "id": row.id,
            "status": row.state,
            "document_name": row.document_name,
            "digest": row.digest.hex(),
            "signer": signer if row.state == "signed" else None,
            "cms": encode_b64(row.cms) if released and row.cms is not None else None,
            "pdf": encode_b64(row.signed_pdf) if released and row.signed_pdf is not None else None,
            "certificate": (
                x509.load_der_x509_certificate(row.certificate).public_bytes(Encoding.PEM).decode()
                if released and row.certificate
                else None
            ),
            "receipt": row.receipt,
        }


def _signer_certificate(row: SignRequestRow) -> bytes | None:
    """The signer's certificate DER, from the CMS (or the PDF's last signature)."""
    if row.cms is not None:
        signed = asn1_cms.ContentInfo.load(row.cms)["content"]
        return bytes(signed["certificates"][0].chosen.dump())
    if row.signed_pdf is not None:
        reader = PdfFileReader(BytesIO(row.signed_pdf))
        return bytes(reader.embedded_signatures[-1].signer_cert.dump())
    return None


__all__ = ["Signing", "SigningError"]
