"""The words of everyone's interview schedule: the ticket's and the recruiter's parts, the
printable sheet, the mail and the SMS, the calendar entries. French first, plain words for
people who read little; English beside it. No-break spaces before « : ? ! » in French."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from events import i18n
from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        # The candidate's ticket (and a company's, for its contact).
        "yours": "Vos entretiens",
        "yours_intro": "Venez 5 minutes avant chaque entretien. Présentez-vous à la table "
        "indiquée.",
        "company_intro": "Les personnes que vous rencontrez, table par table.",
        "time": "Heure",
        "company": "Entreprise",
        "table": "Table",
        "table_n": "Table {n}",
        "candidate": "Personne",
        "video": "Lien de l'entretien en ligne",
        "video_short": "Entretien en ligne",
        # The recruiter's page and sheet.
        "recruiter_title": "Vos entretiens",
        "recruiter_intro": "Voici les personnes que vous rencontrez, table par table. Le nom "
        "mène à la carte de compétences quand la personne l'a permis.",
        "not_sent": "Le planning des entretiens n'est pas encore prêt. Vous le recevrez par "
        "mail dès qu'il sera envoyé.",
        "none": "Aucun entretien pour votre entreprise.",
        "sheet_link": "Feuille à imprimer",
        "ics_link": "Ajouter à mon agenda (.ics)",
        "sheet_title": "Entretiens — {company}",
        "sheet_event": "{title}, {when}",
        "print": "Imprimer",
        "back": "Retour à la rencontre",
        "other_language": "English",
        "card": "Voir la carte de {name}",
        "notes": "Notes",
        # Messages.
        "subject": "Vos entretiens : {title}",
        "subject_company": "Vos entretiens, table par table : {title}",
        "hello": "Bonjour {name},",
        "hello_nobody": "Bonjour,",
        "mail_intro": "Voici vos entretiens à la rencontre « {title} » ({when}).",
        "mail_company_intro": "Voici les entretiens de {company} à la rencontre « {title} » "
        "({when}).",
        "mail_line": "{time} : {company}, table {table}.",
        "mail_line_video": "{time} : {company}, en ligne : {url}",
        "mail_company_line": "{time} : {name}",
        "mail_where": "Adresse : {where}.",
        "mail_online": "Les entretiens se passent en ligne.",
        "mail_early": "Venez 5 minutes avant chaque entretien.",
        "mail_changed": "Si vous aviez reçu un planning avant, celui-ci le remplace.",
        "mail_ticket": "Votre billet et vos entretiens : {url}",
        "mail_page": "Votre page, avec la feuille à imprimer et l'agenda : {url}",
        "signed": "Rencontre organisée par {organisation}.",
        # « rendez-vous » is the same for one and for several: a text message has no room to
        # choose (events/interview_grid/schedule_messages.py lists the times).
        "sms": "{kind} du {day} : rendez-vous à {list}.",
        "sms_one": "{time} ({company}, table {table})",
        "sms_and": " et ",
        "sms_ticket": "Votre ticket : {url}",
        "sms_company": "{kind} du {day} : {n} rendez-vous, de {first} à {last}.",
        # Calendar entries.
        "ics_summary": "Entretien : {name} (table {table})",
        "ics_description": "Entretien avec {name}, table {table}, à la rencontre « {title} ».",
        "ics_calendar": "Entretiens — {company}",
    },
    "en": {
        "yours": "Your interviews",
        "yours_intro": "Come 5 minutes before each interview. Go to the table shown.",
        "company_intro": "The people you meet, table by table.",
        "time": "Time",
        "company": "Company",
        "table": "Table",
        "table_n": "Table {n}",
        "candidate": "Person",
        "video": "Link to the online interview",
        "video_short": "Online interview",
        "recruiter_title": "Your interviews",
        "recruiter_intro": "These are the people you meet, table by table. The name leads to "
        "the skills card when the person allowed it.",
        "not_sent": "The interview schedule is not ready yet. You will get it by e-mail as "
        "soon as it is sent.",
        "none": "No interviews for your company.",
        "sheet_link": "Sheet to print",
        "ics_link": "Add to my calendar (.ics)",
        "sheet_title": "Interviews — {company}",
        "sheet_event": "{title}, {when}",
        "print": "Print",
        "back": "Back to the event",
        "other_language": "Français",
        "card": "See {name}'s card",
        "notes": "Notes",
        "subject": "Your interviews: {title}",
        "subject_company": "Your interviews, table by table: {title}",
        "hello": "Hello {name},",
        "hello_nobody": "Hello,",
        "mail_intro": "Here are your interviews at the event '{title}' ({when}).",
        "mail_company_intro": "Here are the interviews of {company} at the event '{title}' "
        "({when}).",
        "mail_line": "{time}: {company}, table {table}.",
        "mail_line_video": "{time}: {company}, online: {url}",
        "mail_company_line": "{time}: {name}",
        "mail_where": "Address: {where}.",
        "mail_online": "The interviews take place online.",
        "mail_early": "Come 5 minutes before each interview.",
        "mail_changed": "If you had received a schedule before, this one replaces it.",
        "mail_ticket": "Your ticket and your interviews: {url}",
        "mail_page": "Your page, with the sheet to print and the calendar: {url}",
        "signed": "Event organised by {organisation}.",
        "sms": "{kind} on {day}: see you at {list}.",
        "sms_one": "{time} ({company}, table {table})",
        "sms_and": " and ",
        "sms_ticket": "Your ticket: {url}",
        "sms_company": "{kind} on {day}: interviews from {first} to {last}, {n} in all.",
        "ics_summary": "Interview: {name} (table {table})",
        "ics_description": "Interview with {name}, table {table}, at the event '{title}'.",
        "ics_calendar": "Interviews — {company}",
    },
}


def hour(moment: datetime, zone: str, language: Language) -> str:
    """« 14 h 10 » (no-break spaces: it must not break on paper), "14:10" in English."""
    local = moment.astimezone(ZoneInfo(zone))
    if language == "en":
        return f"{local:%H:%M}"
    if local.minute == 0:
        return f"{local.hour}\u00a0h"
    return f"{local.hour}\u00a0h\u00a0{local.minute:02d}"


def day(moment: datetime, zone: str, language: Language) -> str:
    """« 12 mars », "12 March"."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {i18n.MONTHS[language][local.month - 1]}"


def person(first_name: str, initial: str) -> str:
    """A candidate as a company sees them on its schedule: « Zoé N. »."""
    return f"{first_name} {initial}." if initial else first_name
