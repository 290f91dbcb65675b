"""CRLs: judged by the openssl command line."""

import datetime as dt

from cryptography import x509

from jpki.authority import events
from jpki.authority.crl_entries import RevokedEntry, build_revoked_certificate
from jpki.profile import oids
from jpki.profile.extensions import decode_revocation_detail
from jpki.profile.reasons import RevocationCause
from tests.holders import make_holder
from tests.openssl_cli import crl_text, verify_with_crl, write_pem


def _roots(authority, purpose):
    return authority.settings.roots_dir / f"{purpose}-ca.pem"


def test_openssl_accepts_valid_and_rejects_revoked_certificates(any_authority, tmp_path):
    authority = any_authority
    keep, mover = make_holder(authority), make_holder(authority)
    authority.apply_event(mover.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    authority.publish_crls()
    crl_dir = authority.settings.crl_dir
    ok = verify_with_crl(
        write_pem(tmp_path / "k.pem", keep.sign.certificate),
        _roots(authority, "sign"),
        crl_dir / "sign.crl",
        at=authority.clock.now(),
    )
    assert ok.returncode == 0, ok.stderr
    revoked = verify_with_crl(
        write_pem(tmp_path / "m.pem", mover.sign.certificate),
        _roots(authority, "sign"),
        crl_dir / "sign.crl",
        at=authority.clock.now(),
    )
    assert revoked.returncode != 0
    assert "certificate revoked" in revoked.stderr
    auth = verify_with_crl(
        write_pem(tmp_path / "a.pem", mover.auth.certificate),
        _roots(authority, "auth"),
        crl_dir / "auth.crl",
        at=authority.clock.now(),
    )
    assert auth.returncode == 0, auth.stderr
    text = crl_text(crl_dir / "sign.crl")
    assert "Affiliation Changed" in text
    assert f"{mover.sign.serial:X}" in text.replace(":", "")


def test_crl_numbers_grow_and_delta_lists_only_what_is_new(authority, tmp_path):
    first, second = make_holder(authority), make_holder(authority)
    authority.apply_event(first.resident.id, events.Die())
    authority.publish_crls()
    authority.apply_event(second.resident.id, events.LoseCard())
    published = authority.publish_crls(delta_only=True)
    delta = x509.load_der_x509_crl((authority.settings.crl_dir / "sign-delta.crl").read_bytes())
    full = x509.load_der_x509_crl((authority.settings.crl_dir / "sign.crl").read_bytes())
    base_number = full.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    indicator = delta.extensions.get_extension_for_class(x509.DeltaCRLIndicator).value
    assert indicator.crl_number == base_number
    assert delta.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number > base_number
    assert [r.serial_number for r in delta] == [second.sign.serial]
    assert {p.kind for p in published} == {"delta"}
    assert "Delta CRL Indicator" in crl_text(authority.settings.crl_dir / "sign-delta.crl")


def test_expired_revocations_leave_the_crl(authority, clock):
    holder = make_holder(authority)
    authority.apply_event(holder.resident.id, events.Emigrate())
    authority.publish_crls()
    assert len(x509.load_der_x509_crl((authority.settings.crl_dir / "auth.crl").read_bytes())) == 1
    clock.set(holder.auth.not_after + dt.timedelta(days=1))
    authority.publish_crls()
    crl = x509.load_der_x509_crl((authority.settings.crl_dir / "auth.crl").read_bytes())
    assert len(crl) == 0
    assert crl.next_update_utc == clock.now().replace(microsecond=0) + dt.timedelta(hours=24)


def test_large_cas_publish_shards_that_each_certificate_names(make_authority, tmp_path):
    authority = make_authority(crl_shard_size=2)
    holders = [make_holder(authority) for _ in range(3)]
    for h in holders:
        authority.apply_event(h.resident.id, events.RevokeVoluntarily())
    authority.publish_crls()
    last = holders[2].auth
    assert last.shard == 1
    shard_file = authority.settings.crl_dir / "auth-g1-s1.crl"
    shard = x509.load_der_x509_crl(shard_file.read_bytes())
    assert [r.serial_number for r in shard] == [last.serial]
    idp = shard.extensions.get_extension_for_class(x509.IssuingDistributionPoint).value
    cdp = last.certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert idp.full_name == cdp[0].full_name
    judged = verify_with_crl(
        write_pem(tmp_path / "l.pem", last.certificate),
        _roots(authority, "auth"),
        shard_file,
        at=authority.clock.now(),
    )
    assert "certificate revoked" in judged.stderr
    wrong_shard = verify_with_crl(
        write_pem(tmp_path / "l.pem", last.certificate), _roots(authority, "auth"),
        authority.settings.crl_dir / "auth-g1-s0.crl", at=authority.clock.now(),
    )  # fmt: skip
    assert wrong_shard.returncode != 0
    assert "certificate revoked" not in wrong_shard.stderr
    assert "different CRL scope" in wrong_shard.stderr


def test_rollover_keeps_both_generations_verifiable(authority, tmp_path):
    old = make_holder(authority)
    authority.rollover(old.sign.purpose)
    new = make_holder(authority)
    assert old.sign.generation_id != new.sign.generation_id
    assert old.sign.certificate.issuer == new.sign.certificate.issuer
    authority.apply_event(old.resident.id, events.Die())
    authority.publish_crls()
    roots = _roots(authority, "sign")
    assert roots.read_text().count("BEGIN CERTIFICATE") == 2
    crl_dir = authority.settings.crl_dir
    fresh = verify_with_crl(
        write_pem(tmp_path / "n.pem", new.sign.certificate),
        roots,
        crl_dir / "sign.crl",
        at=authority.clock.now(),
    )
    assert fresh.returncode == 0, fresh.stderr
    gone = verify_with_crl(
        write_pem(tmp_path / "o.pem", old.sign.certificate),
        roots,
        crl_dir / "sign-g1.crl",
        at=authority.clock.now(),
    )
    assert "certificate revoked" in gone.stderr


def test_seeds_step_1_detail_rides_in_a_non_critical_entry_extension(make_authority):
    authority = make_authority(seeds_improvements=True)
    holder = make_holder(authority)
    authority.apply_event(holder.resident.id, events.Die())
    authority.publish_crls()
    crl = x509.load_der_x509_crl((authority.settings.crl_dir / "sign.crl").read_bytes())
    extension = crl[0].extensions.get_extension_for_oid(oids.REVOCATION_DETAIL)
    assert not extension.critical
    assert decode_revocation_detail(extension.value.value).cause is RevocationCause.DEATH


def test_todays_jlis_behaviour_carries_no_detail():
    entry = RevokedEntry(1, 5, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 3, "death", "", 0)
    revoked = build_revoked_certificate(entry, with_detail=False)
    assert [e.oid for e in revoked.extensions] == [x509.CRLReason.oid]


def _publisher(authority, **options):
    from jpki.authority.crl import CrlPublisher

    settings = authority.settings
    return CrlPublisher(authority.database, authority.authorities, authority.clock,
                        settings.crl_dir, settings.crl_validity, settings.crl_shard_size,
                        settings.seeds_improvements, **options)  # fmt: skip


def _serials(authority, name="sign.crl"):
    return {
        r.serial_number
        for r in x509.load_der_x509_crl((authority.settings.crl_dir / name).read_bytes())
    }


def test_a_restarted_publisher_carries_entries_over_and_adds_new_ones(authority):
    first, second = make_holder(authority), make_holder(authority)
    authority.apply_event(first.resident.id, events.Die())
    authority.publish_crls()
    authority.apply_event(second.resident.id, events.Die())
    _publisher(authority).publish()
    assert _serials(authority) == {first.sign.serial, second.sign.serial}


def test_a_tampered_crl_file_is_not_trusted_for_carry_over(authority):
    first, second = make_holder(authority), make_holder(authority)
    authority.apply_event(first.resident.id, events.Die())
    authority.publish_crls()
    other = make_holder(authority)
    authority.apply_event(other.resident.id, events.Die())
    forged = authority.settings.crl_dir / "sign-g1.crl"
    # a validly signed CRL, but not the one the database recorded for this number
    authority.crls.publish()
    stale = forged.read_bytes()
    authority.apply_event(second.resident.id, events.Die())
    authority.crls.publish()
    forged.write_bytes(stale)
    _publisher(authority).publish()
    assert _serials(authority) == {first.sign.serial, other.sign.serial, second.sign.serial}
    forged.write_bytes(b"garbage")
    _publisher(authority).publish()
    assert _serials(authority) == {first.sign.serial, other.sign.serial, second.sign.serial}


def test_worker_processes_build_the_same_entries_as_the_publisher_itself(make_authority):
    authority = make_authority(seeds_improvements=True)
    holders = [make_holder(authority) for _ in range(5)]
    for h in holders:
        authority.apply_event(h.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    authority.publish_crls()
    serial_path = (authority.settings.crl_dir / "sign.crl").read_bytes()
    for path in authority.settings.crl_dir.glob("*.crl"):
        path.unlink()
    _publisher(authority, parallel_threshold=1).publish()
    parallel = x509.load_der_x509_crl((authority.settings.crl_dir / "sign.crl").read_bytes())
    expected = x509.load_der_x509_crl(serial_path)
    assert [(r.serial_number, r.revocation_date_utc) for r in parallel] == [
        (r.serial_number, r.revocation_date_utc) for r in expected
    ]
    detail = parallel[0].extensions.get_extension_for_oid(oids.REVOCATION_DETAIL)
    assert decode_revocation_detail(detail.value.value).changed_fields == {"address"}
    assert parallel.is_signature_valid(
        authority.authorities.current(holders[0].sign.purpose).key.public_key()
    )
