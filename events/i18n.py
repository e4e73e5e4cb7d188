"""Which language to answer in (French unless the client asks for English first), and the words
shared by every medium: the names of the event kinds and of the statuses, month and day names.

One table per set of labels, here only: pages, invites, mails, the calendar feed, error texts and
the demo's summary read them (``tests/test_i18n.py`` keeps their keys equal to the codes and
the French labels out of every other module). Sentences that tell a person where they stand
("Votre place est confirmée.") stay with their medium: a ticket page, an invite and a text
message each say it their own way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final, Literal, TypeVar
from zoneinfo import ZoneInfo

Language = Literal["fr", "en"]
K = TypeVar("K", bound=str)

# Keyed by ``catalog.Kind`` (not imported: the catalog reads this module through its errors).
KINDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "sport_session": "Séance de recrutement par le sport",
        "food_festival": "Festival culinaire",
        "e_forum": "E-forum",
        "job_dating": "Job dating",
    },
    "en": {
        "sport_session": "Sport-based recruitment session",
        "food_festival": "Food festival",
        "e_forum": "E-forum",
        "job_dating": "Job dating",
    },
}
# Keyed by ``catalog.Status``; « la rencontre est publiée » (a feminine noun).
EVENT_STATUSES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "draft": "brouillon",
        "published": "publiée",
        "completed": "terminée",
        "cancelled": "annulée",
    },
    "en": {
        "draft": "draft",
        "published": "published",
        "completed": "completed",
        "cancelled": "cancelled",
    },
}
# Keyed by ``messages.outbox.Status``; « le message est envoyé ».
MESSAGE_STATUSES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "pending": "en attente",
        "sent": "envoyé",
        "skipped": "non envoyé",
        "dead": "en échec",
    },
    "en": {
        "pending": "pending",
        "sent": "sent",
        "skipped": "skipped",
        "dead": "dead",
    },
}

# Keyed by ``registrations.RegistrationStatus``, as a row of the registrations table says it.
REGISTRATION_STATUSES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "confirmed": "place confirmée",
        "waitlisted": "sur liste d'attente",
        "cancelled": "inscription annulée",
        "no_show": "absent(e)",
    },
    "en": {
        "confirmed": "place confirmed",
        "waitlisted": "on the waiting list",
        "cancelled": "registration cancelled",
        "no_show": "did not come",
    },
}
# Keyed by ``directory.candidates.RefugeeStatus`` (private data: staff pages and exports only).
REFUGEE_STATUSES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "asylum_seeker": "Demande d'asile en cours",
        "refugee": "Statut de réfugié",
        "subsidiary_protection": "Protection subsidiaire",
        "temporary_protection": "Protection temporaire",
        "stateless": "Apatride",
        "other": "Autre",
    },
    "en": {
        "asylum_seeker": "Asylum claim under way",
        "refugee": "Refugee",
        "subsidiary_protection": "Subsidiary protection",
        "temporary_protection": "Temporary protection",
        "stateless": "Stateless",
        "other": "Other",
    },
}
# Keyed by ``directory.candidates.Benefit``.
BENEFITS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "rsa": "RSA (revenu de solidarité active)",
        "ass": "ASS (allocation de solidarité spécifique)",
        "aah": "AAH (allocation aux adultes handicapés)",
        "are": "ARE (allocation chômage)",
        "cej": "Allocation du contrat d'engagement jeune (CEJ)",
        "other": "Autre aide",
    },
    "en": {
        "rsa": "RSA (minimum income)",
        "ass": "ASS (long-term unemployment allowance)",
        "aah": "AAH (disabled adult allowance)",
        "are": "ARE (unemployment benefit)",
        "cej": "Youth commitment contract allowance (CEJ)",
        "other": "Other benefit",
    },
}
# Keyed by ``directory.candidates.Housing``.
HOUSING: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "own_or_rented": "Logement personnel (propriétaire ou locataire)",
        "family_or_friends": "Hébergé(e) par la famille ou des amis",
        "temporary": "Logement temporaire (foyer, résidence sociale)",
        "emergency_shelter": "Hébergement d'urgence",
        "homeless": "Sans domicile",
        "other": "Autre",
    },
    "en": {
        "own_or_rented": "Own home (owner or tenant)",
        "family_or_friends": "Staying with family or friends",
        "temporary": "Temporary housing (hostel, social residence)",
        "emergency_shelter": "Emergency shelter",
        "homeless": "Homeless",
        "other": "Other",
    },
}
# Keyed by ``registrations.RegistrationRole``.
REGISTRATION_ROLES: Final[dict[Language, dict[str, str]]] = {
    "fr": {"candidate": "candidat(e)", "company": "entreprise"},
    "en": {"candidate": "candidate", "company": "company"},
}


def status_label(status: str, language: str) -> str:
    """An event's or a message's status in words (their codes do not overlap); an unknown code
    as it is."""
    words: Language = "en" if language == "en" else "fr"
    return EVENT_STATUSES[words].get(status) or MESSAGE_STATUSES[words].get(status) or status


def both(labels: Mapping[Language, Mapping[K, str]], key: K) -> str:
    """« français / English » for text read by both (the demo's summary), once when equal."""
    french, english = labels["fr"][key], labels["en"][key]
    return french if french == english else f"{french} / {english}"


def negotiate(accept_language: str | None) -> Language:
    """The first of French or English in the client's preference order; French by default."""
    if not accept_language:
        return "fr"
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag.startswith("fr") or tag == "*":
            return "fr"
    return "fr"


_DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def when(starts_at: datetime, ends_at: datetime, zone: str, language: Language) -> str:
    """The time of an event in its own zone, in words: « samedi 5 décembre 2026, de 9 h 30 à
    12 h »."""
    start = starts_at.astimezone(ZoneInfo(zone))
    end = ends_at.astimezone(ZoneInfo(zone))
    day = _DAYS[language][start.weekday()]
    month = MONTHS[language][start.month - 1]
    if language == "en":
        text = f"{day} {start.day} {month} {start.year}, {start:%H:%M} to "
        text += f"{end:%H:%M}" if end.date() == start.date() else f"{end:%d/%m/%Y %H:%M}"
        return text
    text = f"{day} {start.day} {month} {start.year}, de {_hour(start)} à "
    text += _hour(end) if end.date() == start.date() else f"{end:%d/%m/%Y} {_hour(end)}"
    return text


def _hour(moment: datetime) -> str:
    # No-break spaces: "18 h 36" must not break across lines on a printed ticket.
    if moment.minute == 0:
        return f"{moment.hour}\u00a0h"
    return f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"


# Keyed by ``outcomes.Kind``: what followed a meeting for a participant (issue 12 §1).
OUTCOME_KINDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "interview": "Entretien d'embauche",
        "immersion": "Immersion en entreprise (PMSMP)",
        "poe": "Formation avant embauche (POE)",
        "work_study": "Alternance",
        "fixed_term_short": "CDD de moins de 6 mois",
        "fixed_term_long": "CDD de 6 mois ou plus",
        "permanent": "CDI",
        "training": "Formation",
        "nothing_yet": "Rien pour l'instant",
        "lost_contact": "Plus de nouvelles",
    },
    "en": {
        "interview": "Job interview",
        "immersion": "Work immersion (PMSMP)",
        "poe": "Pre-recruitment training (POE)",
        "work_study": "Work-study",
        "fixed_term_short": "Fixed-term contract under 6 months",
        "fixed_term_long": "Fixed-term contract of 6 months or more",
        "permanent": "Permanent contract",
        "training": "Training",
        "nothing_yet": "Nothing yet",
        "lost_contact": "Lost contact",
    },
}


# Keyed by ``candidates.Gender`` and ``candidates.DiplomaLevel``: two optional private fields
# kept for funders' figures (issue 12 §2), with the labels of their form fields.
GENDERS: Final[dict[Language, dict[str, str]]] = {
    "fr": {"woman": "Femme", "man": "Homme", "other": "Autre"},
    "en": {"woman": "Woman", "man": "Man", "other": "Other"},
}
DIPLOMA_LEVELS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "none": "Sans diplôme",
        "level_3": "CAP, BEP (niveau 3)",
        "level_4": "Bac (niveau 4)",
        "level_5": "Bac + 2 : BTS, DUT (niveau 5)",
        "level_6": "Bac + 3, licence (niveau 6)",
        "level_7_8": "Bac + 5 ou plus, master (niveau 7 ou 8)",
    },
    "en": {
        "none": "No diploma",
        "level_3": "Vocational certificate, CAP or BEP (level 3)",
        "level_4": "Baccalauréat (level 4)",
        "level_5": "Two years after the bac (level 5)",
        "level_6": "Bachelor's degree (level 6)",
        "level_7_8": "Master's degree or higher (level 7 or 8)",
    },
}
STATISTICS_FIELDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "gender": "Genre (facultatif)",
        "diploma_level": "Niveau de diplôme (facultatif)",
        "gender_shown": "Genre",
        "diploma_level_shown": "Niveau de diplôme",
    },
    "en": {
        "gender": "Gender (optional)",
        "diploma_level": "Diploma level (optional)",
        "gender_shown": "Gender",
        "diploma_level_shown": "Diploma level",
    },
}


def plural(words: Mapping[str, str], key: str, n: int, **fields: object) -> str:
    """The words for ``n`` things, ``{n}`` and ``fields`` filled in: ``key_none`` for none when
    the words have it (« Plus de place »), ``key_one`` for one (« 1 place libre »), ``key`` for
    more (« 2 places libres »), never « place(s) ». French says « 0 place » like « 1 place »:
    give ``key_none`` wherever zero can be shown. Templates choose the same keys themselves
    (``{% if n == 1 %}{{ t.key_one }}{% else %}…``)."""
    if n == 0 and f"{key}_none" in words:
        key = f"{key}_none"
    elif n == 1:
        key = f"{key}_one"
    return words[key].format(n=n, **fields)
