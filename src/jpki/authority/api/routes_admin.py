"""Admin routes: the register, cards, revocation, CRL publication, rollover, verifiers.

Thin: each route parses, calls one Authority method, and shapes the answer.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding
from fastapi import APIRouter, Depends, Query

from jpki.authority import events
from jpki.authority.api.deps import AuthorityDep, require_admin
from jpki.authority.api.schemas import (
    CardApplication,
    CardKeys,
    CardPublic,
    CertificatePublic,
    EventOutcomePublic,
    GenerationPublic,
    IssuedCardPublic,
    LifeEventBody,
    PublishBody,
    PublishedCrlPublic,
    ResidentCreate,
    ResidentPublic,
    RevokeBody,
    RowIdPath,
    SerialPath,
    StatementPublic,
    TerminalCertified,
    TerminalCreate,
    VerifierCreate,
    VerifierCreated,
)
from jpki.authority.errors import InvalidRequest
from jpki.authority.service import Authority
from jpki.profile.purpose import CertificatePurpose
from jpki.web import StrictJsonRoute, error_responses

router = APIRouter(
    route_class=StrictJsonRoute,
    prefix="/v1",
    dependencies=[Depends(require_admin)],
    tags=["admin"],
    responses=error_responses(400, 403, 404, 409, 413),
)


def _key(authority: Authority, pem: str | None):  # type: ignore[no-untyped-def]
    return None if pem is None else authority.load_public_key(pem.encode())


@router.post("/residents", status_code=201)
def register_resident(body: ResidentCreate, authority: AuthorityDep) -> ResidentPublic:
    return ResidentPublic.of(authority.register_resident(body.to_four_info(), body.id))


@router.get("/residents/{resident_id}")
def get_resident(resident_id: str, authority: AuthorityDep) -> ResidentPublic:
    return ResidentPublic.of(authority.resident(resident_id))


@router.get("/residents/{resident_id}/certificates")
def resident_certificates(resident_id: str, authority: AuthorityDep) -> list[CertificatePublic]:
    authority.resident(resident_id)
    return [CertificatePublic.of(c) for c in authority.certificates_of(resident_id)]


@router.post("/residents/{resident_id}/events")
def apply_event(
    resident_id: str, body: LifeEventBody, authority: AuthorityDep
) -> EventOutcomePublic:
    event = events.life_event(
        body.event,
        address=body.address,
        new_name=body.name,
        birth_date=body.birth_date,
        sex=body.sex,
        purposes=tuple(CertificatePurpose(p) for p in body.purposes),
        domicile=body.domicile,
        keep_card=body.keep_card,
    )
    outcome = authority.apply_event(resident_id, event)
    return EventOutcomePublic(
        resident=ResidentPublic.of(outcome.resident),
        revoked_serials=[str(s) for s in outcome.revoked_serials],
    )


@router.post("/residents/{resident_id}/cards", status_code=201)
def apply_for_card(resident_id: str, body: CardApplication, authority: AuthorityDep) -> CardPublic:
    return CardPublic.of(authority.apply_for_card(resident_id, body.terminal_code))


@router.post("/cards/{card_id}/issue")
def issue_card(card_id: str, body: CardKeys, authority: AuthorityDep) -> IssuedCardPublic:
    if body.auth_public_key is None:
        raise InvalidRequest("the authentication public key is required")
    issued = authority.issue_card(
        card_id, _key(authority, body.auth_public_key), _key(authority, body.sign_public_key)
    )
    return IssuedCardPublic.of(issued)


@router.post("/cards/{card_id}/activate")
def activate_card(card_id: str, authority: AuthorityDep) -> CardPublic:
    return CardPublic.of(authority.activate_card(card_id))


@router.post("/cards/{card_id}/destroy", response_description="The serials revoked, decimal")
def destroy_card(card_id: str, authority: AuthorityDep) -> list[str]:
    return [str(s) for s in authority.destroy_undelivered_card(card_id)]


@router.post("/cards/{card_id}/renew")
def renew_card(card_id: str, body: CardKeys, authority: AuthorityDep) -> IssuedCardPublic:
    issued, revoked = authority.renew_card(
        card_id,
        _key(authority, body.auth_public_key),
        _key(authority, body.sign_public_key),
        mykey_id=body.mykey_id,
    )
    return IssuedCardPublic.of(issued, revoked)


@router.post("/cards/{card_id}/sign-certificate")
def reissue_signing(card_id: str, body: CardKeys, authority: AuthorityDep) -> CertificatePublic:
    if body.sign_public_key is None:
        raise InvalidRequest("the signing public key is required")
    return CertificatePublic.of(
        authority.reissue_signing(card_id, authority.load_public_key(body.sign_public_key.encode()))
    )


@router.get("/certificates/{serial}")
def get_certificate(serial: SerialPath, authority: AuthorityDep) -> CertificatePublic:
    return CertificatePublic.of(authority.certificate(serial))


@router.post("/certificates/{serial}/revoke")
def revoke_certificate(
    serial: SerialPath, body: RevokeBody, authority: AuthorityDep
) -> CertificatePublic:
    authority.revoke(serial, body.cause)
    return CertificatePublic.of(authority.certificate(serial))


@router.post("/crls/publish")
def publish_crls(body: PublishBody, authority: AuthorityDep) -> list[PublishedCrlPublic]:
    return [
        PublishedCrlPublic(
            file=p.path.name,
            kind=p.kind,
            purpose=p.purpose,
            generation=p.generation,
            crl_number=p.crl_number,
            entries=p.entries,
            next_update=p.next_update,
        )
        for p in authority.publish_crls(delta_only=body.delta_only)
    ]


@router.post("/ca/{purpose}/rollover", status_code=201)
def rollover(purpose: CertificatePurpose, authority: AuthorityDep) -> GenerationPublic:
    generation = authority.rollover(purpose)
    return GenerationPublic(
        purpose=generation.purpose.value,
        number=generation.number,
        key_id=generation.key_id.hex(),
        not_after=generation.certificate.not_valid_after_utc,
    )


@router.post("/terminals", status_code=201)
def certify_terminal(body: TerminalCreate, authority: AuthorityDep) -> TerminalCertified:
    """An institution-code certificate for a PIN-less terminal (seed 000's design)."""
    certificate = authority.issue_terminal_certificate(
        body.institution_code, authority.load_public_key(body.public_key.encode())
    )
    return TerminalCertified(
        institution_code=body.institution_code,
        certificate=certificate.public_bytes(Encoding.PEM).decode(),
    )


@router.post("/verifiers", status_code=201)
def accredit_verifier(body: VerifierCreate, authority: AuthorityDep) -> VerifierCreated:
    identity, api_key = authority.accredit_verifier(body.name, linkage_allowed=body.linkage_allowed)
    return VerifierCreated(id=identity.id, name=identity.name, api_key=api_key)


@router.get("/verifiers/{verifier_id}/statement")
def verifier_statement(
    verifier_id: RowIdPath,
    authority: AuthorityDep,
    month: str | None = Query(default=None, pattern=r"^\d{4}-\d{2}$"),
) -> StatementPublic:
    return StatementPublic.of(authority.statement(verifier_id, month))
