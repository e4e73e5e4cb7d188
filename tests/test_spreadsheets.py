"""Spreadsheets read as French offices export them (``events.directory.spreadsheets``), and
their columns read as candidates (``events.directory.import_columns``): Excel's French CSV
(Windows-1252, ``;``), CSV UTF-8 with its BOM, a comma CSV with a quoted line break, an .xlsx
made by openpyxl with phones and postcodes typed as numbers, and the files that are not tables,
each refused in plain French. Pure: no database."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from uuid import uuid4

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from events.directory import import_columns, spreadsheets
from events.directory.candidates import CandidateIn
from events.errors import InvalidInput

FRENCH_ROWS = [
    ["Prénom", "Nom", "Téléphone", "Courriel", "Ville", "Code postal", "Date de naissance"],
    ["Hélène", "Lefèvre", "06 12 34 56 78", "helene@example.fr", "Besançon", "25000", "12/05/1990"],
    ["Zoé", "N'Diaye-Müller", "07 98 76 54 32", "", "Saint-Étienne", "42000", "1999"],
]


def _csv(rows: list[list[str]], separator: str) -> str:
    return "\r\n".join(separator.join(row) for row in rows) + "\r\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refusal(content: bytes, filename: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        spreadsheets.read_table(content, filename)
    assert caught.value.params["field"] == "file"
    return str(caught.value.params["reason_fr"])


def test_excel_french_csv_in_windows_1252_with_semicolons_is_read_with_its_accents() -> None:
    content = _csv(FRENCH_ROWS, ";").encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # the test's file is what Excel writes, not UTF-8
    table = spreadsheets.read_table(content, "export.csv")
    assert table.header == FRENCH_ROWS[0]
    assert [row.cells for row in table.rows] == FRENCH_ROWS[1:]
    assert [row.number for row in table.rows] == [2, 3]


def test_csv_utf8_with_bom_keeps_no_bom_in_the_first_title() -> None:
    content = b"\xef\xbb\xbf" + _csv(FRENCH_ROWS, ";").encode("utf-8")
    table = spreadsheets.read_table(content, "export.csv")
    assert table.header[0] == "Prénom"
    assert table.rows[1].cells[1] == "N'Diaye-Müller"


def test_comma_csv_with_a_quoted_line_break_blank_rows_and_ragged_widths() -> None:
    text = (
        "First name,Last name,Mobile,Notes\n"
        'Amina,Benali,0612345678,"Vient avec\nsa sœur, le matin"\n'
        "\n"
        ",,,\n"
        "Jean-Luc,Martin\n"
    )
    table = spreadsheets.read_table(text.encode("utf-8"), "people.txt")
    assert table.header == ["First name", "Last name", "Mobile", "Notes"]
    assert table.rows[0].cells[3] == "Vient avec\nsa sœur, le matin"
    # Short rows are widened; blank rows skipped, the rows keep the spreadsheet's numbers.
    assert table.rows[1].cells == ["Jean-Luc", "Martin", "", ""]
    assert [row.number for row in table.rows] == [2, 5]


def test_tab_separated_utf16_as_excels_unicode_text() -> None:
    content = _csv(FRENCH_ROWS, "\t").encode("utf-16")
    table = spreadsheets.read_table(content, "export.txt")
    assert table.header == FRENCH_ROWS[0]
    assert table.rows[0].cells[4] == "Besançon"


def test_a_semicolon_file_with_commas_inside_cells_keeps_semicolons() -> None:
    rows = [["Nom", "Prénom", "Adresse"], ["Martin", "Léa", "3, rue des Lilas"]] * 1
    table = spreadsheets.read_table(_csv(rows, ";").encode(), "x.csv")
    assert table.rows[0].cells == ["Martin", "Léa", "3, rue des Lilas"]


def test_xlsx_numbers_lose_their_point_zero_dates_become_iso_and_leading_zeros_come_back() -> None:
    """Excel stores a phone typed as a number without its leading 0 (612345678) and a Nice
    postcode as 6100: the reader gives them without ".0", and the import puts the 0 back —
    a French number has 10 digits, a postcode 5."""
    content = _xlsx(
        [
            ["Prénom", "Nom", "Portable", "CP", "Date de naissance", "Inscrit"],
            ["Hélène", "Lefèvre", 612345678, 6100, date(1990, 5, 12), True],
            ["Zoé", "N'Diaye", 33612345678, 75011.0, 1999, None],
            [None, None, None, None, None, None],
            ["Karim", "Haddad", "06 11 22 33 44", "2A004", "1985-03-01", False],
        ]
    )
    table = spreadsheets.read_table(content, "liste.xlsx")
    assert table.rows[0].cells == ["Hélène", "Lefèvre", "612345678", "6100", "1990-05-12", "oui"]
    assert table.rows[1].cells[:5] == ["Zoé", "N'Diaye", "33612345678", "75011", "1999"]
    assert [row.number for row in table.rows] == [2, 3, 5]
    mapping = import_columns.guess(table.header)
    assert mapping == ["first_name", "last_name", "phone", "postcode", "birth_year", None]
    helene = import_columns.candidate_of(
        table.rows[0].cells, header=table.header, mapping=mapping, organisation_id=uuid4()
    )
    assert isinstance(helene, CandidateIn)
    assert (helene.phone, helene.postcode) == ("0612345678", "06100")
    assert helene.private is not None and helene.private.birth_year == 1990
    zoe = import_columns.candidate_of(
        table.rows[1].cells, header=table.header, mapping=mapping, organisation_id=uuid4()
    )
    assert isinstance(zoe, CandidateIn)
    assert zoe.phone == "33612345678"  # an international number is left as it is


def test_an_xlsx_is_known_by_its_content_whatever_its_name() -> None:
    content = _xlsx([["Prénom", "Nom"], ["Awa", "Diallo"]])
    table = spreadsheets.read_table(content, "liste.csv")
    assert table.rows[0].cells == ["Awa", "Diallo"]


def test_a_text_file_renamed_xlsx_is_refused_in_plain_french() -> None:
    content = _csv(FRENCH_ROWS, ";").encode("utf-8")
    reason = _refusal(content, "liste.xlsx")
    assert "n'en est pas un" in reason and "Classeur Excel" in reason


def test_garbage_an_empty_file_and_a_header_alone_are_refused() -> None:
    garbage = os.urandom(4096)
    assert "pas un tableau lisible" in _refusal(garbage, "liste.csv")
    assert "pas un tableau lisible" in _refusal(b"%PDF-1.7\n\x00\x01\x02 binary", "cv.pdf")
    assert "vide" in _refusal(b"", "liste.csv")
    assert "vide" in _refusal(b" \r\n\r\n", "liste.csv")
    assert "titres" in _refusal("Prénom;Nom\r\n".encode(), "liste.csv")


def test_other_binary_spreadsheets_are_refused_with_what_to_do() -> None:
    old_excel = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert ".xls" in _refusal(old_excel, "liste.xls")
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "LibreOffice" in _refusal(ods.getvalue(), "liste.xlsx")
    broken = _xlsx([["Prénom", "Nom"], ["Awa", "Diallo"]])[:300]
    assert "pas un tableau lisible" in _refusal(broken, "liste.xlsx")


def test_more_than_5000_rows_is_refused() -> None:
    rows = [["Prénom", "Nom"]] + [["Awa", f"Diallo{i}"] for i in range(5001)]
    reason = _refusal(_csv(rows, ";").encode(), "gros.csv")
    assert "5\u202f000" in reason and "plusieurs fichiers" in reason
    allowed = spreadsheets.read_table(_csv(rows[:5001], ";").encode(), "juste.csv")
    assert len(allowed.rows) == 5000


def test_titles_are_guessed_in_french_and_english_each_target_once() -> None:
    header = [
        "PRENOM",
        "Nom de famille",
        "Tel",
        "E-mail",
        "Courriel",
        "Ville",
        "cp",
        "Année de naissance",
        "Langue",
        "Situation",
        "",
    ]
    assert import_columns.guess(header) == [
        "first_name",
        "last_name",
        "phone",
        "email",
        None,  # the e-mail is already the column to its left
        "city",
        "postcode",
        "birth_year",
        "language",
        None,
        None,
    ]
    english = ["First name", "Last name", "Mobile", "Mail", "City", "Postcode", "Language"]
    assert None not in import_columns.guess(english)
    assert import_columns.guess(["Téléphone portable du jeune"]) == ["phone"]


def test_a_row_is_judged_by_the_candidate_rule_with_its_reason_in_french() -> None:
    header = ["Prénom", "Nom", "Tél", "Mail", "Naissance", "Langue"]
    mapping = import_columns.guess(header)

    def read(*cells: str) -> object:
        return import_columns.candidate_of(
            list(cells), header=header, mapping=mapping, organisation_id=uuid4()
        )

    ok = read("Awa", "Diallo", "", "", "", "anglais")
    assert isinstance(ok, CandidateIn) and ok.language == "en" and ok.private is None
    missing = read("", "Diallo", "", "", "", "")
    assert isinstance(missing, import_columns.Problem)
    assert missing.field == "first_name" and missing.column == ""
    assert "prénom" in missing.fr and "obligatoire" in missing.fr
    phone = read("Awa", "Diallo", "12", "", "", "")
    assert isinstance(phone, import_columns.Problem)
    assert phone.column == "Tél" and "numéro de téléphone" in phone.fr
    mail = read("Awa", "Diallo", "", "awa.diallo", "", "")
    assert isinstance(mail, import_columns.Problem) and "adresse e-mail" in mail.fr
    year = read("Awa", "Diallo", "", "", "12/05/90", "")
    assert isinstance(year, import_columns.Problem)
    assert year.column == "Naissance" and "4 chiffres" in year.fr
    future = read("Awa", "Diallo", "", "", "2190", "")
    assert isinstance(future, import_columns.Problem) and "entre 1900" in future.fr
    language = read("Awa", "Diallo", "", "", "", "arabe")
    assert isinstance(language, import_columns.Problem) and "anglais" in language.fr
