"""Synthetic face photos (顔写真) for the sandbox's residents.

A real applicant hands in a photo; the sandbox draws one per resident instead: a plain
head-and-shoulders figure whose colours and proportions follow from the resident's id, so the
same sandbox seed gives the same photos and a clerk can tell two residents apart at a glance.
JPEG 2000, as on the card (JPKI.md §7), small enough to keep the card-face file within a card's
15-bit file offsets.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 96, 128


def synthetic_photo(seed: str) -> bytes:
    """A deterministic JPEG 2000 face photo for `seed` (a resident id)."""
    digest = hashlib.sha256(f"jpki-face/{seed}".encode()).digest()
    background = (180 + digest[0] % 60, 190 + digest[1] % 50, 200 + digest[2] % 55)
    skin = (200 + digest[3] % 45, 160 + digest[4] % 50, 120 + digest[5] % 50)
    hair = (digest[6] % 90, digest[7] % 70, digest[8] % 60)
    clothes = (digest[9], digest[10], digest[11])
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    head_width = 40 + digest[12] % 12
    left = (WIDTH - head_width) // 2
    draw.ellipse((10, 92, WIDTH - 10, HEIGHT + 40), fill=clothes)
    draw.rectangle((WIDTH // 2 - 8, 78, WIDTH // 2 + 8, 98), fill=skin)
    draw.ellipse((left, 22, left + head_width, 88), fill=skin)
    draw.chord((left - 2, 16, left + head_width + 2, 64), 180, 360, fill=hair)
    eye_y = 52 + digest[13] % 6
    for x in (WIDTH // 2 - 10, WIDTH // 2 + 6):
        draw.ellipse((x, eye_y, x + 5, eye_y + 4), fill=(30, 30, 30))
    mouth = 70 + digest[14] % 6
    draw.arc((WIDTH // 2 - 9, mouth - 6, WIDTH // 2 + 9, mouth + 4), 20, 160, fill=(120, 40, 40))
    out = io.BytesIO()
    image.save(out, format="JPEG2000", quality_mode="rates", quality_layers=[24])
    return out.getvalue()


__all__ = ["synthetic_photo"]
