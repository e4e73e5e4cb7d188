"""The four demo meetings, placed a few weeks after ``now`` on weekdays, in Paris time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from events import catalog

EventKey = Literal["sport", "dating", "food", "forum"]
# The sport session's activities, which the coaches' observations name.
CLIMBING = "Escalade en cordée"
TEAM_SPORTS = "Sports collectifs (futsal, ultimate)"
WARM_UP = "Échauffement et étirements guidés"

TIMEZONE = "Europe/Paris"
PARIS = ZoneInfo(TIMEZONE)

SPORT_CENTRE = {
    "name": "Centre sportif des Murs-à-Pêches",
    "address": "18 rue des Grimpeurs",
    "city": "Montreuil",
    "postcode": "93100",
}
RESTAURANT = {
    "name": "Le Comptoir solidaire",
    "address": "7 passage de la Fraternité",
    "city": "Paris",
    "postcode": "75011",
}
FORUM_HALL = {
    "name": "Maison de l'emploi de Saint-Denis",
    "address": "3 place des Métiers",
    "city": "Saint-Denis",
    "postcode": "93200",
}


def _weekday_after(start: date, days: int) -> date:
    day = start + timedelta(days=days)
    while day.weekday() >= 5:  # the programmes meet on working days
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _common(
    title: str, description: str, day: date, hours: tuple[tuple[int, int], tuple[int, int]]
) -> dict[str, Any]:
    (start_h, start_m), (end_h, end_m) = hours
    return {
        "title": title,
        "description": description,
        "starts_at": _at(day, start_h, start_m),
        "ends_at": _at(day, end_h, end_m),
        "timezone": TIMEZONE,
    }


def plan(
    *, now: datetime, coach_ids: list[UUID], restaurant_ids: list[UUID]
) -> dict[EventKey, catalog.NewEvent]:
    """The four events as an organiser would send them, checked by the same input structs."""
    today = now.astimezone(PARIS).date()
    sport_day = _weekday_after(today, 10)
    food_day = _weekday_after(today, 17)
    forum_day = _weekday_after(today, 24)
    bodies: dict[EventKey, dict[str, Any]] = {
        "sport": {
            "kind": "sport_session",
            **_common(
                "Du mur d'escalade à l'emploi : séance sport et recrutement",
                "Une matinée d'escalade et de sports collectifs avec des recruteurs de "
                "l'agroalimentaire. Pas d'examen, pas de note : on fait du sport ensemble, les "
                "coachs observent les compétences (persévérance, esprit d'équipe, respect des "
                "consignes) qui nourriront la carte de compétences de chacun. Tenue de sport, "
                "gourde. Job dating l'après-midi pour celles et ceux qui le souhaitent.",
                sport_day,
                ((9, 0), (12, 30)),
            ),
            "venue": SPORT_CENTRE,
            "capacity": {"candidates": 40, "companies": 6},
            "sectors": ["agroalimentaire"],
            "details": {
                "activities": [
                    {
                        "name": CLIMBING,
                        "skills": [
                            "perseverance",
                            "self_confidence",
                            "concentration",
                            "following_instructions",
                        ],
                    },
                    {
                        "name": TEAM_SPORTS,
                        "skills": ["team_spirit", "communication", "reactivity", "leadership"],
                    },
                    {
                        "name": WARM_UP,
                        "skills": ["punctuality", "self_discipline", "motivation"],
                    },
                ],
                "coach_ids": coach_ids,
            },
        },
        "dating": {
            "kind": "job_dating",
            **_common(
                "Job dating agroalimentaire et logistique",
                "Entretiens de dix minutes avec les entreprises rencontrées le matin. Venez "
                "comme vous êtes ; un CV n'est pas obligatoire, votre carte de compétences "
                "suffit pour commencer la conversation.",
                sport_day,
                ((14, 0), (17, 0)),
            ),
            "venue": {**SPORT_CENTRE, "name": "Centre sportif des Murs-à-Pêches, salle Cerisier"},
            "capacity": {"candidates": 16, "companies": 6},
            "sectors": ["agroalimentaire", "logistique"],
            "details": {"interview_minutes": 10, "mode": "in_person"},
        },
        "food": {
            "kind": "food_festival",
            **_common(
                "Festival des cuisines réfugiées : service du midi",
                "Des commis de cuisine réfugiés conçoivent et cuisinent un menu de leur pays avec "
                "trois restaurateurs. Le service se passe en conditions réelles ; à la fin, "
                "chaque restaurant propose selon les cas un stage, une mise en relation ou une "
                "embauche. Ce n'est pas un concours.",
                food_day,
                ((10, 0), (15, 30)),
            ),
            "venue": RESTAURANT,
            "capacity": {"candidates": 9, "companies": 3},
            "sectors": ["restauration"],
            "details": {
                "cuisines": ["afghane", "érythréenne", "syrienne", "guinéenne"],
                "restaurant_company_ids": restaurant_ids,
            },
        },
        "forum": {
            "kind": "e_forum",
            **_common(
                "E-forum « Tous les métiers, tous les parcours »",
                "Sur place à Saint-Denis ou en visio. Parcours recrutement : déposez votre CV "
                "avant le forum, entretiens de vingt minutes pendant la journée. Parcours "
                "ateliers : des entreprises conseillent sur la recherche d'emploi. Photo "
                "professionnelle offerte sur place.",
                forum_day,
                ((9, 30), (17, 0)),
            ),
            "venue": FORUM_HALL,
            "online_url": "https://visio.example.org/e-forum-tous-les-parcours",
            "capacity": {"candidates": 30, "companies": 10},
            "sectors": ["numérique", "logistique", "aide à domicile", "agroalimentaire"],
            "details": {
                "mode": "hybrid",
                "interview_minutes": 20,
                "photo_shoot": True,
                "workshops": [
                    {
                        "title": "Réussir son entretien d'embauche",
                        "starts_at": _at(forum_day, 10),
                        "ends_at": _at(forum_day, 11),
                    },
                    {
                        "title": "Mettre en valeur ses compétences transverses sur un CV",
                        "starts_at": _at(forum_day, 14),
                        "ends_at": _at(forum_day, 15, 30),
                    },
                ],
            },
        },
    }
    return {key: msgspec.convert(body, catalog.NewEvent) for key, body in bodies.items()}
