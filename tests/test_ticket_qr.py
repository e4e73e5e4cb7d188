"""QR images of tickets, read back by real consumers: zxing-cpp decodes, resvg rasterises SVG."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from uuid import UUID

import pytest
import resvg_py
import zxingcpp
from PIL import Image, ImageFilter

from events.tickets import qr, tokens

EVENT = UUID("3f1c9a7e-2b4d-4e6f-8a1b-c2d3e4f5a6b7")
# A fixed key makes the tokens, and so every image below, the same on each run.
PRIVATE_KEY = bytes(range(32))
PUBLIC_KEY = tokens.public_key_of(PRIVATE_KEY)
SVG = "{http://www.w3.org/2000/svg}"


def _token(number: int) -> str:
    return tokens.sign(PRIVATE_KEY, event_id=EVENT, ticket_id=UUID(int=number), serial=1)


def _decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    return [b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


def test_png_decodes_to_exactly_the_token_with_level_m_and_the_fixed_mask() -> None:
    token = _token(1)
    image = Image.open(io.BytesIO(qr.png(token)))
    assert image.format == "PNG" and image.mode == "1"
    (found,) = _decode(image)
    assert found.text == token
    assert found.extra["ECLevel"] == "M"
    assert found.extra["DataMask"] == qr.MASK_PATTERN
    # A bare token fits version 8 (49 modules); with the quiet zone, 57 modules of 8 px.
    assert found.extra["Version"] == "8"
    assert image.size == (57 * qr.PNG_SCALE, 57 * qr.PNG_SCALE)
    assert tokens.verify(PUBLIC_KEY, found.text).ticket_id == UUID(int=1)


def test_png_of_a_ticket_link_decodes_to_a_link_whose_token_verifies() -> None:
    token = _token(2)
    link = f"https://rencontres.example/t/{token}"
    (found,) = _decode(Image.open(io.BytesIO(qr.png(link))))
    assert found.text == link
    claims = tokens.verify(PUBLIC_KEY, tokens.token_from_scan(found.text))
    assert claims.ticket_id == UUID(int=2)


def test_svg_is_scalable_xml_with_a_viewbox_and_no_fixed_size() -> None:
    root = ET.fromstring(qr.svg(_token(3)))  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 57 57"
    assert root.get("width") is None and root.get("height") is None
    (path,) = root.iter(f"{SVG}path")
    assert re.fullmatch(r"([Mm]\d+ \d+(\.5)?h\d+)+", path.get("d", ""))


@pytest.mark.parametrize("pixels", [57, 200, 512])
def test_svg_rasterised_by_a_real_renderer_decodes_to_the_token(pixels: int) -> None:
    token = _token(4)
    png = resvg_py.svg_to_bytes(svg_string=qr.svg(token).decode(), width=pixels, height=pixels)
    image = Image.open(io.BytesIO(bytes(png)))
    assert image.size == (pixels, pixels)
    (found,) = _decode(image)
    assert found.text == token


def test_fixed_mask_symbols_still_decode_when_scaled_rotated_and_blurred() -> None:
    # A photo-like copy: 3 px per module, turned 8 degrees, softened. The mask is there to keep
    # symbols readable in such conditions; the fixed one must not make any of them unreadable.
    for number in range(20):
        token = _token(100 + number)
        matrix = qr.modules(token)
        size = len(matrix)
        image = (
            Image.frombytes("L", (size, size), bytes(0 if d else 255 for r in matrix for d in r))
            .resize((size * 3, size * 3), Image.Resampling.BILINEAR)
            .rotate(8, fillcolor=255, expand=True, resample=Image.Resampling.BILINEAR)
            .filter(ImageFilter.GaussianBlur(0.8))
        )
        assert [b.text for b in _decode(image)] == [token]


def test_same_ticket_is_drawn_once_and_the_cache_is_bounded() -> None:
    token = _token(5)
    assert qr.png(token) is qr.png(token)
    assert qr.svg(token) is qr.svg(token)
    assert qr.png(token) != qr.svg(token)
    assert qr.cache_info().maxsize == qr.CACHE_SIZE


def test_rendering_is_deterministic_across_cache_misses() -> None:
    token = _token(6)
    matrix = qr.modules(token)
    assert qr.draw_png(matrix) == qr.draw_png(qr.modules(token)) == qr.png(token)
    assert qr.draw_svg(matrix) == qr.svg(token)
