"""The words of anonymous sessions outside the back office: the candidate's answer page, the
bib on the ticket, the recruiter's bibs and the coach's search by bib. French first."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

CANDIDATE: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "title": "Les entreprises qui veulent vous rencontrer",
        "intro": (
            "Pendant la séance, vous aviez un numéro\u00a0: votre dossard. Des entreprises "
            "vous ont vu. Elles ne connaissent pas votre nom."
        ),
        "rule": (
            "Si vous dites oui, l'entreprise voit votre prénom et votre CV, et comment vous "
            "joindre si vous l'avez accepté. On vous propose un rendez-vous au prochain job "
            "dating. Si vous dites non, elle ne saura rien de vous."
        ),
        "list_title": "Les demandes",
        "none": "Aucune entreprise pour l'instant.",
        "wants": "{company} veut vous rencontrer",
        "where": "Séance «\u00a0{event}\u00a0», dossard {number}",
        "question": "Voulez-vous rencontrer cette entreprise\u00a0?",
        "yes": "Oui",
        "no": "Non",
        "yes_to": "Oui, je veux rencontrer {company}",
        "no_to": "Non, je ne veux pas rencontrer {company}",
        "said_yes": "Vous avez dit oui. {company} connaît maintenant votre prénom.",
        "said_no": "Vous avez dit non.",
        "change_yes": "Finalement, je dis oui",
        "job_dating": "Rendez-vous proposé\u00a0: job dating «\u00a0{title}\u00a0», le {date}.",
        "saved": "Votre réponse est enregistrée.",
        "back": "Ma page",
        "other_language": "English",
        "tools": "Outils",
    },
    "en": {
        "title": "The companies that would like to meet you",
        "intro": (
            "During the session, you had a number: your bib. Companies saw you. They do not "
            "know your name."
        ),
        "rule": (
            "If you say yes, the company sees your first name and your CV, and how to reach "
            "you if you agreed to it. You are offered a meeting at the next job dating. If you "
            "say no, it will know nothing about you."
        ),
        "list_title": "The requests",
        "none": "No company for now.",
        "wants": "{company} would like to meet you",
        "where": "Session '{event}', bib {number}",
        "question": "Would you like to meet this company?",
        "yes": "Yes",
        "no": "No",
        "yes_to": "Yes, I would like to meet {company}",
        "no_to": "No, I do not want to meet {company}",
        "said_yes": "You said yes. {company} now knows your first name.",
        "said_no": "You said no.",
        "change_yes": "In the end, I say yes",
        "job_dating": "Meeting offered: job dating '{title}', on {date}.",
        "saved": "Your answer is recorded.",
        "back": "My page",
        "other_language": "Français",
        "tools": "Tools",
    },
}

TICKET: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "title": "Votre dossard\u00a0: n°\u00a0{number}",
        "help": "Pendant la séance, on vous appelle par ce numéro, pas par votre nom.",
        "waiting_one": "1 entreprise veut vous rencontrer. Répondez sur votre page.",
        "waiting": "{n} entreprises veulent vous rencontrer. Répondez sur votre page.",
        "answer_link": "Répondre aux entreprises",
    },
    "en": {
        "title": "Your bib: no. {number}",
        "help": "During the session, you are called by this number, not by your name.",
        "waiting_one": "1 company would like to meet you. Answer on your page.",
        "waiting": "{n} companies would like to meet you. Answer on your page.",
        "answer_link": "Answer the companies",
    },
}

RECRUITER: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "title": "Dossards",
        "intro": (
            "Séance anonyme\u00a0: vous voyez les dossards et les compétences observées, pas "
            "les noms. Choisissez un dossard\u00a0: la personne dira oui ou non. Si elle dit "
            "oui, vous voyez son prénom, son CV et son contact si elle l'a accepté, et un "
            "rendez-vous vous est proposé au prochain job dating."
        ),
        "none": "Aucun dossard à montrer pour l'instant.",
        "find": "Trouver un dossard (son numéro)",
        "find_button": "Trouver",
        "all_bibs": "Tous les dossards",
        "not_found": "Pas de dossard n°\u00a0{number} à montrer.",
        "bib": "Dossard {number}",
        "not_reviewed": "Les compétences ne sont pas encore relues par le coach.",
        "no_skill": "Pas encore de compétence observée pendant cette séance.",
        "skill": "{label}\u00a0: niveau {level} sur 4",
        "evidence": "observations\u00a0: {observations}, observateurs\u00a0: {observers}",
        "want": "Je veux rencontrer le dossard {number}",
        "waiting": "Vous avez demandé à rencontrer cette personne. Pas encore de réponse.",
        "declined": "La personne a dit non.",
        "mutual": "La personne a dit oui\u00a0: elle est dans la liste, avec son prénom.",
        "revealed_title": "Les personnes qui ont dit oui",
        "revealed_none": "Personne n'a encore dit oui.",
    },
    "en": {
        "title": "Bibs",
        "intro": (
            "Anonymous session: you see the bibs and the skills observed, not the names. "
            "Choose a bib: the person will say yes or no. If they say yes, you see their first "
            "name, their CV and their contact if they agreed to it, and you are offered a "
            "meeting at the next job dating."
        ),
        "none": "No bib to show yet.",
        "find": "Find a bib (its number)",
        "find_button": "Find",
        "all_bibs": "All the bibs",
        "not_found": "No bib no. {number} to show.",
        "bib": "Bib {number}",
        "not_reviewed": "The skills are not reviewed by the coach yet.",
        "no_skill": "No skill observed during this session yet.",
        "skill": "{label}: level {level} of 4",
        "evidence": "observations: {observations}, observers: {observers}",
        "want": "I would like to meet bib {number}",
        "waiting": "You asked to meet this person. No answer yet.",
        "declined": "The person said no.",
        "mutual": "The person said yes: they are in the list, with their first name.",
        "revealed_title": "The people who said yes",
        "revealed_none": "Nobody has said yes yet.",
    },
}

COACH: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "bib": "Dossard {number}",
        "search": "Taper un numéro de dossard (ou un prénom, un code)",
        "anonymous": "Séance anonyme\u00a0: les personnes sont rangées par dossard.",
    },
    "en": {
        "bib": "Bib {number}",
        "search": "Type a bib number (or a first name, a code)",
        "anonymous": "Anonymous session: people are listed by bib.",
    },
}
