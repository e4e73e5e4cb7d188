"""A spreadsheet as a table of text: the bytes of a CSV or an ``.xlsx`` file, as French
spreadsheets and prescribers' tools export them, read into a header and rows of strings.
Pure: no database, no rule about candidates (``events.directory.import_columns`` reads the
columns; ``events.directory.imports`` imports the rows).

- The kind is told by the content, not by the name: an ``.xlsx`` is a zip holding
  ``xl/workbook.xml``; an old ``.xls``, a password-protected workbook, an OpenDocument sheet or
  any other binary file is refused in plain words saying what to do.
- CSV: UTF-8 with or without BOM (Excel's "CSV UTF-8"), else Windows-1252 (Excel's French
  "CSV (séparateur : point-virgule)"), UTF-16 with its BOM (Excel's "Texte Unicode"); the
  separator ``;``, ``,`` or tab, found by ``csv.Sniffer`` (``;`` when unsure); quoted fields
  may hold line breaks.
- XLSX: the first sheet, formulas as their last computed value; a whole number without ".0",
  a date as its ISO date ("1990-05-12").
- The first row that is not blank is the header; blank rows are skipped; each row keeps the
  number the spreadsheet shows it under, for messages about it.
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
import zipfile
from datetime import date, datetime, time
from typing import Final

import msgspec

from events.errors import InvalidInput

log = logging.getLogger(__name__)

MAX_ROWS: Final = 5000
MAX_COLUMNS: Final = 60
# A cell longer than this is not a cell of a list of people (and the csv module's own limit is
# 128 KiB): refused as unreadable.
MAX_CELL: Final = 10_000
# The decompressed size an .xlsx may reach: far above 5,000 rows of 60 columns, far below what
# a "zip bomb" would make the reader chew through.
MAX_XLSX_UNZIPPED: Final = 80_000_000
# A sheet formatted down to its last row holds a million empty rows: the table ends after this
# many blank rows in a row.
MAX_BLANK_RUN: Final = 1000
_SAMPLE: Final = 64 * 1024
_DELIMITERS: Final = ";,\t"
# What a text file never holds: control characters other than tab and line ends.
_CONTROL: Final = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))


class Row(msgspec.Struct, frozen=True, kw_only=True):
    number: int  # the row number the spreadsheet shows (the header's row counts)
    cells: list[str]


class Table(msgspec.Struct, frozen=True, kw_only=True):
    """Every row as wide as the header; a header cell may be empty (a column without a title)."""

    header: list[str]
    rows: list[Row]


def _thousands(n: int) -> str:
    """5\u202f000, as French writes it."""
    return f"{n:,}".replace(",", "\u202f")


def _refuse(fr: str, en: str) -> InvalidInput:
    return InvalidInput(field="file", reason_fr=fr, reason_en=en)


def _unreadable() -> InvalidInput:
    return _refuse(
        "Ce fichier n'est pas un tableau lisible. Dans votre tableur, choisissez "
        "«\u00a0Enregistrer sous\u00a0» et le format «\u00a0CSV\u00a0» ou «\u00a0Classeur "
        "Excel (.xlsx)\u00a0», puis envoyez ce fichier.",
        "This file is not a readable table. In your spreadsheet, choose 'Save as' and the "
        "format 'CSV' or 'Excel workbook (.xlsx)', then send that file.",
    )


def read_table(content: bytes, filename: str) -> Table:
    """The table in a CSV or XLSX file; ``InvalidInput`` (field ``file``) in plain words for a
    file that is empty, of another kind, unreadable, or longer than ``MAX_ROWS`` rows."""
    name = filename.strip().lower()
    if not content.strip():
        raise _refuse(
            "Le fichier est vide. Vérifiez que vous avez choisi le bon fichier.",
            "The file is empty. Check that you chose the right file.",
        )
    if content.startswith(b"PK\x03\x04"):
        records = _xlsx_records(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            "Ce fichier est un ancien classeur Excel (.xls) ou un classeur protégé par un mot de "
            "passe. Ouvrez-le dans votre tableur, retirez le mot de passe s'il y en a un, puis "
            "«\u00a0Enregistrer sous\u00a0» au format «\u00a0Classeur Excel (.xlsx)\u00a0» "
            "ou «\u00a0CSV\u00a0».",
            "This file is an old Excel workbook (.xls) or a password-protected workbook. Open it "
            "in your spreadsheet, remove any password, then 'Save as' an 'Excel workbook "
            "(.xlsx)' or 'CSV'.",
        )
    elif name.endswith((".xlsx", ".xlsm")):
        raise _refuse(
            "Ce fichier porte le nom d'un classeur Excel (.xlsx) mais n'en est pas un. Ouvrez-le "
            "dans votre tableur et enregistrez-le au format «\u00a0Classeur Excel "
            "(.xlsx)\u00a0» ou «\u00a0CSV\u00a0».",
            "This file is named like an Excel workbook (.xlsx) but is not one. Open it in your "
            "spreadsheet and save it as an 'Excel workbook (.xlsx)' or 'CSV'.",
        )
    else:
        records = _csv_records(_decode(content))
    return _table(records)


# --- CSV -----------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    """UTF-16 when it says so (BOM), else UTF-8 (BOM or not), else Windows-1252; a text holding
    control characters is a binary file, not a table."""
    text: str | None = None
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None or not _CONTROL.isdisjoint(text):
        raise _unreadable()
    return text


def _delimiter(text: str) -> str:
    """``csv.Sniffer`` on the first lines, among ``;``, ``,`` and tab; when it cannot tell,
    the one the header line holds most of, ``;`` first (a French spreadsheet's choice)."""
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE:  # a cut line would look inconsistent
        sample = sample[: sample.rfind("\n") + 1] or sample
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = ""
    first = next((line for line in sample.splitlines() if line.strip()), "")
    if found and first.count(found) > 0:
        return found
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals: ";"
    return best if counts[best] else ";"


def _csv_records(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [list(record) for record in reader]
    except csv.Error as error:  # a field too long, a stray quote in strict mode
        raise _unreadable() from error


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx_records(content: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable() from error
    if "xl/workbook.xml" not in names:
        if "mimetype" in names or "content.xml" in names:
            raise _refuse(
                "Ce fichier est un classeur OpenDocument (.ods, LibreOffice). Dans LibreOffice, "
                "choisissez «\u00a0Enregistrer sous\u00a0» et le format «\u00a0Excel 2007-365 "
                "(.xlsx)\u00a0» ou «\u00a0CSV\u00a0».",
                "This file is an OpenDocument spreadsheet (.ods, LibreOffice). In LibreOffice, "
                "choose 'Save as' and the format 'Excel 2007-365 (.xlsx)' or 'CSV'.",
            )
        raise _unreadable()
    if unzipped > MAX_XLSX_UNZIPPED:
        raise _unreadable()
    # openpyxl ships no type information.
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    # openpyxl raises whatever its parsers meet in a damaged or hostile file (zip, XML, numbers,
    # missing parts): every one of them means the same thing here, an unreadable file.
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        log.info("unreadable .xlsx: %r", error)
        raise _unreadable() from error
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the size a file states may be wrong: read the rows themselves
        records: list[list[str]] = []
        filled = blank_run = 0
        # One column past the limit, to see a file wider than it.
        for values in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            record = [_cell_text(value) for value in values]
            if any(record):
                filled, blank_run = filled + 1, 0
            else:
                blank_run += 1
                if blank_run > MAX_BLANK_RUN:
                    break
            records.append(record)
            if filled > MAX_ROWS + 1:
                break  # the header and one row too many: ``_table`` refuses the file
    except InvalidInput:
        raise
    except Exception as error:
        log.info("unreadable .xlsx: %r", error)
        raise _unreadable() from error
    finally:
        book.close()
    return records


def _cell_text(value: object) -> str:
    """A cell as the spreadsheet shows it: a whole number without ".0", a date as an ISO date
    (a time only when there is one), yes/no for a box ticked or not."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- the table -----------------------------------------------------------------------------


def _clean(cell: str) -> str:
    if len(cell) > MAX_CELL:
        raise _unreadable()
    # NFC: a name typed on a Mac ("e" + combining accent) is the same name as on a PC.
    return unicodedata.normalize("NFC", cell.strip())


def _table(records: list[list[str]]) -> Table:
    header: list[str] | None = None
    rows: list[Row] = []
    for number, record in enumerate(records, start=1):
        cells = [_clean(cell) for cell in record]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise _refuse(
                f"Le fichier a plus de {MAX_COLUMNS} colonnes. Gardez seulement les colonnes "
                "utiles (nom, prénom, téléphone…) et envoyez-le de nouveau.",
                f"The file has more than {MAX_COLUMNS} columns. Keep only the useful columns "
                "(name, first name, phone…) and send it again.",
            )
        if header is None:
            header = cells
            continue
        if len(rows) == MAX_ROWS:
            raise _refuse(
                f"Le fichier a plus de {_thousands(MAX_ROWS)} lignes de personnes\u00a0: "
                "c'est trop pour un seul envoi. Coupez-le en plusieurs fichiers.",
                f"The file has more than {MAX_ROWS:,} rows of people: too many for one import. "
                "Split it into several files.",
            )
        rows.append(Row(number=number, cells=cells))
    if header is None:
        raise _refuse(
            "Le fichier est vide. Vérifiez que vous avez choisi le bon fichier.",
            "The file is empty. Check that you chose the right file.",
        )
    if not rows:
        raise _refuse(
            "Le fichier n'a que la ligne des titres de colonnes\u00a0: aucune personne à importer.",
            "The file only has the row of column titles: nobody to import.",
        )
    width = max(len(header), *(len(row.cells) for row in rows))
    return Table(
        header=header + [""] * (width - len(header)),
        rows=[
            Row(number=row.number, cells=row.cells + [""] * (width - len(row.cells)))
            for row in rows
        ],
    )
