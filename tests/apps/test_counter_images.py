"""The counter shows the chip's images to browsers as PNG, and nothing for bytes that are none."""

import io

from PIL import Image

from jpki.apps.counter.service import browser_png
from jpki.world.photos import synthetic_photo


def test_the_jpeg_2000_photo_becomes_a_png_browsers_show():
    png = browser_png(synthetic_photo("R000001"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(png)).size == (96, 128)


def test_bytes_that_are_no_image_show_nothing():
    assert browser_png(b"") == b""
    assert browser_png(b"\x00\x00\x00\x0cjP  garbage") == b""
