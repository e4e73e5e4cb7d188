"""The credential baked into an SVG image (Open Badges 3.0 "baking"): a picture people can
look at, and, inside it, the signed credential itself in an ``openbadges:credential`` element,
which badge tools and wallets read back. The picture says only what the credential says."""

from __future__ import annotations

import json
import re
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

from events.credentials import checking

NAMESPACE: Final = "https://purl.imsglobal.org/ob/v3p0"
_WIDTH: Final = 760
_LINE: Final = 34


def _cdata(text: str) -> str:
    """Text in a CDATA section, whatever it holds (``]]>`` split across two sections)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


_BAKED: Final = re.compile(rb"<openbadges:credential[^>]*>(.*?)</openbadges:credential>", re.DOTALL)
_SECTION: Final = re.compile(rb"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


def unbake(image: bytes) -> str | None:
    """The credential baked into an SVG badge (Open Badges 3.0: the ``openbadges:credential``
    element's CDATA), or None when the file holds none. Read as text, not parsed as XML: an
    uploaded file is anyone's, and this reads nothing else of it."""
    found = _BAKED.search(image)
    if found is None:
        return None
    sections = _SECTION.findall(found.group(1))
    inside = b"".join(sections) if sections else found.group(1)
    return inside.decode("utf-8", "replace")


def _fit(text: str, size: int) -> str:
    """A line too long for the card is squeezed to its width rather than cut."""
    room = _WIDTH - 60
    if len(text) * size * 0.6 <= room:
        return ""
    return f' textLength="{room}" lengthAdjust="spacingAndGlyphs"'


def svg(credential: dict[str, Any], *, level_word: str) -> bytes:
    """The baked image of ``credential``; ``level_word``: "Niveau {level}/4" or its English."""
    claims = checking.said(credential)
    rows = [(claims.title, 24, "bold")]
    rows.append((claims.issuer_name, 20, "normal"))
    rows += [
        (f"{skill.name} — {level_word.format(level=skill.level)}", 20, "normal")
        for skill in claims.skills
    ]
    height = 60 + _LINE * len(rows) + 20
    texts = "\n".join(
        f'<text x="30" y="{70 + _LINE * index}" font-size="{size}" font-weight="{weight}"'
        f"{_fit(text, size)}>{escape(text)}</text>"
        for index, (text, size, weight) in enumerate(rows)
    )
    baked = json.dumps(credential, ensure_ascii=False, separators=(",", ":"))
    image = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges={quoteattr(NAMESPACE)} '
        f'width="{_WIDTH}" height="{height}" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f"aria-label={quoteattr(claims.title)}>\n"
        f"<openbadges:credential>{_cdata(baked)}</openbadges:credential>\n"
        f'<rect x="4" y="4" width="{_WIDTH - 8}" height="{height - 8}" rx="18" fill="#fff" '
        'stroke="#0a3a8c" stroke-width="8"/>\n'
        '<g font-family="DejaVu Sans, sans-serif" fill="#111">\n'
        f"{texts}\n</g>\n</svg>\n"
    )
    return image.encode()
