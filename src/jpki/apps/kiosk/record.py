"""The copy of the resident record (住民票の写し) as a one-page PDF."""

from __future__ import annotations

import datetime as dt

from jpki.apps.kit.text_pdf import text_pdf
from jpki.profile.four_info import FourInfo


def resident_record_pdf(
    info: FourInfo, municipality: str, number: str, issued_at: dt.datetime
) -> bytes:
    """The record's page: the 4 information, the municipality, the certificate number."""
    birth = info.birth_date.isoformat() if info.birth_date else "不詳 / unknown"
    lines = [
        "住民票の写し / Copy of the resident record",
        "",
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
        f"交付日時 / Issued: {issued_at.strftime('%Y-%m-%d %H:%M')} (コンビニ交付 / kiosk)",
    ]
    return text_pdf(lines)


__all__ = ["resident_record_pdf"]
