"""What a service receives from the platform (in process, where every response can be read):
a 代行 tenant's answers to its registrations, logins, signature checks and status checks carry
no certificate, hash, subject or serial of the holder; a 委託 tenant's carry them (which shows
the search finds them where they are)."""

from __future__ import annotations

from tests.holders import make_holder
from tests.platform.helpers import BANK, INSURER, answer_login, signed_application
from tests.privacy.forms import certificate_forms, found
from tests.privacy.holdings import forbidden


def answers_to(api, headers, tenant_id, holder) -> bytes:  # type: ignore[no-untyped-def]
    """Every response body of a registration, a login, a CMS check and a status check."""
    application = signed_application(holder, "Application / 申込み")
    replies = [
        api.post("/v1/customers", json={"reference": "ref-1", **application}, headers=headers),
        answer_login(api, headers, tenant_id, holder.auth_key, holder.auth.der)[1],
        api.post("/v1/signatures/cms", json=application, headers=headers),
        api.post("/v1/status-checks", json={"references": ["ref-1"]}, headers=headers),
    ]
    assert [reply.status_code for reply in replies] == [201, 200, 200, 200]
    return b"\n".join(reply.content for reply in replies)


def test_a_daiko_tenant_receives_no_certificate_form_an_itaku_tenant_does(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    forms = [
        form for view in (holder.auth, holder.sign) for form in certificate_forms(view.certificate)
    ]
    assert (
        found(forms, answers_to(api, keys[BANK], BANK, holder)) & forbidden("daiko-service")
        == set()
    )
    assert {"serial", "subject-cn"} <= found(forms, answers_to(api, keys[INSURER], INSURER, holder))
