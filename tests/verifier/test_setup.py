"""Assembling a verifier: required CRLs must load, optional (delta) CRLs join when published."""

from __future__ import annotations

import datetime as dt

import pytest

from jpki.profile.reasons import RevocationCause
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.setup import build_verifier
from jpki.verifier.verdict import SourceKind, Status
from tests.holders import make_holder


def test_optional_delta_crls(authority, clock):
    crl_dir = authority.settings.crl_dir
    roots = [authority.settings.roots_dir]
    with pytest.raises(RevocationDataError):
        build_verifier(clock, roots, crls=[crl_dir / "missing.crl"])
    authority.publish_crls()
    holder = make_holder(authority)
    setup = build_verifier(
        clock, roots, crls=[crl_dir / "auth.crl"], optional_crls=[crl_dir / "none-delta.crl"]
    )
    assert setup.validator.check(holder.auth.der).status is Status.VALID
    clock.advance(dt.timedelta(minutes=5))
    authority.revoke(holder.auth.serial, RevocationCause.KEY_COMPROMISE)
    authority.publish_crls(delta_only=True)
    with_delta = build_verifier(
        clock, roots, crls=[crl_dir / "auth.crl"], optional_crls=[crl_dir / "auth-delta.crl"]
    )
    verdict = with_delta.validator.check(holder.auth.der)
    assert verdict.status is Status.REVOKED
    assert verdict.source.kind is SourceKind.DELTA_CRL
