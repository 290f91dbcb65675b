"""One-page Japanese text documents as PDF: what services issue and have signed (a resident
record copy, a loan contract).

Names and addresses are Japanese, so the page embeds a subset of IPA Gothic (Debian's
`fonts-ipafont-gothic`); pyHanko lays out the text. The result is a plain PDF that a card or
an organisation seal then signs as an incremental update.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils import generic, writer
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle

FONTS = (
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)
A4 = (595, 842)


class FontMissing(RuntimeError):
    """No Japanese font to write the document with."""


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


def text_pdf(lines: Sequence[str], *, font_size: int = 12, leading: int = 20) -> bytes:
    """An A4 page with `lines` from the top left, in IPA Gothic."""
    document = IncrementalPdfFileWriter(io.BytesIO(_blank_page()))
    style = stamp.TextStampStyle(
        stamp_text="%(body)s",
        border_width=0,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(japanese_font())),
            font_size=font_size,
            leading=leading,
        ),
    )
    top = A4[1] - 60 - leading * len(lines)
    stamp.TextStamp(document, style, text_params={"body": "\n".join(lines)}).apply(0, 60, top)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


__all__ = ["FontMissing", "japanese_font", "text_pdf"]
