"""Attribute certificates end to end: an office has the authority issue one after the holder's
card login (checked by the platform as the authority's tenant), a relying party asks the
platform whether an AC is valid and belongs to the card that logged in, and every refusal:
another person's card, a revoked, expired, forged, foreign or malformed AC."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.attributes.keys import AuthorityKeys
from jpki.profile.reasons import RevocationCause
from jpki.protocol.attributes import AttributeKind
from tests.attributes.helpers import AA_TENANT, AttributeWorld
from tests.holders import card_key, make_holder, make_phone
from tests.platform.helpers import INSURER


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def check(
    world: AttributeWorld,
    ac: bytes,
    certificate: bytes,
    *,
    authority_pem: bytes | None = None,
    tenant: str = AA_TENANT,
    crl: bytes | None = None,
) -> dict:
    pem = authority_pem or world.authority.keys.certificate.public_bytes(Encoding.PEM)
    body = {
        "certificate": b64(certificate),
        "attribute_certificate": b64(ac),
        "authority": b64(pem),
        "authority_tenant": tenant,
        "crl": b64(crl if crl is not None else world.api.get("/crl/attributes").content),
    }
    reply = world.platform_api.post(
        "/v1/attribute-certificates/checks", json=body, headers=world.keys[INSURER]
    )
    assert reply.status_code == 200, reply.text
    return dict(reply.json()["result"])


def other_person(authority):  # type: ignore[no-untyped-def]
    from jpki.profile.four_info import FourInfo, Sex

    info = FourInfo(
        "鈴木\u3000花子", "大阪府大阪市北区中之島１丁目３番２０号", dt.date(1990, 2, 3), Sex.FEMALE
    )
    return make_holder(authority, info)


def test_issued_ac_is_valid_with_its_holder_and_names_no_serial_or_my_number(
    attribute_world: AttributeWorld, authority
) -> None:
    holder = make_holder(authority)
    issued = attribute_world.issue(holder.auth_key, holder.auth.der)
    assert issued["issued"] is True
    ac = base64.b64decode(issued["certificate"])
    assert re.fullmatch(rf"urn:jpki:holder:{AA_TENANT}:[a-z2-7]{{26}}", issued["holder"])
    parsed = cms.AttributeCertificateV2.load(ac)
    assert parsed["ac_info"]["holder"].native["entity_name"] == [issued["holder"]]
    assert parsed["ac_info"]["holder"].native["base_certificate_id"] is None
    assert holder.resident.my_number.encode() not in ac
    assert str(holder.auth.serial).encode() not in ac
    names = [e["extn_id"].native for e in parsed["ac_info"]["extensions"]]
    assert names == ["authority_key_identifier", "crl_distribution_points"]  # no noRevAvail

    result = check(attribute_world, ac, holder.auth.der)
    assert result["status"] == "valid", result
    assert result["holder_matches"] is True
    assert result["kind"] == "fee-reduction"
    assert result["details"] == {"grounds": "public-assistance"}
    assert result["certificate"]["status"] == "valid"
    holder_id = issued["holder"].rsplit(":", 1)[1]
    assert holder_id not in json.dumps(result)  # the platform answers yes, never the ID
    assert "user_id" not in result


def test_another_persons_card_is_refused(attribute_world: AttributeWorld, authority) -> None:
    holder, other = make_holder(authority), other_person(authority)
    issued = attribute_world.issue(holder.auth_key, holder.auth.der)
    attribute_world.issue(other.auth_key, other.auth.der)  # the platform knows them both
    result = check(attribute_world, base64.b64decode(issued["certificate"]), other.auth.der)
    assert result["status"] == "other holder"
    assert result["holder_matches"] is False
    assert result["valid"] is False
    assert "名義人" in result["message_ja"]


def test_the_holder_stays_the_holder_after_the_card_is_renewed(
    attribute_world: AttributeWorld, authority
) -> None:
    holder = make_holder(authority)
    ac = base64.b64decode(attribute_world.issue(holder.auth_key, holder.auth.der)["certificate"])
    new_auth, new_sign = card_key(), card_key()
    renewed, _ = authority.renew_card(
        holder.issued.card.id, new_auth.public_key(), new_sign.public_key()
    )
    renewed_auth = next(c for c in renewed.certificates if c.purpose.value == "auth")
    result = check(attribute_world, ac, renewed_auth.der)
    assert result["status"] == "valid", result
    assert result["holder_matches"] is True


def test_an_ac_issued_at_the_card_is_held_by_the_same_persons_phone(
    attribute_world: AttributeWorld, authority
) -> None:
    """スマホ用電子証明書: the phone's certificate is the card's person at the platform, so the AC
    issued after a card login is the phone's holder's too; and the other way round."""
    holder = make_holder(authority)
    phone = make_phone(authority, holder)
    ac = base64.b64decode(attribute_world.issue(holder.auth_key, holder.auth.der)["certificate"])
    result = check(attribute_world, ac, phone.auth_der)
    assert result["status"] == "valid", result
    assert result["certificate"]["medium"] == "phone"
    by_phone = attribute_world.issue(phone.auth_key, phone.auth_der, AttributeKind.GRADUATION)
    assert by_phone["holder"] == attribute_world.issue(holder.auth_key, holder.auth.der)["holder"]


def test_revoked_ac_is_refused_once_the_crl_says_so(
    attribute_world: AttributeWorld, authority, clock
) -> None:
    holder = make_holder(authority)
    issued = attribute_world.issue(holder.auth_key, holder.auth.der)
    ac = base64.b64decode(issued["certificate"])
    old_crl = attribute_world.api.get("/crl/attributes").content
    clock.advance(dt.timedelta(minutes=1))
    revoked = attribute_world.api.post(
        "/v1/revocations",
        json={"serial": issued["serial"], "reason": "affiliationChanged"},
        headers=attribute_world.office,
    )
    assert revoked.status_code == 200, revoked.text
    clock.advance(dt.timedelta(minutes=1))
    result = check(attribute_world, ac, holder.auth.der)
    assert result["status"] == "revoked"
    assert "失効" in result["message_ja"]
    assert "holder_matches" not in result  # not asked: the AC was refused first
    assert check(attribute_world, ac, holder.auth.der, crl=old_crl)["status"] == "valid"


def test_expired_and_unchecked_revocation_are_refused(
    attribute_world: AttributeWorld, authority, clock
) -> None:
    holder = make_holder(authority)
    issued = attribute_world.issue(holder.auth_key, holder.auth.der, valid_days=30)
    ac = base64.b64decode(issued["certificate"])
    stale = attribute_world.api.get("/crl/attributes").content
    clock.advance(dt.timedelta(days=2))
    assert check(attribute_world, ac, holder.auth.der, crl=stale)["status"] == "revocation unknown"
    assert check(attribute_world, ac, holder.auth.der, crl=b"junk")["status"] == (
        "revocation unknown"
    )
    clock.advance(dt.timedelta(days=29))
    assert check(attribute_world, ac, holder.auth.der)["status"] == "expired"


def test_forged_foreign_and_malformed_acs_are_refused(
    attribute_world: AttributeWorld, authority, tmp_path, clock
) -> None:
    holder = make_holder(authority)
    ac = bytearray(
        base64.b64decode(attribute_world.issue(holder.auth_key, holder.auth.der)["certificate"])
    )
    forged = bytes(ac[:-1] + bytes([ac[-1] ^ 1]))
    assert check(attribute_world, forged, holder.auth.der)["status"] in ("untrusted", "malformed")
    altered = bytes(ac).replace(b"public-assistance", b"public-assistanse")
    assert check(attribute_world, altered, holder.auth.der)["status"] == "untrusted"
    stranger = AuthorityKeys.create(tmp_path / "stranger", "City attribute authority", clock.now())
    other_pem = stranger.certificate.public_bytes(Encoding.PEM)
    assert check(attribute_world, bytes(ac), holder.auth.der, authority_pem=other_pem)[
        "status"
    ] == ("untrusted")
    assert check(attribute_world, bytes(ac), holder.auth.der, tenant="aa-other")["status"] == (
        "foreign"
    )
    result = check(attribute_world, b"\x30\x03\x02\x01\x01", holder.auth.der)
    assert result["status"] == "malformed"
    assert "kind" not in result


def test_office_may_issue_only_its_kinds_and_only_after_a_card_login(
    attribute_world: AttributeWorld, authority
) -> None:
    holder = make_holder(authority)
    body = attribute_world.card_login(holder.auth_key, holder.auth.der) | {
        "attribute": {"kind": AttributeKind.DOCTOR.value}
    }
    reply = attribute_world.api.post("/v1/issuances", json=body, headers=attribute_world.office)
    assert reply.status_code == 403
    body = attribute_world.card_login(holder.auth_key, holder.auth.der) | {
        "attribute": {"kind": "fee-reduction"}
    }
    assert attribute_world.api.post("/v1/issuances", json=body).status_code == 403  # no key
    body["answer"]["signature"] = base64.b64encode(b"\x00" * 256).decode()
    refused = attribute_world.api.post("/v1/issuances", json=body, headers=attribute_world.office)
    assert refused.status_code == 200
    assert refused.json()["issued"] is False
    assert refused.json()["error"] == "bad-signature"


KINDS = [
    (AttributeKind.PHARMACIST, {"licence": "第000123号", "registered": "2015-04-01"}),
    (AttributeKind.TEACHER, {"licence": "中学校教諭一種免許状", "subject": "数学"}),
    (
        AttributeKind.GRADUATION,
        {"school": "霞が関大学", "degree": "学士(法学)", "graduated": "2003-03-25"},
    ),
    (AttributeKind.FEE_REDUCTION, {"grounds": "tax-exempt", "municipality": "千代田区"}),
]


@pytest.mark.parametrize(("kind", "details"), KINDS, ids=[kind.value for kind, _ in KINDS])
def test_every_kind_is_issued_and_read_back(
    attribute_world: AttributeWorld, authority, kind: AttributeKind, details: dict[str, str]
) -> None:
    holder = make_holder(authority)
    issued = attribute_world.issue(holder.auth_key, holder.auth.der, kind, details)
    result = check(attribute_world, base64.b64decode(issued["certificate"]), holder.auth.der)
    assert (result["status"], result["kind"], result["details"]) == ("valid", kind.value, details)


def test_a_revoked_card_is_refused_even_with_a_valid_ac(
    attribute_world: AttributeWorld, authority
) -> None:
    holder = make_holder(authority)
    ac = base64.b64decode(attribute_world.issue(holder.auth_key, holder.auth.der)["certificate"])
    authority.revoke(holder.auth.serial, RevocationCause.CARD_LOST)
    authority.publish_crls()
    index = attribute_world.platform.verifier.index
    index.add_crl((authority.settings.crl_dir / "auth.crl").read_bytes())
    result = check(attribute_world, ac, holder.auth.der)
    assert result["status"] == "holder certificate rejected"
    assert result["certificate"]["status"] == "revoked"
    assert "holder_matches" not in result


@pytest.mark.parametrize("attribute_world", ["postgresql"], indirect=True)
def test_issue_revoke_and_crl_on_postgresql(
    attribute_world: AttributeWorld, authority, clock
) -> None:
    holder = make_holder(authority)
    issued = attribute_world.issue(holder.auth_key, holder.auth.der)
    ac = base64.b64decode(issued["certificate"])
    assert check(attribute_world, ac, holder.auth.der)["status"] == "valid"
    attribute_world.api.post(
        "/v1/revocations", json={"serial": issued["serial"]}, headers=attribute_world.office
    )
    clock.advance(dt.timedelta(seconds=1))
    assert check(attribute_world, ac, holder.auth.der)["status"] == "revoked"
    again = attribute_world.api.post(
        "/v1/revocations", json={"serial": "12345"}, headers=attribute_world.office
    )
    assert again.status_code == 404
