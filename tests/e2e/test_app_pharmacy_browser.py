"""E-prescriptions through `jpki up` (seed 002 No.6, seed 001 お薬手帳): a doctor gets an HPKI
certificate after card proofing, writes a prescription at the clinic for a patient whose card
was checked, signs it with the HPKI key on the doctor's own client; the patient takes the signed
file to the pharmacy, logs in with the card and receives the medicines, which the medicine
notebook then shows to that patient alone. Refused: a tampered file, a pharmacist's signature,
someone else's prescription, a second dispensing, a revoked doctor's certificate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.cms import sign_detached
from jpki.client.hpki import DoctorKey, application
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.clock import SystemClock
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.hpki import APPLY_PATH, Qualification, qualification_of
from tests.e2e.browser import approve_in_wallet
from tests.e2e.readable import page_problems
from tests.e2e.service_steps import clinic_reception
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A world of its own: the clinic's offline cache and the pharmacy's patients count only
    this module's cards (the shared world's clinic test counts its cache)."""
    yield from up_world_in(tmp_path_factory.mktemp("pharmacy-up"))


def link_at_clinic(page: Any, clinic: str, patient: dict[str, Any], lang: str = "en") -> None:
    page.goto(f"{clinic}/?lang={lang}")
    page.get_by_test_id("link").click()
    approve_in_wallet(page, patient, sign_password=patient["sign_password"])
    page.get_by_test_id("insured-number").wait_for()


def hpki_certificate(
    up_world: Any,
    resident: dict[str, Any],
    licence: str,
    qualification: Qualification,
    folder: Path,
) -> tuple[DoctorKey, x509.Certificate]:
    """What `jpki hpki apply` does: a key file, the card signing the application, the CA's answer."""
    store = ImageStore.open(up_world.directory / "cards" / f"{resident['id']}.card")
    token = JpkiToken(InProcessReader(Card(store)))
    token.verify(CertificatePurpose.SIGN, resident["sign_password"])
    card_certificate = token.certificate(CertificatePurpose.SIGN)
    key = DoctorKey.create(folder / f"{licence}.key")

    def card_signature(text: bytes) -> bytes:
        return sign_detached(token, text, card_certificate, SystemClock().now())

    asked = application(key, "applicant", licence, qualification, card_signature)
    reply = httpx.post(
        up_world.url("hpki") + APPLY_PATH, json=asked.model_dump(mode="json"), timeout=30
    )
    assert reply.status_code == 201, reply.text
    return key, x509.load_pem_x509_certificate(reply.json()["certificate"].encode())


def licensed(up_world: Any, qualification: Qualification) -> dict[str, Any]:
    """The demo resident the world's qualification registry lists with `qualification`."""
    licences = json.loads((up_world.directory / "hpki" / "registry.json").read_text())
    name = next(lic["name"] for lic in licences if lic["qualification"] == qualification.value)
    return next(r for r in up_world.residents if r["name"] == name)


def write_prescription(page: Any, clinic: str, patient: dict[str, Any], medicine: str) -> str:
    """Reception checks the patient's card, the doctor writes; the access code."""
    assert "Qualification confirmed" in clinic_reception(page, clinic, patient)
    page.get_by_test_id("prescribe").click()
    assert page.get_by_test_id("patient").inner_text() == patient["name"]
    page.get_by_test_id("medicine").fill(medicine)
    page.get_by_test_id("dose").fill("1 tablet after breakfast / 1日1回朝食後1錠")
    page.get_by_test_id("days").fill("14")
    page.get_by_test_id("write").click()
    return str(page.get_by_test_id("access-code").inner_text())


def hand_in(page: Any, signed: bytes) -> None:
    page.get_by_test_id("signature-file").set_input_files(
        {"name": "prescription.p7m", "mimeType": "application/pkcs7-mime", "buffer": signed}
    )
    page.get_by_test_id("hand-in").click()


def at_pharmacy(page: Any, pharmacy: str, signed: bytes, patient: dict[str, Any] | None) -> str:
    """Hand the file over; the patient's card login when the file passes; the verdict or the
    dispensing number."""
    page.goto(f"{pharmacy}/")
    page.get_by_test_id("prescription-file").set_input_files(
        {"name": "prescription.p7m", "mimeType": "application/pkcs7-mime", "buffer": signed}
    )
    page.get_by_test_id("check").click()
    page.locator('[data-testid="verdict"], [data-testid="same-device"]').first.wait_for()
    if patient is not None and page.get_by_test_id("verdict").count() == 0:
        approve_in_wallet(page, patient, pin=patient["auth_pin"])
    if page.get_by_test_id("verdict").count():
        return str(page.get_by_test_id("verdict").get_attribute("data-verdict"))
    return str(page.get_by_test_id("dispensed").inner_text())


def pharmacy_refusals(
    page: Any, pharmacy: str, signed: bytes, by_pharmacist: bytes, other: dict[str, Any]
) -> None:
    """Each refusal in words: tampered, not a prescription, a pharmacist's, someone else's."""
    tampered = signed.replace(b'"days":14', b'"days":94')
    assert tampered != signed
    assert at_pharmacy(page, pharmacy, tampered, None) == "invalid-signature"
    assert "changed after the doctor signed" in page.get_by_test_id("verdict").inner_text()
    assert at_pharmacy(page, pharmacy, b"not a prescription", None) == "malformed"
    assert at_pharmacy(page, pharmacy, by_pharmacist, None) == "not-a-doctor"
    assert at_pharmacy(page, pharmacy, signed, other) == "wrong-patient"
    assert "for someone else" in page.get_by_test_id("verdict").inner_text()


def notebooks(
    page: Any, pharmacy: str, patient: dict[str, Any], other: dict[str, Any], doctor: dict[str, Any]
) -> None:
    """The patient's notebook in both languages shows the dispensing; another's shows none."""
    page.goto(f"{pharmacy}/notebook")
    approve_in_wallet(page, patient, pin=patient["auth_pin"])
    assert page.get_by_test_id("owner").inner_text() == patient["name"]
    entries = page.get_by_test_id("entry").all_inner_texts()
    assert len(entries) == 1
    assert "Amlodipine 5 mg" in entries[0]
    assert doctor["name"] in entries[0]
    assert page_problems(page) == []
    page.goto(f"{pharmacy}/notebook?lang=ja")
    approve_in_wallet(page, patient, pin=patient["auth_pin"])
    assert "アムロジピン錠5mg" in page.get_by_test_id("entry").first.inner_text()
    assert page_problems(page) == []

    page.goto(f"{pharmacy}/notebook")
    approve_in_wallet(page, other, pin=other["auth_pin"])  # only their own notebook
    assert page.get_by_test_id("owner").inner_text() == other["name"]
    assert page.get_by_test_id("entry").count() == 0
    assert patient["name"] not in page.content()
    assert "Amlodipine" not in page.content()


def test_doctor_signs_at_the_clinic_and_the_patient_receives_at_the_pharmacy(
    world, browser_page, tmp_path
):
    clinic, pharmacy, page = world.url("clinic"), world.url("pharmacy"), browser_page
    doctor = licensed(world, Qualification.DOCTOR)
    pharmacist = licensed(world, Qualification.PHARMACIST)
    patient, other = [r for r in world.adults()[9:] if r not in (doctor, pharmacist)][:2]
    doctor_key, doctor_certificate = hpki_certificate(
        world, doctor, "512345", Qualification.DOCTOR, tmp_path
    )
    pharmacist_key, pharmacist_certificate = hpki_certificate(
        world, pharmacist, "398765", Qualification.PHARMACIST, tmp_path
    )
    assert qualification_of(doctor_certificate) is Qualification.DOCTOR
    assert doctor["address"] not in str(doctor_certificate.subject)

    link_at_clinic(page, clinic, patient)
    code = write_prescription(page, clinic, patient, "Amlodipine 5 mg / アムロジピン錠5mg")
    content = httpx.get(f"{clinic}/prescriptions/{code}/content").content
    prescription_page = page.url

    hand_in(
        page, pharmacist_key.sign(content, pharmacist_certificate)
    )  # a pharmacist cannot prescribe
    assert page.get_by_test_id("verdict").get_attribute("data-verdict") == "not-a-doctor"
    assert "not a doctor" in page.get_by_test_id("verdict").inner_text()
    page.goto(prescription_page)
    other_content = content.replace(b'"days":14', b'"days":15')
    hand_in(page, doctor_key.sign(other_content, doctor_certificate))  # not what was written
    assert page.get_by_test_id("verdict").get_attribute("data-verdict") == "other-prescription"
    page.goto(prescription_page)
    hand_in(page, doctor_key.sign(content, doctor_certificate))
    assert doctor["name"] in page.get_by_test_id("signed").inner_text()
    signed = httpx.get(f"{clinic}/prescriptions/{code}/signed.p7m").content

    for resident in (patient, other):
        page.goto(f"{pharmacy}/")
        page.get_by_test_id("register").click()
        approve_in_wallet(page, resident, sign_password=resident["sign_password"])
        assert "registered" in page.get_by_test_id("message").inner_text()

    pharmacy_refusals(
        page, pharmacy, signed, pharmacist_key.sign(content, pharmacist_certificate), other
    )
    dispensed = at_pharmacy(page, pharmacy, signed, patient)
    assert dispensed.startswith("Dispensed")
    assert at_pharmacy(page, pharmacy, signed, None) == "already-dispensed"

    notebooks(page, pharmacy, patient, other, doctor)


def test_a_revoked_doctors_prescription_is_refused_in_both_languages(world, browser_page, tmp_path):
    clinic, pharmacy, page = world.url("clinic"), world.url("pharmacy"), browser_page
    doctor = licensed(world, Qualification.DOCTOR)
    patient = next(r for r in world.adults()[11:] if r is not doctor)
    key, certificate = hpki_certificate(world, doctor, "512345", Qualification.DOCTOR, tmp_path)
    link_at_clinic(page, clinic, patient, "ja")
    code = write_prescription_ja(page, clinic, patient)
    assert page_problems(page) == []
    content = httpx.get(f"{clinic}/prescriptions/{code}/content").content
    signed = key.sign(content, certificate)

    operator = json.loads((world.directory / "hpki" / "tenant.json").read_text())["operator_token"]
    revoked = httpx.post(
        world.url("hpki") + "/v1/revocations", json={"serial": f"{certificate.serial_number:x}"},
        headers={"Authorization": f"Bearer {operator}"},
    )  # fmt: skip
    assert revoked.status_code == 200
    hand_in(page, signed)
    assert page.get_by_test_id("verdict").get_attribute("data-verdict") == "revoked"
    assert "失効" in page.get_by_test_id("verdict").inner_text()
    for lang, words in (("en", "Certificates issued"), ("ja", "発行済みの証明書")):
        page.goto(f"{world.url('hpki')}/?lang={lang}")
        assert words in page.locator("main").inner_text()
        assert ("Medical Doctor" if lang == "en" else "医師") in page.get_by_test_id(
            "issued"
        ).inner_text()
        assert page_problems(page) == []
    page.goto(f"{pharmacy}/?lang=ja")
    assert page_problems(page) == []
    assert at_pharmacy(page, pharmacy, signed, None) == "revoked"
    assert "失効しています" in page.get_by_test_id("verdict").inner_text()
    assert page_problems(page) == []


def write_prescription_ja(page: Any, clinic: str, patient: dict[str, Any]) -> str:
    page.goto(f"{clinic}/reception?terminal=desk-1&lang=ja")
    approve_in_wallet(page, patient, pin=patient["auth_pin"])
    assert "資格を確認しました" in page.get_by_test_id("outcome").inner_text()
    page.get_by_test_id("prescribe").click()
    assert page_problems(page) == []
    page.get_by_test_id("medicine").fill("ロキソプロフェン錠60mg")
    page.get_by_test_id("dose").fill("1日3回毎食後1錠")
    page.get_by_test_id("days").fill("5")
    page.get_by_test_id("write").click()
    return str(page.get_by_test_id("access-code").inner_text())
