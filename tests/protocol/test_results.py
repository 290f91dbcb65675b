"""The platform's /v1 results as protocol messages: their JSON is the verifier's verdict as it
always was, a 代行 tenant's verdict lacks the holder's fields, and every message survives a
JSON round trip with exactly the keys it had."""

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from jpki.platform.service import HIDDEN_FROM_DAIKO
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationReason
from jpki.profile.status import Situation
from jpki.protocol.four_info import FourInfoJson
from jpki.protocol.levels import Level
from jpki.protocol.verification import (
    CertificateVerdict,
    LoginAccepted,
    LoginRefused,
    LoginResult,
    Receipted,
    StatusLine,
    StatusReport,
)
from jpki.verifier.signatures import SignatureVerdict
from jpki.verifier.verdict import Revocation, RevocationSource, SourceKind, Status, Verdict

VERDICT_KEYS = [
    "status", "valid", "message", "checked_at", "purpose", "serial", "subject_id",
    "issuer_generation", "four_info", "latest_four_info", "revocation", "source", "path",
]  # fmt: skip

texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20)
four_infos = st.builds(
    FourInfo,
    texts,
    texts,
    st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.sampled_from(Sex),
)
instants = st.datetimes(
    dt.datetime(2000, 1, 1),
    dt.datetime(2100, 1, 1),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=9))]),
)
sources = st.builds(
    RevocationSource,
    st.sampled_from(SourceKind),
    st.none() | instants,
    st.none() | instants,
    st.none() | instants,
    texts,
)
verdicts = st.builds(
    Verdict,
    st.sampled_from(Status),
    texts,
    instants,
    purpose=st.none() | st.sampled_from(CertificatePurpose),
    serial=st.none() | st.integers(1, 2**159),
    subject_id=st.none() | texts,
    issuer_generation=st.none() | st.binary(min_size=1, max_size=20),
    four_info=st.none() | four_infos,
    revocation=st.none() | st.builds(Revocation, st.sampled_from(list(RevocationReason)), instants),
    source=sources,
    latest_four_info=st.none() | four_infos,
    path=st.sampled_from(["jpki", "generic"]),
)


def reparsed(message: CertificateVerdict) -> dict:
    return CertificateVerdict.model_validate_json(json.dumps(message.to_wire())).to_wire()


@given(four_infos)
def test_four_info_round_trips_through_json(info):
    wire = FourInfoJson.of(info).model_dump_json()
    assert FourInfoJson.model_validate_json(wire).to_four_info() == info
    assert set(json.loads(wire)) == {"name", "address", "birth_date", "sex"}


def test_four_info_json_is_the_profile_s_codes():
    info = FourInfo("山田　太郎", "東京都千代田区", dt.date(1990, 4, 1), Sex.FEMALE)
    assert FourInfoJson.of(info).model_dump(mode="json") == {
        "name": "山田　太郎",
        "address": "東京都千代田区",
        "birth_date": "1990-04-01",
        "sex": "2",
    }


@given(verdicts)
def test_a_verdict_keeps_every_key_and_survives_json(verdict):
    wire = verdict.to_json()
    assert list(wire) == VERDICT_KEYS
    assert wire["checked_at"] == verdict.checked_at.isoformat()
    assert reparsed(verdict.to_message()) == wire


@given(verdicts)
def test_a_daiko_verdict_lacks_the_holder_s_fields(verdict):
    shown = verdict.to_message().withholding(HIDDEN_FROM_DAIKO)
    assert list(shown.to_wire()) == [key for key in VERDICT_KEYS if key not in HIDDEN_FROM_DAIKO]
    assert reparsed(shown) == shown.to_wire()


@given(verdicts, st.booleans(), st.none() | instants)
def test_a_signature_verdict_nests_the_certificate_s(verdict, intact, signing_time):
    signature = SignatureVerdict("cms", intact, "checked", verdict, signing_time, ("a", "b"))
    wire = signature.to_json()
    assert wire["certificate"] == verdict.to_json()
    assert wire["valid"] is (intact and verdict.valid)
    assert wire["details"] == ["a", "b"]


@given(verdicts)
def test_logins_are_told_apart_by_accepted_and_keep_their_keys(verdict):
    logins: TypeAdapter[Receipted[LoginResult]] = TypeAdapter(Receipted[LoginResult])
    refused = LoginRefused(accepted=False, error="replayed", message="the nonce was used")
    accepted = LoginAccepted(
        accepted=True,
        assurance=Level.PIN,
        verdict=verdict.to_message(),
        linked=False,
        user_id=None,
        customers=[],
    )
    for result in (refused, accepted):
        wire = {"receipt": "20261123-0000000001", "result": result.to_wire()}
        parsed = logins.validate_json(json.dumps(wire))
        assert type(parsed.result) is type(result)
        assert logins.dump_python(parsed, mode="json", exclude_unset=True) == wire
    assert "verdict" not in refused.to_wire()
    assert "institution_code" not in accepted.to_wire()


def test_a_status_report_is_keyed_by_situation():
    line = StatusLine(
        index=0,
        reference="acct-1",
        situation=Situation.DETAILS_CHANGED,
        label_en=Situation.DETAILS_CHANGED.label_en,
        label_ja=Situation.DETAILS_CHANGED.label_ja,
        sign_reason="affiliationChanged",
        auth_reason=None,
        latest_four_info=FourInfoJson.of(FourInfo("a", "b", None, Sex.MALE)),
        note="",
    )
    report = StatusReport(summary={Situation.DETAILS_CHANGED: 1}, items=[line])
    wire = report.to_wire()
    assert wire["summary"] == {"details-changed": 1}
    assert wire["items"][0]["latest_four_info"] == {
        "name": "a", "address": "b", "birth_date": None, "sex": "1"
    }  # fmt: skip
    assert StatusReport.model_validate_json(json.dumps(wire)) == report
