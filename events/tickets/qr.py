"""QR images of ticket data (a token or a ticket link): PNG for print, SVG for screens.

qrcode builds the symbol (error correction M, byte mode); we draw it ourselves from its module
matrix, because qrcode's own images cost more than the symbol: its PNG draws one rectangle per
module and its SVG writes one sub-path per module sized in millimetres (~19 kB). Ours are one
Pillow resize and one path of horizontal runs in a unit-less viewBox that scales to any box.

The mask pattern is fixed instead of searched: the search builds the symbol eight times and was
most of the cost (see bench/README.md). A mask exists to break up regular data; ticket data are
signature bytes, which are not regular, and mask 2 scored closest to the best mask on such data
and decoded as well when blurred and rotated. Do not use this module for short or repetitive
text.
"""

from __future__ import annotations

import functools
import io
from itertools import groupby
from typing import Literal, cast

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

MASK_PATTERN = 2
# The quiet zone the QR specification asks for, in modules.
BORDER = 4
# Pixels per module in the PNG: a version 8 symbol (a bare token) is 456 px, ~39 mm at 300 dpi.
PNG_SCALE = 8
# A rendered ticket is 1-9 kB; 256 of them bound the cache to a few megabytes per process.
CACHE_SIZE = 256

Kind = Literal["png", "svg"]


def png(data: str) -> bytes:
    """The QR of ``data`` as a black and white PNG; the same data is drawn only once."""
    return _render(data, "png")


def svg(data: str) -> bytes:
    """The QR of ``data`` as a standalone SVG without fixed size (give it one in CSS), usable
    as a file or inline in HTML; the same data is drawn only once."""
    return _render(data, "svg")


@functools.lru_cache(maxsize=CACHE_SIZE)
def _render(data: str, kind: Kind) -> bytes:
    matrix = modules(data)
    return draw_png(matrix) if kind == "png" else draw_svg(matrix)


cache_info = _render.cache_info


def modules(data: str, *, mask_pattern: int | None = MASK_PATTERN) -> list[list[bool]]:
    """The symbol's modules, True for dark, quiet zone included (``None`` searches the mask)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER, mask_pattern=mask_pattern)
    # One segment: splitting a token into mode runs gains nothing and costs a regex pass.
    code.add_data(data, optimize=0)
    code.make(fit=True)
    return cast(list[list[bool]], code.get_matrix())


def draw_png(matrix: list[list[bool]]) -> bytes:
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = (
        Image.frombytes("L", (size, size), pixels)
        .resize((size * PNG_SCALE, size * PNG_SCALE), Image.Resampling.NEAREST)
        .convert("1", dither=Image.Dither.NONE)
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_svg(matrix: list[list[bool]]) -> bytes:
    size = len(matrix)
    # Each row is a line of stroke width 1 through the middle of the row: "M" to the row's first
    # dark run, then "h" along a run and a relative "m" over each light gap.
    rows: list[str] = []
    for y, row in enumerate(matrix):
        moves: list[str] = []
        gap = 0
        for dark, group in groupby(row):
            length = sum(1 for _ in group)
            if not dark:
                gap = length
            elif moves:
                moves.append(f"m{gap} 0h{length}")
            else:
                moves.append(f"M{gap} {y}.5h{length}")
        rows.append("".join(moves))
    # crispEdges keeps rows from showing hairline seams when the image is scaled.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"'
        f' shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="{"".join(rows)}"/></svg>'
    ).encode("ascii")
