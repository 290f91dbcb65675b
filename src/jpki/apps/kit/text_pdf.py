"""One-page bilingual text documents as PDF: what services issue and have signed (a resident
record copy, a loan contract).

Names and addresses are Japanese, and each line carries its English beside it, so the page is
set in IPA P Gothic (IPA Pゴシック, Debian's `fonts-ipafont-gothic`): a CJK font whose Latin
letters are proportional, embedded as a subset by ReportLab. Each line is wrapped to the page's
width within its margins, measured with the font's own widths: Japanese may break between any
two characters (never before closing punctuation), Latin words only at spaces, so every line is
whole however long a name or an address is. The text is drawn exactly as given: ReportLab's
paragraphs would fold the ideographic space (U+3000) between a family and a given name into a
Latin one. The result is a plain PDF that a card or an organisation seal then signs as an
incremental update.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = Path("/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf")
"""IPA P Gothic, the proportional face of Debian's fonts-ipafont-gothic."""
FONT_NAME = "IPAPGothic"
MARGIN = 20 * mm
"""Every side's margin: the text never comes nearer the page's edge."""
TITLE_SIZE, TITLE_LEADING = 15, 22
BODY_SIZE, BODY_LEADING = 11, 17

CHUNKS = re.compile(r"[!-~]+ *|.[、。，．)）」』]* *", re.DOTALL)
"""What a line never breaks inside: a Latin word (ASCII without spaces) or one other character
with the closing punctuation after it, each with the spaces that follow."""


class FontMissing(RuntimeError):
    """No Japanese font to write the document with."""


def _registered_font() -> str:
    """The page's font, registered with ReportLab once per process."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        if not FONT.exists():
            raise FontMissing("no Japanese font: install Debian's fonts-ipafont-gothic")
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT)))
    return FONT_NAME


def text_width(text: str, size: float) -> float:
    """How wide `text` is set at `size` points, in points (trailing Latin spaces not counted)."""
    return pdfmetrics.stringWidth(text.rstrip(" "), _registered_font(), size)


def _chunks(text: str, size: float, width: float) -> Iterator[str]:
    """The line's unbreakable pieces; a piece wider than the page is broken into characters."""
    for chunk in CHUNKS.findall(text):
        if text_width(chunk, size) > width:
            yield from chunk
        else:
            yield chunk


def wrapped(text: str, size: float, width: float) -> list[str]:
    """`text` as the lines it takes at `size` points within `width` points (greedy, at the
    breaks `CHUNKS` allows)."""
    lines, line = [], ""
    for chunk in _chunks(text.strip(), size, width):
        if line and text_width(line + chunk, size) > width:
            lines.append(line.rstrip(" "))
            line = chunk.lstrip(" ")
        else:
            line += chunk
    return [*lines, line.rstrip(" ")]


@dataclasses.dataclass(frozen=True)
class TextDocument:
    """What a service means to write: a title and the lines below it (blank ones are gaps)."""

    title: str
    lines: tuple[str, ...]

    def pdf(self) -> bytes:
        """An A4 page with the title on top and each line wrapped to the page's width (a
        further page if the lines need one).

        The same document gives the same bytes (no creation time, no random document id):
        what a signer is shown can be made again and compared.
        """
        out = io.BytesIO()
        canvas = Canvas(
            out,
            pagesize=A4,
            invariant=True,
            initialFontName=_registered_font(),
            initialFontSize=BODY_SIZE,
        )
        canvas.setTitle(self.title)
        width, height = A4[0] - 2 * MARGIN, A4[1] - MARGIN
        top = height
        lines = [
            (TITLE_SIZE, TITLE_LEADING, self.title),
            *((BODY_SIZE, BODY_LEADING, line) for line in ("", *self.lines)),
        ]
        for size, leading, text in lines:
            for part in wrapped(text, size, width) if text.strip() else [""]:
                if top - leading < MARGIN:
                    canvas.showPage()
                    top = height
                canvas.setFont(FONT_NAME, size)
                canvas.drawString(MARGIN, top - size, part)
                top -= leading
        canvas.save()
        return out.getvalue()


__all__ = ["MARGIN", "FontMissing", "TextDocument", "text_width", "wrapped"]
