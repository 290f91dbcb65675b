"""The revocation index: CRL decoding against cryptography, deltas, shards, freshness, refresh."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause, RevocationReason
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.revocation.crl import load_crl
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.revocation.refresh import CrlFeed, Refresher
from jpki.verifier.revocation.table import RevokedSerials
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import SourceKind, Status
from tests.holders import make_holder

AUTH = CertificatePurpose.AUTH
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CRL issuer")])
ROOT = (
    x509.CertificateBuilder()
    .subject_name(NAME)
    .issuer_name(NAME)
    .public_key(KEY.public_key())
    .serial_number(1)
    .not_valid_before(dt.datetime(2020, 1, 1))
    .not_valid_after(dt.datetime(2040, 1, 1))
    .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    .sign(KEY, hashes.SHA256())
)
ANCHORS = TrustAnchors([ROOT])
FLAGS = [f for f in x509.ReasonFlags if f is not x509.ReasonFlags.remove_from_crl]

entry_strategy = st.tuples(
    st.integers(min_value=1, max_value=(1 << 158) - 1),
    st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2105, 12, 31)).map(
        lambda d: d.replace(microsecond=0, tzinfo=dt.UTC)
    ),
    st.one_of(st.none(), st.sampled_from(FLAGS)),
    st.booleans(),
)


def signed_crl(entries: list[tuple[int, dt.datetime, x509.ReasonFlags | None, bool]]) -> bytes:
    revoked = []
    for serial, moment, reason, invalidity in entries:
        builder = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(moment)
        if invalidity:  # a second extension first: the general decoder must take it
            builder = builder.add_extension(x509.InvalidityDate(dt.datetime(2020, 1, 1)), False)
        if reason is not None:
            builder = builder.add_extension(x509.CRLReason(reason), False)
        revoked.append(builder.build())
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return (
        x509.CertificateRevocationListBuilder(
            issuer_name=NAME,
            last_update=now,
            next_update=now + dt.timedelta(days=1),
            revoked_certificates=revoked,
        )
        .sign(KEY, hashes.SHA256())
        .public_bytes(Encoding.DER)
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(entry_strategy, max_size=40, unique_by=lambda e: e[0]))
def test_decoded_entries_match_cryptography(entries):
    der = signed_crl(entries)
    loaded = load_crl(der, ANCHORS)
    table = RevokedSerials(
        loaded.entries.serials,
        loaded.entries.times,
        loaded.entries.reasons,
        loaded.entries.overflow,
    )
    assert len(table) == len(entries)
    for revoked in x509.load_der_x509_crl(der):
        found = table.get(revoked.serial_number)
        assert found is not None
        assert found.revoked_at == revoked.revocation_date_utc
        try:
            flag = revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason
            expected = int(RevocationReason.from_flag(flag))
        except x509.ExtensionNotFound:
            expected = None
        assert found.reason == expected
    assert table.get(0) is None


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_crls_are_refused_cleanly(data):
    der = bytearray(
        signed_crl([(n + 1, dt.datetime(2025, 1, 1, tzinfo=dt.UTC), None, False) for n in range(5)])
    )
    for _ in range(data.draw(st.integers(1, 3))):
        der[data.draw(st.integers(0, len(der) - 1))] ^= data.draw(st.integers(1, 255))
    cut = data.draw(st.integers(0, len(der)))
    with pytest.raises(RevocationDataError):
        load_crl(bytes(der[:cut]), ANCHORS)


def test_large_table_lookups():
    import numpy as np

    rng = np.random.default_rng(5)
    serials = rng.integers(1, 1 << 63, size=100_000, dtype=np.uint64)
    serials = np.unique(serials)
    table = RevokedSerials(
        serials, np.full(len(serials), 1_700_000_000, np.uint32), np.full(len(serials), 4, np.uint8)
    )
    assert all(int(s) in table for s in serials[:2000])
    assert sum(int(s) + 1 in table for s in serials[:2000]) <= 2
    assert table.nbytes / len(table) <= 24


@pytest.fixture
def index(authority, clock):
    anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
    return RevocationIndex(anchors, clock)


def crl_file(authority, name: str) -> bytes:
    return (authority.settings.crl_dir / name).read_bytes()


def test_delta_crl_adds_revocations_and_fails_closed_when_stale(authority, clock, index):
    first, second = make_holder(authority), make_holder(authority)
    authority.revoke(first.auth.serial, RevocationCause.VOLUNTARY)
    authority.publish_crls()
    index.add_crl(crl_file(authority, "auth.crl"))
    validator = Validator(index.anchors, index, clock)
    assert validator.check(second.auth.der).status is Status.VALID
    clock.advance(dt.timedelta(minutes=5))
    authority.revoke(second.auth.serial, RevocationCause.CARD_LOST)
    authority.publish_crls(delta_only=True)
    index.add_crl(crl_file(authority, "auth-delta.crl"))
    verdict = validator.check(second.auth.der)
    assert verdict.status is Status.REVOKED
    assert verdict.reason is RevocationReason.CERTIFICATE_HOLD
    assert verdict.source.kind is SourceKind.DELTA_CRL
    assert validator.check(first.auth.der).status is Status.REVOKED
    clock.advance(dt.timedelta(days=3))  # past nextUpdate, nothing new loaded
    stale = validator.check(first.auth.der)
    assert stale.status is Status.REVOCATION_UNKNOWN
    assert "fail closed" in stale.message


def test_shards_cover_their_own_certificates(make_authority, clock):
    authority = make_authority(crl_shard_size=2)
    holders = [make_holder(authority, sign=False) for _ in range(5)]
    authority.revoke(holders[4].auth.serial, RevocationCause.DEATH)
    published = authority.publish_crls()
    shards = [p.path for p in published if p.kind == "shard" and p.purpose == "auth"]
    assert len(shards) >= 2
    anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
    index = RevocationIndex(anchors, clock)
    validator = Validator(anchors, index, clock)
    last = shards[-1]
    index.add_crl(last.read_bytes())
    assert validator.check(holders[4].auth.der).status is Status.REVOKED
    assert validator.check(holders[0].auth.der).status is Status.REVOCATION_UNKNOWN
    for path in shards:
        index.add_crl(path.read_bytes())
    assert validator.check(holders[0].auth.der).status is Status.VALID


def test_background_refresh_picks_up_new_crls(authority, clock, index):
    holder = make_holder(authority)
    authority.publish_crls()
    source = authority.settings.crl_dir / "auth.crl"
    refresher = Refresher(index, CrlFeed([source]), clock, poll_seconds=0.01)
    refresher.refresh()
    validator = Validator(index.anchors, index, clock)
    assert validator.check(holder.auth.der).status is Status.VALID
    assert refresher.refresh_if_due() is None  # not due yet
    authority.revoke(holder.auth.serial, RevocationCause.KEY_COMPROMISE)
    clock.advance(dt.timedelta(days=1))
    authority.publish_crls()
    refresher.start()
    try:
        import time

        deadline = time.monotonic() + 10
        while validator.check(holder.auth.der).status is not Status.REVOKED:
            assert time.monotonic() < deadline, "the background refresh did not load the new CRL"
            time.sleep(0.02)
    finally:
        refresher.stop()
    assert validator.check(holder.auth.der).reason is RevocationReason.KEY_COMPROMISE


def test_crl_of_unknown_issuer_is_refused(authority, index):
    authority.publish_crls()
    with pytest.raises(RevocationDataError):
        RevocationIndex(ANCHORS, authority.clock).add_crl(crl_file(authority, "auth.crl"))
    assert index.add_crl(crl_file(authority, "auth.crl")).anchor.purpose is AUTH


def test_crl_of_the_other_purpose_does_not_answer(authority, clock, index):
    holder = make_holder(authority)
    authority.publish_crls()
    index.add_crl(crl_file(authority, "sign.crl"))
    verdict = Validator(index.anchors, index, clock).check(holder.auth.der)
    assert verdict.status is Status.REVOCATION_UNKNOWN
