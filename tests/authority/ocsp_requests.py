"""OCSP requests as a relying party builds them (with cryptography, not with our code), for
the responder's tests and the HTTP API's."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp


def request_for(authority, certificate, *, nonce=None, algorithm=None):
    view = authority.certificate(certificate.serial)
    issuer = authority.authorities.by_id(view.generation_id).certificate
    builder = ocsp.OCSPRequestBuilder().add_certificate(
        view.certificate, issuer, algorithm or hashes.SHA1()
    )
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(serialization.Encoding.DER)
