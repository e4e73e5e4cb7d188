"""The words of the back office's bibs page (anonymous sport sessions), French first."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "bibs_title": "Dossards — {title}",
        "bibs_intro": (
            "Dans une séance anonyme, chaque personne a un numéro de dossard. Les coachs "
            "observent les dossards. Les recruteurs voient les dossards et les compétences, "
            "jamais le nom. Une entreprise peut dire qu'elle veut rencontrer un dossard. "
            "La personne répond oui ou non. Le nom est montré seulement si les deux disent oui."
        ),
        "bibs_back": "Retour à la rencontre",
        "switch_title": "Séance anonyme",
        "switch_on_state": "Cette séance est anonyme\u00a0: on utilise les dossards.",
        "switch_off_state": "Cette séance n'est pas anonyme\u00a0: on utilise les noms.",
        "switch_on": "Rendre la séance anonyme",
        "switch_off": "Revenir aux noms",
        "switch_help": (
            "Possible seulement avant le début de la séance. Les numéros ne changent jamais."
        ),
        "switch_closed": (
            "On ne peut plus changer\u00a0: la séance a commencé ou elle est terminée."
        ),
        "switched_on": "La séance est anonyme. Les dossards sont donnés.",
        "switched_off": "La séance n'est plus anonyme.",
        "answered": "La réponse est enregistrée.",
        "badges_link": "Imprimer les badges avec les dossards (PDF)",
        "badges_help": (
            "Les badges montrent le numéro seulement, pas le nom. Donnez-les avec la liste "
            "ci-dessous."
        ),
        "todo_title": "À faire",
        "todo_none": "Rien à faire pour l'instant.",
        "todo_register": (
            "{name} (dossard {number}) et {company} veulent se rencontrer\u00a0: inscrivez "
            "{name} au job dating «\u00a0{job_dating}\u00a0»."
        ),
        "todo_no_job_dating": (
            "{name} (dossard {number}) et {company} veulent se rencontrer, mais il n'y a pas "
            "de job dating à venir avec cette entreprise. Créez-en un, ou prévenez-les."
        ),
        "todo_open": "Ouvrir le job dating",
        "interests_title": "Les entreprises intéressées",
        "interests_caption": "Intérêt des entreprises, par dossard",
        "interests_none": "Aucune entreprise n'a encore choisi de dossard.",
        "col_bib": "Dossard",
        "col_person": "Personne",
        "col_company": "Entreprise",
        "col_answer": "Réponse",
        "col_action": "Répondre pour la personne",
        "answer_waiting": "Pas encore de réponse",
        "answer_yes": "Oui\u00a0: les deux veulent se rencontrer",
        "answer_no": "Non",
        "answer_by": "(réponse donnée par {name})",
        "answer_job_dating": "Rendez-vous proposé au job dating «\u00a0{title}\u00a0».",
        "say_yes": "Elle dit oui",
        "say_no": "Elle dit non",
        "say_yes_for": "{name} dit oui à {company}",
        "say_no_for": "{name} dit non à {company}",
        "answer_final": "Réponse définitive",
        "list_title": "Liste des dossards",
        "list_caption": "Dossards et noms (pour l'équipe seulement)",
        "list_none": "Aucun dossard pour l'instant.",
        "col_name": "Nom",
        "col_code": "Code du billet",
        "col_state": "Inscription",
        "state_cancelled": "Annulée",
        "state_live": "Confirmée",
    },
    "en": {
        "bibs_title": "Bibs — {title}",
        "bibs_intro": (
            "In an anonymous session, each person has a bib number. Coaches observe bibs. "
            "Recruiters see bibs and skills, never the name. A company may say it would like "
            "to meet a bib. The person answers yes or no. The name is shown only when both "
            "say yes."
        ),
        "bibs_back": "Back to the event",
        "switch_title": "Anonymous session",
        "switch_on_state": "This session is anonymous: bibs are used.",
        "switch_off_state": "This session is not anonymous: names are used.",
        "switch_on": "Make the session anonymous",
        "switch_off": "Back to names",
        "switch_help": "Only before the session starts. Numbers never change.",
        "switch_closed": "This can no longer change: the session has started or is over.",
        "switched_on": "The session is anonymous. Bibs are given.",
        "switched_off": "The session is no longer anonymous.",
        "answered": "The answer is recorded.",
        "badges_link": "Print the badges with the bibs (PDF)",
        "badges_help": (
            "The badges show the number only, not the name. Hand them out with the list below."
        ),
        "todo_title": "To do",
        "todo_none": "Nothing to do for now.",
        "todo_register": (
            "{name} (bib {number}) and {company} would like to meet: register {name} to the "
            "job dating '{job_dating}'."
        ),
        "todo_no_job_dating": (
            "{name} (bib {number}) and {company} would like to meet, but there is no coming "
            "job dating with this company. Create one, or tell them."
        ),
        "todo_open": "Open the job dating",
        "interests_title": "Interested companies",
        "interests_caption": "Companies' interest, by bib",
        "interests_none": "No company has chosen a bib yet.",
        "col_bib": "Bib",
        "col_person": "Person",
        "col_company": "Company",
        "col_answer": "Answer",
        "col_action": "Answer for the person",
        "answer_waiting": "No answer yet",
        "answer_yes": "Yes: both would like to meet",
        "answer_no": "No",
        "answer_by": "(answered by {name})",
        "answer_job_dating": "Meeting offered at the job dating '{title}'.",
        "say_yes": "They say yes",
        "say_no": "They say no",
        "say_yes_for": "{name} says yes to {company}",
        "say_no_for": "{name} says no to {company}",
        "answer_final": "Final answer",
        "list_title": "List of bibs",
        "list_caption": "Bibs and names (for the team only)",
        "list_none": "No bib yet.",
        "col_name": "Name",
        "col_code": "Ticket code",
        "col_state": "Registration",
        "state_cancelled": "Cancelled",
        "state_live": "Confirmed",
    },
}
