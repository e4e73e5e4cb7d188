"""Checks on an uploaded CV file: a real PDF by its content, whatever its name or declared type."""

from __future__ import annotations

import hashlib
import io

import msgspec
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from events.errors import CvTooLarge, CvTooManyPages, NotAPdf, PdfProtected

MAX_PDF_BYTES = 5 * 1024 * 1024
# Room for the multipart envelope and the few form fields around the file.
MAX_UPLOAD_BODY_BYTES = MAX_PDF_BYTES + 64 * 1024
# Acrobat accepts the header anywhere in the first kilobyte; some scanners write junk before it.
_HEADER_WINDOW = 1024
# A CV is one to three pages; the bound keeps joining and printing cheap.
MAX_PDF_PAGES = 20


class PdfFacts(msgspec.Struct, frozen=True, kw_only=True):
    pages: int
    sha256: str
    size: int


def check_pdf(content: bytes) -> PdfFacts:
    """A CV file must be at most 5 MiB, start like a PDF, parse as one with 1 to 20 pages, and
    open without a password (it is joined to the skills card page). CPU-bound: run it in a
    thread."""
    if len(content) > MAX_PDF_BYTES:
        raise CvTooLarge(megabytes=MAX_PDF_BYTES // (1024 * 1024))
    if b"%PDF-" not in content[:_HEADER_WINDOW]:
        raise NotAPdf
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProtected
        pages = len(reader.pages)
        # Reading the first page's content proves more than the trailer: a truncated file with
        # an intact header fails here.
        if pages:
            reader.pages[0].get_contents()
    except PdfProtected:
        raise
    except PdfReadError as error:
        raise NotAPdf from error
    except Exception as error:
        # On garbage pypdf raises whatever its parser tripped on (KeyError, ValueError,
        # RecursionError ...): each means the same to the person sending it.
        raise NotAPdf from error
    if pages < 1:
        raise NotAPdf
    if pages > MAX_PDF_PAGES:
        raise CvTooManyPages(pages=MAX_PDF_PAGES)
    return PdfFacts(pages=pages, sha256=hashlib.sha256(content).hexdigest(), size=len(content))
