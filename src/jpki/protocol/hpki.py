"""The HPKI certificate profile (保健医療福祉分野PKI, healthcare PKI) as it travels between the
HPKI authority, the doctor's client, the clinic and the pharmacy; and the e-prescription
document (電子処方箋) they sign and check.

Every choice about the profile that could not be confirmed against the published policy is
kept in this one module and listed in docs/hpki.md ("What is not confirmed"):

- the qualification (資格) is the ISO/TS 17090 `hcRole` attribute, carried in the certificate's
  subjectDirectoryAttributes extension (2.5.29.9). The MHLW policy (保健医療福祉分野PKI認証局
  証明書ポリシ, §7.1.2) confirms an hcRole attribute holding the national qualification's
  English name; the attribute OID `1.0.17090.0.1`, the coding-scheme OID and the exact ASN.1
  tagging of `HCActor` below are our reading of ISO/TS 17090-3 and not confirmed;
- the subject holds the country and the holder's registered name (one UTF8String CN, as the
  JPKI card records it; whether real HPKI CAs put the kanji or a roman-letter name there is not
  confirmed) and never an address: the seeds' "住所の記載のない署名" is the point of HPKI
  (seed 000).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import re
from typing import Any

from asn1crypto import core
from cryptography import x509
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from jpki.profile.errors import ProfileError
from jpki.protocol.published import CRL_FOLDER, HPKI_CRL_NAME

HC_ROLE_OID = "1.0.17090.0.1"
"""id-hcpki-at-healthcareactor (hcRole), ISO/TS 17090-3 (our reading; not confirmed)."""
HC_ROLE_SCHEME_OID = "1.2.392.100495.1.6.1.1"
"""The coding scheme naming Japan's national qualifications (not confirmed: sandbox choice)."""
HPKI_SIGN_POLICY_OID = "1.2.392.100495.1.5.1.1.1"
"""The certificate policy of an HPKI signing certificate (署名用; not confirmed)."""
SUBJECT_DIRECTORY_ATTRIBUTES = x509.ObjectIdentifier("2.5.29.9")


class MalformedHpki(ProfileError):
    """An HPKI certificate's qualification or an e-prescription does not follow the profile."""


class Qualification(enum.StrEnum):
    """A national qualification (国家資格) an HPKI certificate may name, by its English name in
    the hcRole attribute (the MHLW policy's English notation)."""

    DOCTOR = "Medical Doctor"
    """医師"""
    PHARMACIST = "Pharmacist"
    """薬剤師"""

    @property
    def ja(self) -> str:
        return {"Medical Doctor": "医師", "Pharmacist": "薬剤師"}[self.value]


# -- hcRole (ISO/TS 17090) ---------------------------------------------------------------------


class _CodedData(core.Sequence):
    _fields = [
        ("coding_scheme_reference", core.ObjectIdentifier),
        ("code_data_value", core.UTF8String),
    ]


class _HcActor(core.Sequence):
    _fields = [("coded_data", _CodedData, {"explicit": 0, "optional": True})]


class _HcActorData(core.SetOf):
    _child_spec = _HcActor


class _AnyValues(core.SetOf):
    _child_spec = core.Any


class _AnyAttribute(core.Sequence):
    """An X.501 Attribute: its type and its SET OF values (an hcRole's value is HCActorData)."""

    _fields = [("type", core.ObjectIdentifier), ("values", _AnyValues)]


class _SubjectDirectoryAttributes(core.SequenceOf):
    _child_spec = _AnyAttribute


def _hc_role_value(qualification: Qualification) -> bytes:
    actor = _HcActor(
        {
            "coded_data": _CodedData(
                {
                    "coding_scheme_reference": HC_ROLE_SCHEME_OID,
                    "code_data_value": qualification.value,
                }
            )
        }
    )
    attribute = _AnyAttribute(
        {"type": HC_ROLE_OID, "values": [core.Any.load(_HcActorData([actor]).dump())]}
    )
    return bytes(_SubjectDirectoryAttributes([attribute]).dump())


def hc_role_extension(qualification: Qualification) -> x509.UnrecognizedExtension:
    """The subjectDirectoryAttributes extension carrying `qualification` as hcRole."""
    return x509.UnrecognizedExtension(SUBJECT_DIRECTORY_ATTRIBUTES, _hc_role_value(qualification))


def parse_hc_role(value: bytes) -> Qualification:
    """The qualification in a subjectDirectoryAttributes extension's DER value. Our profile
    names exactly one: anything else (not exactly our DER, an unknown scheme or qualification,
    several) is `MalformedHpki`."""
    try:
        attributes = _SubjectDirectoryAttributes.load(value, strict=True)
        roles: list[Qualification] = []
        for attribute in attributes:
            if attribute["type"].dotted != HC_ROLE_OID:
                continue
            for one in attribute["values"]:
                roles.extend(_roles_of(_HcActorData.load(one.dump(), strict=True)))
        if len(roles) != 1:
            raise ValueError(f"{len(roles)} hcRole values, not one")
        if _hc_role_value(roles[0]) != value:
            raise ValueError("not the profile's DER")
        return roles[0]
    except MalformedHpki:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise MalformedHpki(f"the hcRole attribute is malformed: {exc}") from exc


def _roles_of(actors: _HcActorData) -> list[Qualification]:
    roles = []
    for actor in actors:
        coded = actor["coded_data"]
        if isinstance(coded, core.Void):
            raise ValueError("an hcRole without coded data")
        if coded["coding_scheme_reference"].dotted != HC_ROLE_SCHEME_OID:
            raise ValueError("an hcRole of an unknown coding scheme")
        roles.append(Qualification(coded["code_data_value"].native))
    return roles


def qualification_of(certificate: x509.Certificate) -> Qualification:
    """The qualification an HPKI certificate names (`MalformedHpki` when it names none)."""
    try:
        extension = certificate.extensions.get_extension_for_oid(SUBJECT_DIRECTORY_ATTRIBUTES)
    except x509.ExtensionNotFound as exc:
        raise MalformedHpki("the certificate carries no qualification (hcRole)") from exc
    except ValueError as exc:
        raise MalformedHpki(f"the certificate's extensions do not parse: {exc}") from exc
    value = extension.value
    if not isinstance(value, x509.UnrecognizedExtension):
        raise MalformedHpki("subjectDirectoryAttributes in an unexpected form")
    return parse_hc_role(value.value)


# -- what the HPKI authority publishes ---------------------------------------------------------

CA_PATH = "/ca.pem"
"""Where the HPKI authority serves its CA certificate (PEM)."""
CRL_PATH = f"/{CRL_FOLDER}/{HPKI_CRL_NAME}"
"""Where it serves its complete CRL (DER), also named in every certificate's CRL DP."""
APPLY_PATH = "/v1/applications"
"""Where a doctor's client posts an `Application`."""


class Message(BaseModel):
    """A frozen message: extra fields are refused, so a typo is not silently dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Application(Message):
    """A doctor's application for an HPKI signing certificate (発行申請): the request (CSR,
    made by the doctor's client for a key that never leaves it), the licence it claims, and
    the JPKI signing certificate's CMS over `application_text(...)` (card proofing)."""

    csr: str = Field(description="PKCS#10 request, PEM", max_length=20_000)
    licence_number: str = Field(
        description="登録番号 (医籍 or 薬剤師名簿)", pattern=r"^[0-9]{1,10}$"
    )
    qualification: Qualification
    signature: str = Field(description="Detached CMS (base64) over the application text")


def application_text(csr_pem: str, licence_number: str, qualification: Qualification) -> bytes:
    """What the doctor signs with the card: the request and the claimed licence, in words."""
    return (
        f"HPKI署名用証明書 発行申請 / HPKI signing certificate application\n"
        f"資格 / qualification: {qualification.ja} / {qualification.value}\n"
        f"登録番号 / licence number: {licence_number}\n"
        f"{csr_pem.strip()}\n"
    ).encode()


class Issued(Message):
    """The HPKI authority's answer: the certificate (PEM) and its serial."""

    certificate: str
    serial: str


# -- the e-prescription (電子処方箋) -------------------------------------------------------------

ACCESS_CODE = re.compile(r"^[0-9A-F]{16}$")
"""A prescription's access code (引換番号): what the patient shows at the pharmacy."""


class Medicine(Message):
    """One line of a prescription (処方): a drug, its dose and how many days."""

    name: str = Field(min_length=1, max_length=100)
    dose: str = Field(min_length=1, max_length=100)
    days: int = Field(ge=1, le=365)


class Prescription(Message):
    """The document the doctor signs (the signed content of the CMS), as canonical JSON."""

    kind: str = Field(default="jpki-e-prescription/1", pattern=r"^jpki-e-prescription/1$")
    access_code: str = Field(pattern=ACCESS_CODE.pattern)
    clinic: str = Field(pattern=r"^[0-9]{10}$", description="医療機関コード")
    issued_at: AwareDatetime
    patient_name: str = Field(min_length=1, max_length=200)
    patient_birth_date: dt.date | None
    insured_number: str = Field(max_length=32)
    medicines: tuple[Medicine, ...] = Field(min_length=1, max_length=20)

    def content(self) -> bytes:
        """The canonical bytes that are signed: sorted keys, no spaces, UTF-8."""
        data = self.model_dump(mode="json")
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def parse_prescription(content: bytes) -> Prescription:
    """A signed prescription's content, refused (`MalformedHpki`) unless it is the canonical
    JSON of a `Prescription` (so two encodings cannot carry one signature)."""
    try:
        data: Any = json.loads(content.decode("utf-8"))
        prescription = Prescription.model_validate(data)
    except (UnicodeDecodeError, ValueError, ValidationError, RecursionError) as exc:
        raise MalformedHpki(f"not an e-prescription: {str(exc)[:200]}") from exc
    if prescription.content() != content:
        raise MalformedHpki("not an e-prescription: the JSON is not canonical")
    return prescription


@dataclasses.dataclass(frozen=True)
class Published:
    """Where one HPKI authority publishes (base URL)."""

    base_url: str

    @property
    def crl_url(self) -> str:
        return self.base_url.rstrip("/") + CRL_PATH

    @property
    def ca_url(self) -> str:
        return self.base_url.rstrip("/") + CA_PATH


__all__ = [
    "ACCESS_CODE",
    "APPLY_PATH",
    "CA_PATH",
    "CRL_PATH",
    "HC_ROLE_OID",
    "HC_ROLE_SCHEME_OID",
    "HPKI_SIGN_POLICY_OID",
    "SUBJECT_DIRECTORY_ATTRIBUTES",
    "Application",
    "Issued",
    "MalformedHpki",
    "Medicine",
    "Prescription",
    "Published",
    "Qualification",
    "application_text",
    "hc_role_extension",
    "parse_hc_role",
    "parse_prescription",
    "qualification_of",
]
