"""The words of the CV document and of the printable skills card page, French first, in plain
language: recruiters of small firms read them in a hurry, and candidates read them too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from events import i18n
from events.i18n import Language

# Dates on the card are shown as people in France read them, whatever the server's zone.
PARIS = ZoneInfo("Europe/Paris")

CARD: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Carte de compétences",
        "intro": "Ce que des coachs ont vu pendant des activités (sport, cuisine, ateliers). "
        "Ce n'est pas une note : chaque niveau s'appuie sur des observations.",
        "skill": "Compétence",
        "level": "Niveau",
        "level_of": "{level} sur 4",
        "observations": "Observations",
        "observers": "Coachs",
        "evidence": "Ce que les coachs ont noté",
        "activities": "Activités : {list}",
        "events": "Rencontres",
        "version": "Version du {date}.",
        "reviewed": "Relue par un coach le {date}.",
        "draft": "Brouillon : pas encore relue par un coach. Les entreprises ne la voient pas.",
        "empty": "Pas encore d'observation.",
        "scale": "Les niveaux vont de 1 à 4 ; 4 est le plus haut.",
        "cv": "CV",
        "no_cv": "Pas de CV : ce n'est pas obligatoire.",
        "cv_pdf": "CV envoyé en PDF ({pages} pages).",
        "cv_pdf_one": "CV envoyé en PDF (1 page).",
        "open_pdf": "Ouvrir le CV et la carte en PDF",
        "tools": "Langue, PDF et impression",
        "print": "Imprimer",
        "other_language": "English",
    },
    "en": {
        "title": "Skills card",
        "intro": "What coaches saw during activities (sport, cooking, workshops). "
        "It is not a grade: each level rests on observations.",
        "skill": "Skill",
        "level": "Level",
        "level_of": "{level} of 4",
        "observations": "Observations",
        "observers": "Coaches",
        "evidence": "What the coaches wrote",
        "activities": "Activities: {list}",
        "events": "Events",
        "version": "Version of {date}.",
        "reviewed": "Reviewed by a coach on {date}.",
        "draft": "Draft: not yet reviewed by a coach. Companies do not see it.",
        "empty": "No observation yet.",
        "scale": "Levels go from 1 to 4; 4 is the highest.",
        "cv": "CV",
        "no_cv": "No CV: it is not required.",
        "cv_pdf": "CV sent as a PDF ({pages} pages).",
        "cv_pdf_one": "CV sent as a PDF (1 page).",
        "open_pdf": "Open the CV and card as a PDF",
        "tools": "Language, PDF and printing",
        "print": "Print",
        "other_language": "Français",
    },
}

CV: dict[Language, dict[str, str]] = {
    "fr": {
        "experiences": "Expériences",
        "trainings": "Formations",
        "languages": "Langues",
        "licences": "Permis",
        "mobility": "Mobilité",
        "sectors": "Secteurs recherchés",
        "postcode": "Code postal",
        "since": "depuis {start}",
        "radius": "jusqu'à {km} km",
        "native": "langue maternelle",
    },
    "en": {
        "experiences": "Experience",
        "trainings": "Training",
        "languages": "Languages",
        "licences": "Driving licences",
        "mobility": "Mobility",
        "sectors": "Sectors wished",
        "postcode": "Postcode",
        "since": "since {start}",
        "radius": "up to {km} km",
        "native": "native language",
    },
}

TRANSPORT: dict[Language, dict[str, str]] = {
    "fr": {
        "car": "voiture",
        "motorbike": "deux-roues à moteur",
        "bicycle": "vélo",
        "public_transport": "transports en commun",
        "on_foot": "à pied",
    },
    "en": {
        "car": "car",
        "motorbike": "motorbike or scooter",
        "bicycle": "bicycle",
        "public_transport": "public transport",
        "on_foot": "on foot",
    },
}


def day(moment: datetime, language: Language) -> str:
    """« 5 décembre 2026 » / "5 December 2026", in the Paris zone."""
    local = moment.astimezone(PARIS)
    return f"{local.day} {i18n.MONTHS[language][local.month - 1]} {local.year}"


def period(value: str, language: Language) -> str:
    """A CV period, "2021" or "2021-03", as « mars 2021 » / "March 2021"."""
    if len(value) == 7:
        return f"{i18n.MONTHS[language][int(value[5:]) - 1]} {value[:4]}"
    return value


def span(start: str | None, end: str | None, language: Language) -> str:
    if start and end:
        return f"{period(start, language)} \N{EN DASH} {period(end, language)}"
    if start:
        return CV[language]["since"].format(start=period(start, language))
    return period(end, language) if end else ""


def label(label_fr: str, label_en: str, language: Language) -> str:
    """A skill's label as a line of the card starts: with a capital, as the vocabulary keeps
    them in lower case for use inside sentences."""
    text = label_en if language == "en" else label_fr
    return text[:1].upper() + text[1:]
