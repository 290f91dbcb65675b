"""The copy of the resident record (住民票の写し) as a one-page PDF."""

from __future__ import annotations

import datetime as dt

from jpki.apps.kit.text_pdf import TextDocument
from jpki.clock import JST
from jpki.profile.four_info import FourInfo


def resident_record(
    info: FourInfo, municipality: str, number: str, issued_at: dt.datetime
) -> TextDocument:
    """The record's text: the 4 information, the municipality, the certificate number and the
    issue time in JST."""
    birth = info.birth_date.isoformat() if info.birth_date else "不詳 / unknown"
    issued = issued_at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
    return TextDocument(
        "住民票の写し / Copy of the resident record",
        (
            f"氏名 / Name: {info.name}",
            f"住所 / Address: {info.address}",
            f"生年月日 / Date of birth: {birth}",
            f"性別 / Sex: {info.sex.label_ja}",
            "",
            "この写しは、住民票の原本と相違ないことを証明する。",
            "This copy is certified to match the resident record.",
            "",
            f"{municipality}長 / Mayor of {municipality}",
            f"交付番号 / Certificate number: {number}",
            f"交付日時 / Issued: {issued} JST (日本時間) (コンビニ交付 / kiosk)",
        ),
    )


def resident_record_pdf(
    info: FourInfo, municipality: str, number: str, issued_at: dt.datetime
) -> bytes:
    """The record's page, before the municipality's seal signs it."""
    return resident_record(info, municipality, number, issued_at).pdf()


__all__ = ["resident_record", "resident_record_pdf"]
