"""A list as a table, written as a file a spreadsheet opens: CSV for French Excel, and XLSX.
Pure functions: the same table gives the same bytes (the XLSX's dates aside, which are given).

CSV as French Excel reads it by a double click: `;` between cells (the comma is the decimal
sign in French), UTF-8 with a byte order mark (without it Excel reads Windows-1252 and breaks
every accent), CRLF line ends, and a cell quoted only when it must be (a `;`, a quote or a line
break in it; quotes doubled inside).

Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some
read a tab or a carriage return first) as a formula: a candidate named
`=HYPERLINK("http://…")` would become a link that sends the sheet away. Such a text gets a
leading apostrophe in both formats, the usual guard (OWASP "CSV injection"); numbers and dates
are values, never guarded.

Dates and times: a datetime is written as the wall time it holds (its zone is dropped), so the
caller converts it to the zone to show first (the event's). In the XLSX they are real dates
with a number format; in the CSV, text French Excel reads as a date (``04/05/2026 09:30``)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

import msgspec
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from events.i18n import Language

Cell = str | int | date | datetime | None

# What a spreadsheet may take for the start of a formula.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
BOM: Final = "\ufeff".encode()
# Characters XML 1.0 refuses (control characters but tab and line ends): openpyxl would raise.
_NOT_IN_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A sheet's name: at most 31 characters, none of these.
_NOT_IN_SHEET_NAME: Final = re.compile(r"[\[\]:*?/\\]")
_DATE_FORMAT: Final[dict[Language, tuple[str, str]]] = {
    # (Python for the CSV, Excel's number format for the XLSX)
    "fr": ("%d/%m/%Y", "dd/mm/yyyy"),
    "en": ("%Y-%m-%d", "yyyy-mm-dd"),
}
_TIME_FORMAT: Final = (" %H:%M", " hh:mm")


class Column(msgspec.Struct, frozen=True, kw_only=True):
    """A column: its header in each language, and its width in characters (XLSX)."""

    fr: str
    en: str
    width: int = 16

    def header(self, language: Language) -> str:
        return self.fr if language == "fr" else self.en


class Table(msgspec.Struct, frozen=True, kw_only=True):
    """A list to write: its title (the XLSX sheet's name), its columns, its rows (one cell per
    column, in the columns' order)."""

    title: dict[Language, str]
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row has {len(row)} cells for {len(self.columns)} columns")


def guarded(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(table: Table, language: Language) -> bytes:
    """The table as CSV for French Excel: `;`, UTF-8 with BOM, CRLF, headers first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([guarded(column.header(language)) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value, language) for value in row])
    return BOM + out.getvalue().encode("utf-8")


def _csv_cell(value: Cell, language: Language) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        day, _ = _DATE_FORMAT[language]
        return value.strftime(day + _TIME_FORMAT[0])
    if isinstance(value, date):
        return value.strftime(_DATE_FORMAT[language][0])
    if isinstance(value, int):
        return str(value)
    return guarded(value)


def to_xlsx(table: Table, language: Language, *, now: datetime) -> bytes:
    """The table as one XLSX sheet: a bold header row that stays in view, each column's width,
    a filter on the headers, dates as dates; ``now`` is the file's creation date."""
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = now.replace(tzinfo=None)
    book.properties.creator = "Rencontres"
    book.properties.title = table.title[language]
    sheet = book.create_sheet(sheet_name(table.title[language]))
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(table.columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=_xml_text(guarded(column.header(language))))
        cell.font = bold
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value, language) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: object, value: Cell, language: Language) -> object:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime | date):
        naive = value.replace(tzinfo=None) if isinstance(value, datetime) else value
        cell = WriteOnlyCell(sheet, value=naive)
        day = _DATE_FORMAT[language][1]
        cell.number_format = day + _TIME_FORMAT[1] if isinstance(value, datetime) else day
        return cell
    cell = WriteOnlyCell(sheet, value=_xml_text(guarded(value)))
    # Text, whatever it starts with: openpyxl would otherwise store "=…" as a formula.
    cell.data_type = "s"
    return cell


def _xml_text(text: str) -> str:
    return _NOT_IN_XML.sub("", text)


def sheet_name(title: str) -> str:
    """A title as Excel accepts a sheet's name: 31 characters at most, no ``[]:*?/\\``."""
    cleaned = _NOT_IN_SHEET_NAME.sub(" ", title).strip().strip("'")
    return cleaned[:31] or "Sheet"
