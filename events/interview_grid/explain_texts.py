"""The reasons of ``explain`` in plain words, for organisers: French first, English beside.

``names`` gives the name to show for each candidate and company id. With ``slots`` (the
event's slots, see ``slots.slots_of``) and ``zone`` (the event's time zone), hours are shown
as « de 15 h 40 à 16 h »; without them, as slot numbers counted from 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Final
from uuid import UUID

from events import i18n
from events.i18n import Language
from events.interview_grid.problem import Reason
from events.interview_grid.slots import Slot

NBSP: Final = "\u00a0"
# The figure whose count chooses a reason's words (``i18n.plural``): « n'a qu'une table ».
COUNTED: Final[dict[str, str]] = {
    "fixed_no_such_table": "tables",
    "too_few_table_slots": "offered",
    "few_slots": "slots",
    "few_companies": "companies",
}

TEXTS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "fixed_unknown": (
            "Un entretien déjà fixé ({slot}) concerne une personne ou une entreprise qui "
            "n'est plus dans la grille."
        ),
        "fixed_outside_day": (
            "L'entretien déjà fixé de {candidate} avec {company} tombe en dehors des "
            "créneaux de la journée."
        ),
        "fixed_no_such_table_none": (
            "{company} n'a aucune table{nbsp}: l'entretien fixé à la table {table_no} ({slot}) "
            "n'a pas de place."
        ),
        "fixed_no_such_table_one": (
            "{company} n'a qu'une table{nbsp}: l'entretien fixé à la table {table_no} ({slot}) "
            "n'a pas de place."
        ),
        "fixed_no_such_table": (
            "{company} n'a que {n} tables{nbsp}: l'entretien fixé à la table {table_no} "
            "({slot}) n'a pas de place."
        ),
        "fixed_candidate_twice": ("{candidate} a deux entretiens fixés au même moment ({slot})."),
        "fixed_table_twice": (
            "La table {table_no} de {company} a deux entretiens fixés au même moment ({slot})."
        ),
        "fixed_pair_twice": "{candidate} a deux entretiens fixés avec {company}.",
        "fixed_prefer_not": (
            "Un entretien est fixé entre {candidate} et {company}, alors que l'un des deux a "
            "demandé à ne pas se rencontrer."
        ),
        "too_few_table_slots_none": (
            "La journée n'offre aucune place d'entretien (aucune table à aucun créneau) pour "
            "{people_words}. Ajoutez des tables, des entreprises ou des créneaux."
        ),
        "too_few_table_slots_one": (
            "La journée n'offre qu'une place d'entretien en tout (chaque table, à chaque "
            "créneau) pour {people_words}{nbsp}: il en faudrait {needed} pour que chacune ait "
            "{interviews_words}. Ajoutez des tables, des entreprises ou des créneaux."
        ),
        "too_few_table_slots": (
            "La journée offre {n} places d'entretien en tout (chaque table, à chaque "
            "créneau) pour {people_words}{nbsp}: il en faudrait {needed} pour que chacune ait "
            "{interviews_words}. Ajoutez des tables, des entreprises ou des créneaux."
        ),
        "no_slot": (
            "Les heures de {candidate} ne couvrent aucun créneau{nbsp}: aucun entretien n'est "
            "possible."
        ),
        "few_slots_one": (
            "{candidate} n'est là que pour 1 créneau ({hours}){nbsp}: un seul entretien est "
            "possible, au lieu des {k} prévus."
        ),
        "few_slots": (
            "{candidate} n'est là que pour {n} créneaux ({hours}){nbsp}: {n} entretiens au plus "
            "sont possibles, au lieu des {k} prévus."
        ),
        "few_companies_none": "{candidate} ne peut rencontrer aucune entreprise{why}.",
        "few_companies_one": "{candidate} ne peut rencontrer qu'une entreprise{why}.",
        "few_companies": "{candidate} ne peut rencontrer que {n} entreprises{why}.",
        "why": "{nbsp}: {parts}",
        "prefer_not_one": "1 est écartée par un souhait «{nbsp}ne pas se rencontrer{nbsp}»",
        "prefer_not": "{n} sont écartées par un souhait «{nbsp}ne pas se rencontrer{nbsp}»",
        "not_there_one": "1 n'est pas là aux heures où {candidate} est là",
        "not_there": "{n} ne sont pas là aux heures où {candidate} est là",
        "and": " et ",
        "tables_full": (
            "Aux heures où {candidate} est là ({hours}) et libre, les tables des entreprises "
            "possibles sont toutes prises{nbsp}: {places_words} pour {present_words}. "
            "{candidate}{nbsp}: {got_words}."
        ),
        "wish_not_met.not_there": (
            "La rencontre souhaitée entre {candidate} et {company} n'est pas possible{nbsp}: "
            "les deux ne sont pas là aux mêmes heures."
        ),
        "wish_not_met.prefer_not": (
            "{candidate} et {company}{nbsp}: un souhait de rencontre et un souhait de ne pas se "
            "rencontrer se contredisent{nbsp}; l'entretien n'est pas prévu."
        ),
        "wish_not_met.full": (
            "La rencontre souhaitée entre {candidate} et {company} n'a pas pu être prévue{nbsp}: "
            "les tables de {company} sont prises aux heures où {candidate} est libre."
        ),
        "unknown": "Autre raison ({code}).",
        "slot": "créneau {n}",
        "slots": "créneaux {a} à {b}",
        "hours": "de {a} à {b}",
        "people_one": "1 personne",
        "people": "{n} personnes",
        "present_one": "1 personne présente",
        "present": "{n} personnes présentes",
        "places_none": "aucune place",
        "places_one": "1 place",
        "places": "{n} places",
        "interviews_one": "1 entretien",
        "interviews": "{n} entretiens",
        "someone": "(personne inconnue)",
        "some_company": "(entreprise inconnue)",
    },
    "en": {
        "fixed_unknown": (
            "An interview already fixed ({slot}) is about a person or a company no longer in "
            "the grid."
        ),
        "fixed_outside_day": (
            "The interview already fixed for {candidate} with {company} falls outside the "
            "day's slots."
        ),
        "fixed_no_such_table_none": (
            "{company} has no table: the interview fixed at table {table_no} ({slot}) has no room."
        ),
        "fixed_no_such_table_one": (
            "{company} has only one table: the interview fixed at table {table_no} ({slot}) "
            "has no room."
        ),
        "fixed_no_such_table": (
            "{company} has only {n} tables: the interview fixed at table {table_no} ({slot}) "
            "has no room."
        ),
        "fixed_candidate_twice": "{candidate} has two interviews fixed at the same time ({slot}).",
        "fixed_table_twice": (
            "Table {table_no} of {company} has two interviews fixed at the same time ({slot})."
        ),
        "fixed_pair_twice": "{candidate} has two interviews fixed with {company}.",
        "fixed_prefer_not": (
            "An interview is fixed between {candidate} and {company}, although one of them "
            "asked not to meet."
        ),
        "too_few_table_slots_none": (
            "The day offers no interview place (no table in any slot) for {people_words}. Add "
            "tables, companies or slots."
        ),
        "too_few_table_slots_one": (
            "The day offers a single interview place in all (each table, in each slot) for "
            "{people_words}: {needed} would be needed for each to get {interviews_words}. Add "
            "tables, companies or slots."
        ),
        "too_few_table_slots": (
            "The day offers {n} interview places in all (each table, in each slot) for "
            "{people_words}: {needed} would be needed for each to get {interviews_words}. Add "
            "tables, companies or slots."
        ),
        "no_slot": "The hours of {candidate} hold no slot: no interview is possible.",
        "few_slots_one": (
            "{candidate} is there for 1 slot only ({hours}): a single interview is possible, "
            "not {k}."
        ),
        "few_slots": (
            "{candidate} is there for {n} slots only ({hours}): {n} interviews at most are "
            "possible, not {k}."
        ),
        "few_companies_none": "{candidate} can meet no company{why}.",
        "few_companies_one": "{candidate} can meet one company only{why}.",
        "few_companies": "{candidate} can meet {n} companies only{why}.",
        "why": ": {parts}",
        "prefer_not_one": "1 is left out by a \u201cprefer not to meet\u201d wish",
        "prefer_not": "{n} are left out by a \u201cprefer not to meet\u201d wish",
        "not_there_one": "1 is not there while {candidate} is",
        "not_there": "{n} are not there while {candidate} is",
        "and": " and ",
        "tables_full": (
            "While {candidate} is there ({hours}) and free, every table of the possible "
            "companies is taken: {places_words} for {present_words}. {candidate}: "
            "{got_words}."
        ),
        "wish_not_met.not_there": (
            "The meeting wished between {candidate} and {company} is not possible: they are "
            "not there at the same time."
        ),
        "wish_not_met.prefer_not": (
            "{candidate} and {company}: a wish to meet and a wish not to meet contradict each "
            "other; no interview is planned."
        ),
        "wish_not_met.full": (
            "The meeting wished between {candidate} and {company} could not be planned: the "
            "tables of {company} are taken while {candidate} is free."
        ),
        "unknown": "Other reason ({code}).",
        "slot": "slot {n}",
        "slots": "slots {a} to {b}",
        "hours": "from {a} to {b}",
        "people_one": "1 person",
        "people": "{n} people",
        "present_one": "1 person there",
        "present": "{n} people there",
        "places_none": "no place",
        "places_one": "1 place",
        "places": "{n} places",
        "interviews_one": "1 interview",
        "interviews": "{n} interviews",
        "someone": "(unknown person)",
        "some_company": "(unknown company)",
    },
}


def _clock(at: datetime, language: Language) -> str:
    if language == "fr":
        return f"{at.hour}{NBSP}h" + (f"{NBSP}{at.minute:02d}" if at.minute else "")
    return f"{at.hour}:{at.minute:02d}"


def _hours(
    first: int,
    last: int,
    words: dict[str, str],
    language: Language,
    slots: Sequence[Slot],
    zone: tzinfo | None,
) -> str:
    by_index = {slot.index: slot for slot in slots}
    if first in by_index and last in by_index:
        start = by_index[first].starts_at
        end = by_index[last].ends_at
        if zone is not None:
            start, end = start.astimezone(zone), end.astimezone(zone)
        return words["hours"].format(a=_clock(start, language), b=_clock(end, language))
    if first == last:
        return words["slot"].format(n=first + 1)
    return words["slots"].format(a=first + 1, b=last + 1)


def _got(got: int, k: int, language: Language) -> str:
    """« 1 entretien sur 2 prévus »: French counts 0 and 1 as singular, English only 1."""
    if language == "en":
        noun = "interview" if got == 1 else "interviews"
        return f"{got} {noun} out of {k} planned"
    noun = "entretien" if got <= 1 else "entretiens"
    planned = "prévu" if k <= 1 else "prévus"
    return f"{got} {noun} sur {k} {planned}"


def _why(figures: Mapping[str, int | str], words: dict[str, str], candidate: str) -> str:
    """Why a candidate can meet few companies: those left out by a wish, those not there."""
    parts = []
    for key in ("prefer_not", "not_there"):
        n = int(figures.get(key, 0))
        if n > 0:
            parts.append(i18n.plural(words, key, n, candidate=candidate, nbsp=NBSP))
    if not parts:
        return ""
    return words["why"].format(parts=words["and"].join(parts), nbsp=NBSP)


def sentences(
    reasons: list[Reason],
    language: Language,
    names: Mapping[UUID, str],
    *,
    slots: Sequence[Slot] = (),
    zone: tzinfo | None = None,
) -> list[str]:
    """One plain sentence per reason, in ``language``."""
    words = TEXTS["en" if language == "en" else "fr"]
    result: list[str] = []
    for reason in reasons:
        figures = dict(reason.figures)
        values: dict[str, object] = {**figures, "nbsp": NBSP}
        for key, fallback in (("candidate", "someone"), ("company", "some_company")):
            if key in figures:
                try:
                    values[key] = names.get(UUID(str(figures[key])), words[fallback])
                except ValueError:
                    values[key] = words[fallback]
        if "slot" in figures:
            at = int(figures["slot"])
            values["slot"] = _hours(at, at, words, language, slots, zone)
        if "first" in figures and "last" in figures:
            values["hours"] = _hours(
                int(figures["first"]), int(figures["last"]), words, language, slots, zone
            )
        for figure, counted in (
            ("candidates", "people"),
            ("people", "present"),
            ("places", "places"),
            ("k", "interviews"),
        ):
            if figure in figures:
                values[f"{counted}_words"] = i18n.plural(words, counted, int(figures[figure]))
        if "got" in figures:
            values["got_words"] = _got(int(figures["got"]), int(figures.get("k", 0)), language)
        key = reason.code
        if key == "few_companies":
            values["why"] = _why(figures, words, str(values["candidate"]))
        if key == "wish_not_met":
            key = f"wish_not_met.{figures.get('why', 'full')}"
        template = words.get(key)
        if template is None:
            result.append(words["unknown"].format(code=reason.code))
        elif key in COUNTED:
            result.append(i18n.plural(words, key, int(figures.get(COUNTED[key], 0)), **values))
        else:
            result.append(template.format(**values))
    return result
