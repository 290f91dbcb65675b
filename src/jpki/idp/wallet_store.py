"""The IdP's side of the wallet protocol: its logins and signing transactions as a
`WalletStore`, so the IdP mounts the same routes as every other party."""

from __future__ import annotations

from jpki.idp.clients import Client, ClientRegistry
from jpki.idp.logins import Logins
from jpki.idp.signing import Signing
from jpki.protocol.wallet import (
    LoginAnswer,
    LoginRequest,
    Settled,
    SignatureAnswer,
    SignatureRequest,
)


class IdpWallet:
    """Logins (for RPs and the holder's account page) and signing transactions."""

    def __init__(
        self, issuer: str, logins: Logins, signing: Signing, clients: ClientRegistry
    ) -> None:
        self.issuer, self.logins, self.signing, self.clients = issuer, logins, signing, clients

    def _client(self, client_id: str | None) -> Client | None:
        return self.clients.get(client_id) if client_id else None

    def login_request(self, request_id: str) -> LoginRequest:
        row = self.logins.get(request_id)
        return self.logins.request_for_wallet(row, self._client(row.client_id))

    def answer_login(self, request_id: str, answer: LoginAnswer) -> Settled:
        row = self.logins.get(request_id)
        completed = self.logins.answer(row, self._client(row.client_id), answer)
        return Settled(
            state="authenticated",
            acr=completed.acr.urn,
            receipt=completed.receipt,
            continue_url=f"{self.issuer}/login/{request_id}/continue",
        )

    def signature_request(self, request_id: str) -> SignatureRequest:
        row = self.signing.get(request_id)
        client = self._client(row.client_id)
        return self.signing.for_wallet(row, client.label if client else row.client_id)

    def document(self, request_id: str) -> bytes | None:
        return self.signing.get(request_id).pdf

    def answer_signature(self, request_id: str, answer: SignatureAnswer) -> Settled:
        row = self.signing.answer(request_id, answer)
        return Settled(state=row.state, receipt=row.receipt, continue_url=row.return_to)

    def refuse_signature(self, request_id: str) -> None:
        self.signing.get(request_id)  # an unknown request is refused, not "refused"
        self.signing.refuse(request_id)


__all__ = ["IdpWallet"]
