"""What each column of an imported spreadsheet holds, and one of its rows as a candidate.
Pure: no database.

- ``guess``: the target of each column from its title, French or English, whatever its case,
  accents or punctuation (``candidates.fold``: "Prénom", "PRENOM" and "prénom :" are one
  title); each target goes to the first column that names it, the others are ignored.
- ``candidate_of``: a row as ``candidates.CandidateIn`` — the one rule of what a valid
  candidate is, read by msgspec — after the mending a spreadsheet needs: a phone or a postcode
  typed as a number lost its leading 0 (612345678 is 0612345678, 6100 is 06100), a birth date
  gives its year, "français" or "anglais" is the language of the messages. A row that is not a
  candidate gives its refusal in plain words, French and English, and the column it is about.
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal
from uuid import UUID

import msgspec

from events.directory.candidates import CandidateIn, fold
from events.errors import InvalidInput, read_validation

Target = Literal[
    "first_name", "last_name", "email", "phone", "city", "postcode", "birth_year", "language"
]
TARGETS: Final[tuple[Target, ...]] = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "city",
    "postcode",
    "birth_year",
    "language",
)
REQUIRED: Final[tuple[Target, ...]] = ("first_name", "last_name")

# Column titles as ``fold`` writes them, by target.
_TITLES: Final[dict[Target, tuple[str, ...]]] = {
    "first_name": ("prenom", "prenoms", "firstname", "first", "givenname", "forename"),
    "last_name": (
        "nom",
        "nomdefamille",
        "nomdusage",
        "nomusuel",
        "nomdenaissance",
        "lastname",
        "surname",
        "familyname",
    ),
    "phone": (
        "telephone",
        "tel",
        "portable",
        "mobile",
        "telportable",
        "telephoneportable",
        "telephonemobile",
        "numerodetelephone",
        "gsm",
        "phone",
        "phonenumber",
        "mobilephone",
        "cellphone",
    ),
    "email": (
        "mail",
        "email",
        "courriel",
        "mel",
        "adressemail",
        "adresseemail",
        "adressecourriel",
        "emailaddress",
    ),
    "city": ("ville", "commune", "localite", "city", "town"),
    "postcode": ("codepostal", "cp", "postcode", "postalcode", "zip", "zipcode"),
    "birth_year": (
        "anneedenaissance",
        "datedenaissance",
        "naissance",
        "nele",
        "neele",
        "ddn",
        "birthyear",
        "yearofbirth",
        "dateofbirth",
        "birthdate",
        "dob",
    ),
    "language": ("langue", "languedesmessages", "language", "lang"),
}
# A longer title that starts with one of these is that column ("Téléphone portable du jeune").
_PREFIXES: Final[dict[Target, tuple[str, ...]]] = {
    "first_name": ("prenom", "firstname"),
    "last_name": ("nomdefamille", "lastname", "surname"),
    "phone": ("telephone", "numerodetel", "phone"),
    "email": ("email", "courriel", "adressemail", "adresseemail"),
    "city": ("ville",),
    "postcode": ("codepostal", "postcode", "postalcode"),
    "birth_year": ("anneedenaissance", "datedenaissance", "birthyear", "dateofbirth"),
    "language": ("langue",),
}
# The message languages (``candidates.MessageLanguage``) as a spreadsheet may write them.
_LANGUAGES: Final[dict[str, str]] = {
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "eng": "en",
    "anglais": "en",
    "english": "en",
}
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def guess(header: list[str]) -> list[Target | None]:
    """Each column's target from its title: an exact title first, then a title that starts
    like one; a target already taken by a column to the left is not taken again."""
    folded = [fold(title) for title in header]
    found: list[Target | None] = [None] * len(header)
    taken: set[Target] = set()
    for matches in (_exact, _starts):
        for index, title in enumerate(folded):
            if found[index] is not None or not title:
                continue
            target = matches(title)
            if target is not None and target not in taken:
                found[index] = target
                taken.add(target)
    return found


def _exact(title: str) -> Target | None:
    return next((t for t, titles in _TITLES.items() if title in titles), None)


def _starts(title: str) -> Target | None:
    return next((t for t, starts in _PREFIXES.items() if title.startswith(starts)), None)


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """Why a row is not a candidate: the field, the column it came from (its title, or "" when
    no column holds it), and the refusal in French and English."""

    field: str
    column: str
    fr: str
    en: str


def _phone(value: str) -> str:
    # A French number typed as a number loses its 0: nine digits are a number without it.
    return "0" + value if value.isdigit() and len(value) == 9 else value


def _postcode(value: str) -> str:
    compact = value.replace(" ", "")
    # 06100 (Nice) typed as a number is 6100.
    return "0" + compact if compact.isdigit() and len(compact) == 4 else compact


def _birth_year(value: str) -> int | InvalidInput:
    """The year of a year ("1990") or of a date in any order ("12/05/1990", "1990-05-12");
    whether the year is possible is ``candidates.PrivateIn``'s rule."""
    years = _YEAR.findall(value)
    if len(years) == 1 and len(re.sub(r"[^0-9]", "", value)) <= 8:
        return int(years[0])
    return InvalidInput(
        field="private.birth_year",
        reason_fr=f"L'année de naissance «\u00a0{value}\u00a0» n'est pas lisible\u00a0: écrivez "
        "l'année en 4 chiffres (1990) ou la date entière (12/05/1990).",
        reason_en=f"The year of birth '{value}' cannot be read: write the year in 4 digits "
        "(1990) or the whole date (12/05/1990).",
    )


def _language(value: str) -> str | InvalidInput:
    found = _LANGUAGES.get(fold(value))
    if found is not None:
        return found
    return InvalidInput(
        field="language",
        reason_fr=f"Langue des messages «\u00a0{value}\u00a0» inconnue\u00a0: écrivez "
        "«\u00a0français\u00a0» ou «\u00a0anglais\u00a0», ou ignorez cette colonne.",
        reason_en=f"Unknown message language '{value}': write 'French' or 'English', or ignore "
        "this column.",
    )


def candidate_of(
    cells: list[str], *, header: list[str], mapping: list[Target | None], organisation_id: UUID
) -> CandidateIn | Problem:
    """The row as a candidate of the organisation, or why it is not one."""
    body: dict[str, Any] = {"organisation_id": organisation_id}
    columns: dict[str, str] = {}
    for title, target, value in zip(header, mapping, cells, strict=True):
        if target is None or not value:
            continue
        field = "private.birth_year" if target == "birth_year" else target
        columns[field] = title
        mended: Any = value
        if target == "phone":
            mended = _phone(value)
        elif target == "postcode":
            mended = _postcode(value)
        elif target == "birth_year":
            mended = _birth_year(value)
        elif target == "language":
            mended = _language(value)
        if isinstance(mended, InvalidInput):
            return _problem(mended, columns)
        if target == "birth_year":
            body["private"] = {"birth_year": mended}
        else:
            body[target] = mended
    try:
        return msgspec.convert(body, CandidateIn)
    except msgspec.ValidationError as error:
        refusal = InvalidInput.from_validation(
            read_validation(str(error)), shape=CandidateIn, sent=body
        )
        return _problem(refusal, columns)
    except InvalidInput as refusal:  # a rule of ``__post_init__`` (the birth year's range)
        return _problem(refusal, columns)


def _problem(refusal: InvalidInput, columns: dict[str, str]) -> Problem:
    field = str(refusal.params["field"])
    return Problem(
        field=field,
        column=columns.get(field, ""),
        fr=str(refusal.params["reason_fr"]),
        en=str(refusal.params["reason_en"]),
    )
