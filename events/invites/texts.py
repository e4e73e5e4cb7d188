"""The words of an invite's DESCRIPTION: plain French for people who read little, saying what
the meeting is for, what is expected (no pass or fail), and what to bring.

A candidate who reads English (``candidates.language``) gets the English table; companies and
staff have no preference and read French.
"""

from __future__ import annotations

from typing import Any, Final, Literal

import msgspec

from events import catalog, i18n
from events.i18n import Language

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
ALARM: Final = "Rappel : {title}"
ONLINE: Final = "Rencontre en ligne"

PURPOSE_EN: Final[dict[catalog.Kind, str]] = {
    "sport_session": "A sport session with companies that are hiring. Sport is a way to get to "
    "know each other and to show your qualities: team spirit, perseverance, following "
    "instructions. There is no mark and no failing.",
    "food_festival": "A food festival: you prepare a menu with a restaurant, which sees your "
    "skills for real. There is no mark and no failing.",
    "e_forum": "A job forum: interviews with companies, and workshops to help you look for a job.",
    "job_dating": "Short interviews with companies that are hiring. It is not an exam: it is to "
    "get to know each other.",
}
BRING_EN: Final[dict[catalog.Kind, str]] = {
    "sport_session": "sports clothes and shoes, a bottle of water, your CV if you have one (it "
    "is not required).",
    "food_festival": "closed, comfortable shoes, your CV if you have one (it is not required).",
    "e_forum": "your CV if you have one (it is not required).",
    "job_dating": "your CV if you have one (it is not required), something to write with.",
}
STANDING_EN: Final[dict[Standing, str]] = {
    "confirmed": "Your place is confirmed.",
    "waitlisted": "You are on the waiting list. We will tell you if a place becomes free.",
    "cancelled": "Your registration is cancelled.",
    "event_cancelled": "Please note: this event is cancelled.",
}
ALARM_EN: Final = "Reminder: {title}"
ONLINE_EN: Final = "Online meeting"


class _Words(msgspec.Struct, frozen=True, kw_only=True):
    """One language's words for a candidate's invite."""

    kinds: dict[str, str]  # i18n.KINDS, by catalog.Kind
    purpose: dict[catalog.Kind, str]
    bring: dict[catalog.Kind, str]
    standing: dict[Standing, str]
    interviews: str
    where: str
    online: str
    when: str
    what_to_bring: str
    ticket: str
    organised_by: str
    # Before a colon: French typography wants a space there, English none.
    colon: str


WORDS: Final[dict[Language, _Words]] = {
    "fr": _Words(
        kinds=i18n.KINDS["fr"],
        purpose=PURPOSE,
        bring=BRING,
        standing=STANDING,
        interviews="Chaque entretien dure environ {minutes} minutes.",
        where="Où",
        online="En ligne",
        when="Quand",
        what_to_bring="À apporter",
        ticket="Votre billet, à montrer à l'entrée (sur papier ou sur votre téléphone) :",
        organised_by="Rencontre organisée par {name}.",
        colon=" :",
    ),
    "en": _Words(
        kinds=i18n.KINDS["en"],
        purpose=PURPOSE_EN,
        bring=BRING_EN,
        standing=STANDING_EN,
        interviews="Each interview lasts about {minutes} minutes.",
        where="Where",
        online="Online",
        when="When",
        what_to_bring="What to bring",
        ticket="Your ticket, to show at the entrance (on paper or on your phone):",
        organised_by="Event organised by {name}.",
        colon=":",
    ),
}


def alarm(title: str, language: Language) -> str:
    return (ALARM_EN if language == "en" else ALARM).format(title=title)


def online_label(language: Language) -> str:
    return ONLINE_EN if language == "en" else ONLINE


def _interviews(
    kind: catalog.Kind, details: dict[str, Any], words: _Words = WORDS["fr"]
) -> str | None:
    minutes = details.get("interview_minutes")
    if kind in ("job_dating", "e_forum") and isinstance(minutes, int):
        return words.interviews.format(minutes=minutes)
    return None


def _place(
    event: catalog.Venue | None, online_url: str | None, words: _Words = WORDS["fr"]
) -> list[str]:
    lines = []
    if event is not None:
        place = f"{event.name}, {event.address}, {event.postcode} {event.city}"
        lines.append(f"{words.where}{words.colon} {place}")
    if online_url is not None:
        lines.append(f"{words.online}{words.colon} {online_url}")
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
    language: Language = "fr",
) -> str:
    """A registered candidate's or company's invite: purpose, frame, what to bring, their ticket,
    in the candidate's language (a company's in French). The organiser's own description is
    quoted as written."""
    words = WORDS[language if audience == "candidate" else "fr"]
    purpose = words.purpose[kind] if audience == "candidate" else COMPANY_PURPOSE
    bring = words.bring[kind] if audience == "candidate" else COMPANY_BRING
    lines = [f"{words.kinds[kind]}{words.colon} {title}", words.standing[standing], "", purpose]
    if description:
        lines.append(description)
    interviews = _interviews(kind, details, words)
    if interviews:
        lines.append(interviews)
    lines += [
        "",
        f"{words.when}{words.colon} {when}",
        *_place(venue, online_url, words),
        f"{words.what_to_bring}{words.colon} {bring}",
    ]
    if ticket_url is not None:
        lines += ["", words.ticket, ticket_url]
    lines += ["", words.organised_by.format(name=organisation_name)]
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
    lines = [f"{i18n.KINDS['fr'][kind]} : {title}", STAFF_PART[part]]
    if standing != "confirmed":
        lines.append(STANDING[standing])
    lines.append("")
    if description:
        lines.append(description)
    lines += [f"Quand : {when}", *_place(venue, online_url), "", "Page de la rencontre :"]
    lines += [event_url, "", f"Rencontre organisée par {organisation_name}."]
    return "\n".join(lines)
