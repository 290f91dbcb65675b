"""The holder's route for issuing a phone's certificates from the card (スマホ用電子証明書).

Public: the caller is authenticated by the card's signature inside the request, not by a key.
The body and the answers are `jpki.protocol.phone`'s messages; a refusal is a `PhoneRefused`
with its code (400 for a request that is not one, 409 for a refused one), and nothing is issued.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from jpki.authority.api.deps import AuthorityDep
from jpki.authority.phone import PhoneRefused
from jpki.protocol.codec import MalformedField
from jpki.protocol.phone import PhoneIssuanceRequest, PhoneIssued, PhoneRefusal
from jpki.protocol.phone import PhoneRefused as Refusal

router = APIRouter(tags=["holder"])


def _refusal(code: PhoneRefusal, message: str, status: int) -> Response:
    return JSONResponse(Refusal(code=code, message=message).model_dump(mode="json"), status)


@router.post(
    "/v1/phones",
    status_code=201,
    response_model=PhoneIssued,
    responses={400: {"model": Refusal}, 409: {"model": Refusal}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PhoneIssuanceRequest.model_json_schema()}},
        }
    },
)
async def issue_phone(request: Request, authority: AuthorityDep) -> Response:
    """Issue a phone's signing and authentication certificates from the card.

    The body is a `PhoneIssuanceRequest` signed by the card with the signing password.
    """
    try:
        body = PhoneIssuanceRequest.decode(await request.body())
    except MalformedField as exc:
        return _refusal(PhoneRefusal.MALFORMED, str(exc), 400)
    try:
        issued = await anyio.to_thread.run_sync(authority.issue_phone, body)
    except PhoneRefused as exc:
        return _refusal(exc.code, str(exc), 409)
    return Response(issued.model_dump_json(), 201, media_type="application/json")
