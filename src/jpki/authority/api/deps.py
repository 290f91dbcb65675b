"""FastAPI dependencies: the authority object, admin and verifier authentication."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from jpki.authority.errors import NotAuthorized
from jpki.authority.service import Authority
from jpki.authority.verifiers import VerifierIdentity


def get_authority(request: Request) -> Authority:
    return request.app.state.authority  # type: ignore[no-any-return]


AuthorityDep = Annotated[Authority, Depends(get_authority)]


def require_admin(
    authority: AuthorityDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Admin calls carry `Authorization: Bearer <admin token>`."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.encode(), authority.settings.admin_token.encode()
    ):
        raise NotAuthorized("admin token required (Authorization: Bearer ...)")


def require_verifier(
    authority: AuthorityDep,
    x_jpki_verifier_key: Annotated[str | None, Header()] = None,
) -> VerifierIdentity:
    return authority.authenticate_verifier(x_jpki_verifier_key)


VerifierDep = Annotated[VerifierIdentity, Depends(require_verifier)]
