"""The copy of the resident record (住民票の写し) as a one-page PDF.

Names and addresses are Japanese, so the page embeds a subset of IPA Gothic (Debian's
`fonts-ipafont-gothic`); pyHanko lays out the text.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils import generic, writer
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle

from jpki.profile.four_info import FourInfo

FONTS = (
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)
A4 = (595, 842)


class FontMissing(RuntimeError):
    """No Japanese font to write the record with."""


def japanese_font() -> Path:
    for font in FONTS:
        if font.exists():
            return font
    raise FontMissing("no Japanese font: install Debian's fonts-ipafont-gothic")


def _blank_page() -> bytes:
    document = writer.PdfFileWriter()
    box = generic.ArrayObject(generic.NumberObject(n) for n in (0, 0, *A4))
    document.insert_page(writer.PageObject(contents=[], media_box=box))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


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
    document = IncrementalPdfFileWriter(io.BytesIO(_blank_page()))
    style = stamp.TextStampStyle(
        stamp_text="%(body)s",
        border_width=0,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(japanese_font())), font_size=12, leading=20
        ),
    )
    stamp.TextStamp(document, style, text_params={"body": "\n".join(lines)}).apply(0, 60, 400)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


__all__ = ["FontMissing", "japanese_font", "resident_record_pdf"]
