"""What the wallet does with the card for an IdP request: one function per kind of request.

A login signs the IdP's challenge, bound to the RP it names (`jpki.profile.challenge`), with
the PIN (high), at a registered terminal without it (medium), or shows the certificate only
(low); releasing 4 information adds a signature over the consent text with the signing key.
A signing request is answered with a detached CMS over the digest (when the request carries the
document's text, the holder was shown it and the wallet signs only if the digest is that
text's), or the PDF signed (PAdES), time-stamped by the TSA the service names.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography.hazmat.primitives.serialization import Encoding

from jpki.client.cms import sign_detached, sign_digest_detached
from jpki.client.pdf import sign_pdf
from jpki.client.readers import Reader
from jpki.client.timestamps import HttpTimeStamper
from jpki.client.token import JpkiToken
from jpki.profile.challenge import authentication_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import decode_b64, encode_b64
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, LoginRequest, SignatureAnswer, SignatureRequest
from jpki.wallet.cards import Terminal


def answer_login(
    reader: Reader,
    request: LoginRequest,
    *,
    method: Level,
    pin: str,
    sign_password: str,
    terminal: Terminal | None,
    now: dt.datetime,
) -> LoginAnswer:
    """The wallet's answer to a login request (raises the client's PIN errors)."""
    token = JpkiToken(reader)
    challenge = request.challenge
    digest = authentication_digest(challenge.provider, challenge.origin, challenge.nonce_bytes)
    body: dict[str, str | None] = {}
    if method is Level.CERTIFICATE:
        body["signature"] = None
    elif method is Level.PINLESS:
        if terminal is None:
            raise ValueError("this wallet is not a registered terminal")
        token.authenticate_terminal(terminal.certificate, terminal.key)
        result = token.sign_digest_pinless(digest)
        body |= {
            "signature": encode_b64(result.signature),
            "institution_code": result.institution_code,
        }
    else:
        token.verify(CertificatePurpose.AUTH, pin)
        body["signature"] = encode_b64(token.sign_digest(CertificatePurpose.AUTH, "sha256", digest))
    body["certificate"] = encode_b64(
        token.certificate(CertificatePurpose.AUTH).public_bytes(Encoding.DER)
    )
    if request.signing_consent:
        token.verify(CertificatePurpose.SIGN, sign_password)
        certificate = token.certificate(CertificatePurpose.SIGN)
        consent = decode_b64(request.signing_consent, "signing_consent")
        body["consent_signature"] = encode_b64(sign_detached(token, consent, certificate, now))
    return LoginAnswer.model_validate(body)


def answer_signature(
    reader: Reader,
    request: SignatureRequest,
    document: bytes | None,
    *,
    sign_password: str,
    now: dt.datetime,
) -> SignatureAnswer:
    """The wallet's answer to a signing request: CMS over the digest, or the signed PDF.
    A request whose text (shown to the holder) is not what the digest names is refused before
    the card is touched."""
    if (
        request.text is not None
        and hashlib.sha256(request.text.encode()).hexdigest() != request.digest
    ):
        raise ValueError(
            "the text shown is not the document signed / 表示した文書と署名対象が異なります"
        )
    token = JpkiToken(reader)
    token.verify(CertificatePurpose.SIGN, sign_password)
    if document is not None:
        url = request.timestamp_url
        signed = sign_pdf(
            token,
            document,
            reason=request.document_name[:100],
            timestamper=HttpTimeStamper(url) if url else None,
        )
        return SignatureAnswer(pdf=encode_b64(signed))
    certificate = token.certificate(CertificatePurpose.SIGN)
    digest = bytes.fromhex(request.digest)
    if request.text is not None and hashlib.sha256(request.text.encode()).digest() != digest:
        raise ValueError(
            "the text shown is not the document signed / 表示した文書と署名対象が異なります"
        )
    if request.form == "pkcs1":  # the raw signature over the DigestInfo, and the certificate
        signature = token.sign_digest(CertificatePurpose.SIGN, "sha256", digest)
        der = certificate.public_bytes(Encoding.DER)
        return SignatureAnswer(signature=encode_b64(signature), certificate=encode_b64(der))
    return SignatureAnswer(cms=encode_b64(sign_digest_detached(token, digest, certificate, now)))


__all__ = ["answer_login", "answer_signature"]
