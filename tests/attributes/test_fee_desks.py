"""The fee-reduction service's two desks against the real platform and attribute authority
(in-process over their HTTP APIs): the welfare office has the authority issue the 減免事由証明書
after the holder's card login, the nursery-fee desk accepts it with the same card and refuses,
each with its reason in both languages, another kind of AC, an expired one and a revoked one;
every decision recorded without the person."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from jpki.apps.fee_reduction.models import FeeApplicationRow, FeeCertificateRow
from jpki.apps.fee_reduction.service import TRUST_FILE, FeeReductionService, pem_of
from jpki.apps.kit.attributes_api import AttributeOffice, AttributesApi
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi
from jpki.attributes.keys import AuthorityKeys
from jpki.profile.challenge import authentication_digest
from jpki.protocol.attributes import AttributeKind
from jpki.protocol.wallet import LoginAnswer
from tests.attributes.helpers import OFFICE_KEY, OFFICE_ORIGIN, AttributeWorld
from tests.holders import make_holder
from tests.platform.helpers import INSURER, ORIGIN


class Desks:
    """The service with its two desks, the office at OFFICE_ORIGIN, the desk a 委託 tenant."""

    def __init__(self, world: AttributeWorld, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
        context = ServiceContext(
            origin=OFFICE_ORIGIN, wallet_url="http://wallet.test",
            platform=PlatformApi("http://platform.test", world.keys[INSURER]["X-API-Key"],
                                 http=world.platform_api),
            database=AppsDatabase(f"sqlite:///{tmp_path / 'apps.db'}"), clock=clock,
            session_secret="s" * 32, folder=tmp_path,
            attributes=AttributeOffice(url="http://aa.test", api_key=OFFICE_KEY),
        )  # fmt: skip
        context.database.migrate()
        self.world, self.context = world, context
        self.service = FeeReductionService(context)
        self.service.authority = AttributesApi(context.attributes, http=world.api)  # type: ignore[arg-type]

    def answer(self, challenge: dict, holder, origin: str) -> LoginAnswer:  # type: ignore[no-untyped-def]
        nonce = base64.urlsafe_b64decode(challenge["nonce"] + "=" * (-len(challenge["nonce"]) % 4))
        digest = authentication_digest(challenge["provider"], origin, nonce)
        signature = holder.auth_key.sign(
            digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
        )
        return LoginAnswer(
            certificate=base64.b64encode(holder.auth.der).decode(),
            signature=base64.b64encode(signature).decode(),
        )

    def issue(self, holder, grounds: str = "single-parent") -> str:  # type: ignore[no-untyped-def]
        challenge = self.service.welfare_challenge()
        serial = self.service.issue(
            challenge, self.answer(challenge, holder, OFFICE_ORIGIN), grounds
        )
        row = self.service.certificate(serial)
        assert row is not None
        return pem_of(base64.b64decode(row.certificate))

    def apply(self, holder, pasted: str):  # type: ignore[no-untyped-def]
        challenge = self.context.platform.challenge(ORIGIN)
        return self.service.apply(challenge, self.answer(challenge, holder, ORIGIN), pasted)


@pytest.fixture
def desks(attribute_world: AttributeWorld, tmp_path: Path, clock) -> Desks:  # type: ignore[no-untyped-def]
    return Desks(attribute_world, tmp_path, clock)


def test_accepted_with_the_same_card_refused_with_another(desks: Desks, authority) -> None:
    holder = make_holder(authority)
    pem = desks.issue(holder)
    accepted = desks.apply(holder, pem)
    assert accepted.accepted
    assert accepted.grounds == "single-parent"
    other = make_holder(authority)
    refused = desks.apply(other, pem)
    assert not refused.accepted
    assert "belongs to someone else" in refused.reason_en
    assert "名義人" in refused.reason_ja
    with desks.context.database.transaction() as session:
        rows = list(session.scalars(select(FeeApplicationRow).order_by(FeeApplicationRow.id)))
    assert [(row.accepted, row.status) for row in rows] == [
        (True, "valid"),
        (False, "other holder"),
    ]


def test_another_kind_expired_and_revoked_are_refused(desks: Desks, authority, clock) -> None:
    holder = make_holder(authority)
    teacher = desks.world.issue(
        holder.auth_key, holder.auth.der, AttributeKind.TEACHER, {"licence": "x"}
    )
    refused = desks.apply(
        holder, base64.b64encode(base64.b64decode(teacher["certificate"])).decode()
    )
    assert not refused.accepted
    assert "not a certificate of grounds" in refused.reason_en
    assert refused.reason_ja == "減免事由証明書ではありません"

    pem = desks.issue(holder)
    with desks.context.database.transaction() as session:
        copy = session.scalars(select(FeeCertificateRow)).one()  # the office's copy
    desks.service.revoke(copy.serial)
    clock.advance(dt.timedelta(seconds=1))
    revoked = desks.apply(holder, pem)
    assert not revoked.accepted
    assert revoked.reason_ja == "属性証明書は失効しています"

    fresh = desks.issue(holder, "disability")
    clock.advance(dt.timedelta(days=366))  # the AC's validity is checked before the card's
    expired = desks.apply(holder, fresh)
    assert not expired.accepted
    assert expired.reason_en.startswith("the attribute certificate has expired")


def test_the_office_refuses_unknown_grounds_and_a_failed_login(desks: Desks, authority) -> None:
    holder = make_holder(authority)
    challenge = desks.service.welfare_challenge()
    with pytest.raises(CardRefusal, match="unknown grounds"):
        desks.service.issue(challenge, desks.answer(challenge, holder, OFFICE_ORIGIN), "lottery")
    challenge = desks.service.welfare_challenge()
    other = make_holder(authority)
    forged = desks.answer(challenge, other, OFFICE_ORIGIN).model_copy(
        update={"certificate": base64.b64encode(holder.auth.der).decode()}
    )
    with pytest.raises(CardRefusal, match="did not verify"):
        desks.service.issue(challenge, forged, "single-parent")


def test_the_desk_keeps_the_authority_it_first_trusted(
    desks: Desks, authority, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = make_holder(authority)
    pem = desks.issue(holder)
    assert desks.apply(holder, pem).accepted  # the authority met, and kept
    stranger = AuthorityKeys.create(tmp_path / "stranger", "Stranger AA", clock.now())
    impostor = desks.service.trusted_authority().model_copy(
        update={"certificate": stranger.certificate.public_bytes(Encoding.PEM).decode()}
    )
    monkeypatch.setattr(AttributesApi, "about", lambda _self: impostor)
    assert desks.apply(holder, pem).accepted  # still judged under the kept certificate
    (desks.context.folder / TRUST_FILE).unlink()
    refused = desks.apply(holder, pem)  # a desk that trusted the impostor from the start
    assert not refused.accepted
    assert "trusted authority" in refused.reason_en
