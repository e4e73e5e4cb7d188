"""The words of an invite's DESCRIPTION: plain French for people who read little, saying what
the meeting is for, what is expected (no pass or fail), and what to bring.

French only for now: participants have no language preference yet. When they do, an English
table goes beside these, chosen per participant.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from events import catalog
from events.calendar_feed import KIND_LABELS

Audience = Literal["candidate", "company"]
# Where the participant stands, as the invite tells them.
Standing = Literal["confirmed", "waitlisted", "cancelled", "event_cancelled"]
StaffPart = Literal["organiser", "coach", "recruiter"]

PURPOSE: Final[dict[catalog.Kind, str]] = {
    "sport_session": "Une séance de sport avec des entreprises qui recrutent. Le sport sert à "
    "faire connaissance et à montrer vos qualités : esprit d'équipe, persévérance, respect des "
    "consignes. Il n'y a pas de note et pas d'échec.",
    "food_festival": "Un festival de cuisine : vous préparez un menu avec un restaurant, qui "
    "découvre votre savoir-faire en vrai. Il n'y a pas de note et pas d'échec.",
    "e_forum": "Un forum pour l'emploi : des entretiens avec des entreprises et des ateliers "
    "pour vous aider à chercher un emploi.",
    "job_dating": "Des entretiens courts avec des entreprises qui recrutent. Ce n'est pas un "
    "examen : c'est pour faire connaissance.",
}
BRING: Final[dict[catalog.Kind, str]] = {
    "sport_session": "une tenue et des chaussures de sport, une bouteille d'eau, votre CV si "
    "vous en avez un (il n'est pas obligatoire).",
    "food_festival": "des chaussures fermées et confortables, votre CV si vous en avez un (il "
    "n'est pas obligatoire).",
    "e_forum": "votre CV si vous en avez un (il n'est pas obligatoire).",
    "job_dating": "votre CV si vous en avez un (il n'est pas obligatoire), de quoi noter.",
}
COMPANY_PURPOSE: Final = (
    "Une rencontre de recrutement : vous y rencontrez des candidats et candidates autrement "
    "que dans un entretien classique."
)
COMPANY_BRING: Final = "vos offres d'emploi, de stage ou d'alternance à présenter."
STANDING: Final[dict[Standing, str]] = {
    "confirmed": "Votre place est confirmée.",
    "waitlisted": "Vous êtes sur liste d'attente. Nous vous prévenons si une place se libère.",
    "cancelled": "Votre inscription est annulée.",
    "event_cancelled": "Attention : cette rencontre est annulée.",
}
STAFF_PART: Final[dict[StaffPart, str]] = {
    "organiser": "Vous organisez cette rencontre.",
    "coach": "Vous y participez comme coach.",
    "recruiter": "Vous y participez pour votre entreprise.",
}
ALARM: Final = "Demain : {title}"


def _interviews(kind: catalog.Kind, details: dict[str, Any]) -> str | None:
    minutes = details.get("interview_minutes")
    if kind in ("job_dating", "e_forum") and isinstance(minutes, int):
        return f"Chaque entretien dure environ {minutes} minutes."
    return None


def _place(event: catalog.Venue | None, online_url: str | None) -> list[str]:
    lines = []
    if event is not None:
        lines.append(f"Où : {event.name}, {event.address}, {event.postcode} {event.city}")
    if online_url is not None:
        lines.append(f"En ligne : {online_url}")
    return lines


def for_participant(
    *,
    audience: Audience,
    standing: Standing,
    kind: catalog.Kind,
    title: str,
    description: str | None,
    details: dict[str, Any],
    when: str,
    venue: catalog.Venue | None,
    online_url: str | None,
    organisation_name: str,
    ticket_url: str | None,
) -> str:
    """A registered candidate's or company's invite: purpose, frame, what to bring, their ticket."""
    purpose = PURPOSE[kind] if audience == "candidate" else COMPANY_PURPOSE
    bring = BRING[kind] if audience == "candidate" else COMPANY_BRING
    lines = [f"{KIND_LABELS[kind]} : {title}", STANDING[standing], "", purpose]
    if description:
        lines.append(description)
    interviews = _interviews(kind, details)
    if interviews:
        lines.append(interviews)
    lines += ["", f"Quand : {when}", *_place(venue, online_url), f"À apporter : {bring}"]
    if ticket_url is not None:
        lines += [
            "",
            "Votre billet, à montrer à l'entrée (sur papier ou sur votre téléphone) :",
            ticket_url,
        ]
    lines += ["", f"Rencontre organisée par {organisation_name}."]
    return "\n".join(lines)


def for_staff(
    *,
    part: StaffPart,
    standing: Standing,
    kind: catalog.Kind,
    title: str,
    description: str | None,
    when: str,
    venue: catalog.Venue | None,
    online_url: str | None,
    organisation_name: str,
    event_url: str,
) -> str:
    """An organiser's, coach's or recruiter's invite: their part, the event, its page."""
    lines = [f"{KIND_LABELS[kind]} : {title}", STAFF_PART[part]]
    if standing != "confirmed":
        lines.append(STANDING[standing])
    lines.append("")
    if description:
        lines.append(description)
    lines += [f"Quand : {when}", *_place(venue, online_url), "", "Page de la rencontre :"]
    lines += [event_url, "", f"Rencontre organisée par {organisation_name}."]
    return "\n".join(lines)
