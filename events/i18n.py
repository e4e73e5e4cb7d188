"""Which language to answer in: French unless the client asks for English first."""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]


def negotiate(accept_language: str | None) -> Language:
    """The first of French or English in the client's preference order; French by default."""
    if not accept_language:
        return "fr"
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag.startswith("fr") or tag == "*":
            return "fr"
    return "fr"
