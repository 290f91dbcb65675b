"""Every PDF the services make, rendered by poppler as a reader would see it: each line the
service meant to write comes out whole (wrapped only between words, or beside Japanese), and
nothing runs past the margins or is clipped there.

The documents are built by the services' own PDF functions with a long name and a long
address, so wrapping is exercised in both languages. pdftotext reads the text and its word
boxes; pdftoppm renders the page at 72 dpi (one pixel a point) to see where the ink is.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from jpki.apps.kiosk.record import resident_record, resident_record_pdf
from jpki.apps.kit.text_pdf import MARGIN, TextDocument, text_width, wrapped
from jpki.apps.loan.service import BANK
from jpki.apps.loan.terms import LoanTerms
from jpki.clock import JST
from jpki.profile.four_info import FourInfo, Sex

FAMILY, GIVEN = (
    "ヴォルフェシュレーゲルシュタインハウゼンベルガードルフ",
    "アレクサンドラ・マリア・コンスタンティノープル",
)
LONG_NAME = f"{FAMILY}\u3000{GIVEN}"
LONG_ADDRESS = (
    "北海道札幌市中央区北一条西二丁目一番地 札幌市役所本庁舎前通り沿い 第三十二号棟"
    " Maple Residence Sapporo Kita-Ichijo Nishi Tower 4501号室"
)
ISSUED = dt.datetime(2026, 12, 1, 17, 5, tzinfo=JST)
NEAR_EDGE = MARGIN * 0.75
"""Ink or a word this near the page's edge (15 mm) means the text ran into the margin."""
INK = 200
"""A pixel darker than this (of 255) is ink."""
XHTML = {"h": "http://www.w3.org/1999/xhtml"}


def _documents() -> list[tuple[str, TextDocument, bytes]]:
    """Each PDF a service makes, beside the text that service meant it to carry."""
    resident = FourInfo(LONG_NAME, LONG_ADDRESS, dt.date(1990, 4, 1), Sex.FEMALE)
    record = (resident, "北海道札幌市", "261201-00012345", ISSUED)
    loan = LoanTerms.checked("L95487543", 35_000_000, 35, LONG_ADDRESS)
    day = ISSUED.date()
    return [
        ("resident-record", resident_record(*record), resident_record_pdf(*record)),
        ("loan-agreement", loan.contract(BANK, day), loan.contract_pdf(BANK, day)),
    ]


DOCUMENTS = _documents()


def _run(*command: str | Path) -> str:
    """What a poppler tool prints."""
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=True
    ).stdout


def _latin(ch: str) -> bool:
    """A Latin letter or digit: a line may not break between two of them."""
    return ch.isascii() and ch.isalnum()


def _spaced(line: str) -> str:
    """The line with each run of spaces as one Latin space: pdftotext -layout pads with them,
    and poppler reads an ideographic space (U+3000, between a family and a given name) as the
    gap it leaves, never as a character (`assert_name_spaced` checks that gap)."""
    return re.sub("[ \u3000]+", " ", line.strip(" \n\f"))


def assert_lines_whole(document: TextDocument, text: str) -> None:
    """The page's text lines, in order, are the document's lines, each wrapped only at a space
    or beside a Japanese character, and nothing else."""
    shown = [_spaced(line) for line in text.splitlines() if line.strip()]
    wanted = [_spaced(line) for line in (document.title, *document.lines) if line.strip()]
    at = 0
    for line in wanted:
        rest = line
        while rest:
            assert at < len(shown), f"never shown: {rest!r}"
            part = shown[at]
            at += 1
            assert rest.startswith(part), f"shown {part!r} where {rest!r} was meant"
            rest = rest[len(part) :]
            if rest.startswith(" "):
                rest = rest[1:]
            elif rest:
                assert not (_latin(part[-1]) and _latin(rest[0])), f"a word cut: {part!r}"
    assert shown[at:] == [], f"shown but never meant: {shown[at:]}"


class Box(NamedTuple):
    """Where pdftotext found a line or a word, in points from the page's top left."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


def _boxes(pdf: Path) -> tuple[tuple[float, float], list[Box], list[Box]]:
    """The page's size, its text lines and its words, as pdftotext finds them."""
    root = ET.fromstring(_run("pdftotext", "-bbox-layout", pdf, "-"))
    (page,) = root.iterfind(".//h:page", XHTML)

    def box(element: ET.Element) -> Box:
        corners = (float(element.attrib[key]) for key in ("xMin", "yMin", "xMax", "yMax"))
        return Box(*corners, text="".join(element.itertext()).strip())

    size = (float(page.attrib["width"]), float(page.attrib["height"]))
    lines = [box(line) for line in page.iterfind(".//h:line", XHTML)]
    words = [box(word) for word in page.iterfind(".//h:word", XHTML)]
    return size, lines, words


def _ink(pdf: Path, tmp_path: Path) -> np.ndarray:
    """The rendered page at 72 dpi in grey, True where there is ink."""
    _run("pdftoppm", "-r", "72", "-gray", "-singlefile", pdf, tmp_path / "page")
    data = (tmp_path / "page.pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert (magic, depth) == (b"P5", b"255")
    grey = np.frombuffer(pixels[: int(width) * int(height)], dtype=np.uint8)
    return grey.reshape(int(height), int(width)) < INK


def assert_within_margins(pdf: Path, tmp_path: Path) -> None:
    """Every word's box and all the ink lie inside the margins, and each line's ink reaches the
    end of the line's box: the text is neither past the page nor clipped short of its end."""
    page, lines, words = _boxes(pdf)
    for word in words:
        assert _inside((word.x_min, word.y_min, word.x_max, word.y_max), page), f"past: {word}"
    ink = _ink(pdf, tmp_path)
    rows, columns = np.nonzero(ink)
    assert rows.size, "nothing rendered"
    drawn = (columns.min(), rows.min(), columns.max() + 1, rows.max() + 1)
    assert _inside(drawn, page), f"ink past the margin: {drawn}"
    for line in lines:
        band = ink[round(line.y_min) : round(line.y_max) + 1, :]
        end = np.nonzero(band.any(axis=0))[0].max(initial=0)
        assert end >= line.x_max - (line.y_max - line.y_min) / 2, f"clipped: {line}"


def _inside(box: tuple[float, float, float, float], page: tuple[float, float]) -> bool:
    """Whether `box` (left, top, right, bottom) keeps clear of the page's edges."""
    left, top, right, bottom = box
    width, height = page
    return (
        min(left, top) >= NEAR_EDGE and right <= width - NEAR_EDGE and bottom <= height - NEAR_EDGE
    )


def assert_proportional(pdf: Path) -> None:
    """The Latin is set in a proportional face: its words' widths a letter differ as their
    letters do ("Demo" wider a letter than "rate:"), where a monospaced or full-width setting
    (the one that once pushed lines off the page) gives every letter one width."""
    _, _, words = _boxes(pdf)
    advances = [
        (word.x_max - word.x_min) / len(word.text)
        for word in words
        if word.text.isascii() and len(word.text) >= 3
    ]
    assert len(advances) >= 2, "too little Latin to judge"
    assert max(advances) > 1.3 * min(advances), "Latin letters all one width"


def assert_name_spaced(pdf: Path, family: str, given: str) -> None:
    """The family and the given name stand an ideographic space (a full em) apart, as the
    register writes them, not a Latin space's quarter em."""
    _, _, words = _boxes(pdf)
    (left,) = (word for word in words if word.text.endswith(family))
    (right,) = (word for word in words if word.text.startswith(given))
    assert right.x_min - left.x_max > 0.8 * (left.y_max - left.y_min), "not an ideographic space"


def assert_fonts_embedded(pdf: Path) -> None:
    """Every font the page names travels inside it: no viewer substitutes one of other widths
    (which would move the line ends the checks above measured)."""
    fonts = _run("pdffonts", pdf).splitlines()[2:]
    assert fonts, "no font"
    for font in fonts:
        name, *_, embedded, _subset, _unicode, _number, _generation = font.split()
        assert embedded == "yes", f"{name} is not embedded"


@pytest.mark.parametrize(("name", "document", "pdf"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_line_is_whole_and_inside_the_page(name, document, pdf, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert re.search(r"^Pages:\s+1$", _run("pdfinfo", path), re.MULTILINE), "not one page"
    assert_lines_whole(document, _run("pdftotext", "-layout", path, "-"))
    assert_within_margins(path, tmp_path)
    assert_proportional(path)
    assert_fonts_embedded(path)
    if name == "resident-record":
        assert_name_spaced(path, FAMILY, GIVEN[:4])


def test_the_record_gives_its_issue_time_in_jst():
    resident = FourInfo("山田　花子", "東京都千代田区千代田1-1", None, Sex.FEMALE)
    issued = dt.datetime(2026, 12, 1, 8, 5, tzinfo=dt.UTC)
    record = resident_record(resident, "東京都千代田区", "261201-00000001", issued)
    assert record.lines[-1].startswith("交付日時 / Issued: 2026-12-01 17:05 JST (日本時間)")


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("氏名 / Name: 山田　花子", ["氏名 / Name: 山田　花子"]),  # fits: as given, U+3000 too
        ("Latin words stay whole", ["Latin words", "stay whole"]),
        ("句読点は、行頭に来ない。", ["句読点", "は、行頭", "に来な", "い。"]),
        ("Wolfeschlegelsteinhausen", ["Wolfeschle", "gelsteinha", "usen"]),  # wider than a line
    ],
)
def test_lines_break_between_words_or_beside_japanese(text, lines):
    width = max(text_width(line, 11) for line in lines) + 0.5
    assert wrapped(text, 11, width) == lines
