"""Routes for accredited verifiers: linkage, latest 4 information, consents, own statement, CRLs."""

from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, Query
from fastapi.responses import Response

from jpki.authority.api.deps import AuthorityDep, VerifierDep
from jpki.authority.api.openapi import DER
from jpki.authority.api.schemas import (
    ConsentBody,
    ConsentRecorded,
    FourInfoBody,
    LinkagePublic,
    SerialPath,
    StatementPublic,
)
from jpki.authority.errors import InvalidRequest, NotFound
from jpki.authority.verifiers import CRL
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.published import CRL_NAME
from jpki.web import StrictJsonRoute, error_responses

router = APIRouter(
    route_class=StrictJsonRoute,
    tags=["verifier"],
    responses=error_responses(400, 403, 404, 409, 413),
)


@router.get("/v1/linkage/{serial}")
def get_linkage(
    serial: SerialPath, verifier: VerifierDep, authority: AuthorityDep
) -> LinkagePublic:
    purpose, linkage = authority.linkage(verifier, serial)
    medium, source = authority.medium_of(serial)
    return LinkagePublic(
        serial=str(serial),
        purpose=purpose.value,
        other_purpose_serial=str(linkage.other_purpose_serial) if linkage else None,
        successor_serial=(
            str(linkage.successor_serial) if linkage and linkage.successor_serial else None
        ),
        predecessor_serial=str(predecessor)
        if (predecessor := authority.predecessor(serial))
        else None,
        medium=medium,
        card_serial=str(source) if source is not None else None,
    )


@router.get("/v1/four-info/{serial}")
def latest_four_info(
    serial: SerialPath, verifier: VerifierDep, authority: AuthorityDep
) -> FourInfoBody:
    return FourInfoBody.of(authority.latest_four_info(verifier, serial))


@router.post("/v1/consents", status_code=201)
def record_consent(
    body: ConsentBody, verifier: VerifierDep, authority: AuthorityDep
) -> ConsentRecorded:
    try:
        signature = base64.b64decode(body.signature, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest("signature must be base64") from None
    authority.record_consent(verifier, int(body.serial), signature)
    return ConsentRecorded(status="recorded")


@router.get("/v1/statement")
def own_statement(
    verifier: VerifierDep,
    authority: AuthorityDep,
    month: str | None = Query(default=None, pattern=r"^\d{4}-\d{2}$"),
) -> StatementPublic:
    return StatementPublic.of(authority.statement(verifier.id, month))


@router.get(
    "/crl/{name}",
    response_class=Response,
    responses={200: {"content": {"application/pkix-crl": {"schema": DER}}, "description": "DER"}},
)
def download_crl(name: str, verifier: VerifierDep, authority: AuthorityDep) -> Response:
    """A published CRL (DER). Downloads are logged on the statement at no charge."""
    if not CRL_NAME.match(name):
        raise NotFound(f"no CRL named {name}")
    path = authority.settings.crl_dir / name
    try:
        der = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"CRL {name} has not been published") from None
    authority.meter.record(verifier.id, CertificatePurpose(name[:4]), CRL)
    return Response(der, media_type="application/pkix-crl")
