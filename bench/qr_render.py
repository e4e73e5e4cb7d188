"""QR rendering: qrcode's defaults (mask search, its own images) against events.tickets.qr.

Run: .venv/bin/python -m bench.qr_render [--renders 40] [--rounds 5]
Every variant renders the same tickets in the same run; the cache is bypassed except in the
last row, which shows a cache hit.
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import time
from collections.abc import Callable
from uuid import uuid4

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

from events.tickets import qr, tokens

Render = Callable[[str], bytes]


def qrcode_png(mask: int | None) -> Render:
    def render(data: str) -> bytes:
        code = qrcode.QRCode(
            error_correction=ERROR_CORRECT_M, mask_pattern=mask, box_size=qr.PNG_SCALE
        )
        code.add_data(data)
        buffer = io.BytesIO()
        code.make_image().save(buffer)
        return buffer.getvalue()

    return render


def qrcode_svg(mask: int | None) -> Render:
    def render(data: str) -> bytes:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, mask_pattern=mask)
        code.add_data(data)
        buffer = io.BytesIO()
        code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
        return buffer.getvalue()

    return render


VARIANTS: list[tuple[str, Render, Render]] = [
    ("qrcode, mask search (baseline)", qrcode_png(None), qrcode_svg(None)),
    (
        f"qrcode, mask {qr.MASK_PATTERN} fixed",
        qrcode_png(qr.MASK_PATTERN),
        qrcode_svg(qr.MASK_PATTERN),
    ),
    (
        f"ours, mask {qr.MASK_PATTERN} fixed",
        lambda data: qr.draw_png(qr.modules(data)),
        lambda data: qr.draw_svg(qr.modules(data)),
    ),
    ("ours, cache hit", qr.png, qr.svg),
]


def ms_per_render(render: Render, data: list[str], renders: int, rounds: int) -> float:
    """Median over rounds of the mean time of one render, in milliseconds."""
    for item in data:
        render(item)  # warm-up, and fills the cache for the cache-hit row
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for index in range(renders):
            render(data[index % len(data)])
        samples.append((time.perf_counter() - start) / renders * 1000)
    return statistics.median(samples)


def ratio(baseline: float, ms: float) -> str:
    return f"{baseline / ms:5.1f}x" if baseline < 1000 * ms else " >999x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    private_key, _ = tokens.generate_event_keypair()
    event_id = uuid4()
    tickets = [
        tokens.sign(private_key, event_id=event_id, ticket_id=tokens.new_ticket_id(), serial=1)
        for _ in range(20)
    ]
    print(f"Python {platform.python_version()} on {platform.machine()}, qrcode 8, error level M")
    for label, data in (
        (f"bare token ({len(tickets[0])} chars)", tickets),
        ("ticket link", [f"https://rencontres.example/t/{t}" for t in tickets]),
    ):
        print(f"\n{label}")
        png_head, svg_head = (f"{kind + ' ms':>7} {'x':>6} {'bytes':>6}" for kind in ("PNG", "SVG"))
        print(f"{'variant':34} {png_head}  {svg_head}")
        base_png = base_svg = 0.0
        for name, png, svg in VARIANTS:
            png_ms = ms_per_render(png, data, args.renders, args.rounds)
            svg_ms = ms_per_render(svg, data, args.renders, args.rounds)
            base_png, base_svg = base_png or png_ms, base_svg or svg_ms
            print(
                f"{name:34} {png_ms:7.3f} {ratio(base_png, png_ms)} {len(png(data[0])):6}"
                f"  {svg_ms:7.3f} {ratio(base_svg, svg_ms)} {len(svg(data[0])):6}"
            )


if __name__ == "__main__":
    main()
