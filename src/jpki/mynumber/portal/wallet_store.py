"""Mynaportal's side of the wallet protocol: its card logins as a `WalletStore` (the portal
asks for no signatures, so every signing request is unknown)."""

from __future__ import annotations

from jpki.mynumber.errors import NumberingError
from jpki.mynumber.portal.service import Portal
from jpki.protocol.wallet import (
    UNKNOWN_REQUEST,
    LoginAnswer,
    LoginRequest,
    Settled,
    SignatureAnswer,
    SignatureRequest,
    WalletRefused,
    bad_request,
)

NO_SIGNATURES = "Mynaportal asks for no signatures / マイナポータルは署名を求めません"


def _refused(error: NumberingError) -> WalletRefused:
    return WalletRefused(error.code, str(error))


class PortalWallet:
    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def login_request(self, request_id: str) -> LoginRequest:
        try:
            return self.portal.request_for_wallet(self.portal.login(request_id))
        except NumberingError as error:
            raise _refused(error) from error

    def answer_login(self, request_id: str, answer: LoginAnswer) -> Settled:
        signature = answer.signature_bytes
        if signature is None:
            raise bad_request("signature (base64) is required: the portal needs the PIN")
        try:
            self.portal.answer(request_id, answer.certificate_der, signature)
        except NumberingError as error:
            raise _refused(error) from error
        return Settled(
            state="authenticated",
            continue_url=f"{self.portal.origin}/login/{request_id}/continue",
        )

    def signature_request(self, request_id: str) -> SignatureRequest:
        raise WalletRefused(UNKNOWN_REQUEST, NO_SIGNATURES)

    def document(self, request_id: str) -> bytes | None:
        raise WalletRefused(UNKNOWN_REQUEST, NO_SIGNATURES)

    def answer_signature(self, request_id: str, answer: SignatureAnswer) -> Settled:
        raise WalletRefused(UNKNOWN_REQUEST, NO_SIGNATURES)

    def refuse_signature(self, request_id: str) -> None:
        raise WalletRefused(UNKNOWN_REQUEST, NO_SIGNATURES)


__all__ = ["PortalWallet"]
