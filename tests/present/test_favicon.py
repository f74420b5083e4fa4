"""The browser tab's icon (lib.present.css.favicon_png): drawn here, so no emoji catalogue and no
request to a font server."""
from __future__ import annotations

import io

from PIL import Image

from lib.present.css import FAVICON_BARS, favicon_png


def test_favicon_is_a_small_png_of_red_bars_on_nothing():
    img = Image.open(io.BytesIO(favicon_png()))
    assert img.format == "PNG" and img.size == (64, 64)
    rgba = img.convert("RGBA")
    assert rgba.getpixel((0, 0))[3] == 0 and rgba.getpixel((63, 0))[3] == 0  # transparent corners
    for left, top, height in FAVICON_BARS:  # the middle of each bar is the app's red, opaque
        assert rgba.getpixel((left + 6, top + height // 2)) == (0xC0, 0x39, 0x2B, 255)
    assert rgba.getpixel((FAVICON_BARS[0][0] + 6, FAVICON_BARS[0][1] - 2))[3] == 0  # above a bar: empty
