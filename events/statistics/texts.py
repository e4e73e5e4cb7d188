"""The words of the statistics: the page, its charts and tables, the exports and the PDF report;
and the programmes' pages. French first, in plain words."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "statistics": "Statistiques",
        "event_statistics": "Statistiques de la rencontre",
        "programme_statistics": "Statistiques du programme",
        "statistics_intro": (
            "Des chiffres pour les financeurs, sans aucune donnée personnelle. Pour que personne "
            "ne soit reconnu, un nombre de moins de 5 personnes est remplacé par « < 5 », et un "
            "deuxième nombre est caché quand un total permettrait de retrouver le premier."
        ),
        "statistics_counting": (
            "Inscrits : personnes qui avaient une place (liste d'attente et annulations non "
            "comptées). Présents : passés à l'accueil. Les parts sont calculées parmi les "
            "candidats présents ; une information non renseignée compte comme « non »."
        ),
        "programme_counting": (
            "Les chiffres du programme sont la somme de ceux de ses rencontres : une personne "
            "venue à deux rencontres compte deux fois."
        ),
        "downloads": "Télécharger",
        "download_csv": "Tableau CSV",
        "download_xlsx": "Tableau Excel (XLSX)",
        "download_pdf": "Rapport PDF pour le financeur",
        "section_attendance": "Inscrits et présents",
        "section_shares": "Qui sont les candidats présents",
        "section_diplomas": "Niveau de diplôme des candidats présents",
        "section_outcomes": "En emploi ou en formation après la rencontre",
        "section_kinds": "Ce qui a suivi, en détail",
        "chart_attendance": "Taux d'absence",
        "chart_shares": "Part des candidats présents",
        "chart_diplomas": "Part des candidats présents",
        "chart_outcomes": "Part en emploi ou en formation",
        "chart_note": "Graphique. Les nombres sont dans le tableau.",
        "col_who": "Qui",
        "col_registered": "Inscrits",
        "col_present": "Présents",
        "col_absent": "Absents",
        "col_no_show": "Taux d'absence",
        "col_what": "Quoi",
        "col_count": "Nombre",
        "col_share": "Part",
        "col_after": "Après",
        "col_due": "Suivis dus",
        "col_answered": "Réponses",
        "col_in_work": "En emploi ou en formation",
        "col_rate": "Taux",
        "col_section": "Partie",
        "col_indicator": "Indicateur",
        "role_candidate": "Candidats",
        "role_company": "Entreprises",
        "role_all": "Total",
        "share_woman": "Femmes",
        "share_under_26": "Moins de 26 ans le jour de la rencontre",
        "share_qpv": "Habitent un quartier prioritaire (QPV)",
        "share_rsa_ass_aah": "Touchent le RSA, l'ASS ou l'AAH",
        "share_rqth": "Travailleurs handicapés reconnus (RQTH)",
        "share_refugee": "Réfugiés ou sous protection",
        "diploma_unknown": "Non renseigné",
        "participants": "Candidats présents",
        "months_1": "1 mois",
        "months_3": "3 mois",
        "months_6": "6 mois",
        "months_12": "12 mois",
        "suppressed": "< 5",
        "not_yet": "pas encore",
        "no_value": "—",
        "in_work_definition": (
            "En emploi ou en formation : alternance, CDD, CDI, formation avant embauche (POE) "
            "ou formation. Le taux est calculé sur les suivis dus (les candidats présents aux "
            "rencontres finies depuis assez longtemps)."
        ),
        "events_of_programme": "Rencontres du programme",
        "no_events": "Aucune rencontre dans ce programme pour l'instant.",
        "funder": "Financeur",
        "dates": "Dates",
        "date": "Date",
        "report_title": "Rapport pour le financeur",
        "report_made": "Rapport fait le",
        "event": "Rencontre",
        "programme": "Programme",
        "suppression_rule": (
            "Règle : un nombre de moins de 5 personnes (zéro compris) est écrit « < 5 » ; "
            "quand un total permettrait de retrouver un nombre caché par soustraction, un "
            "deuxième nombre est caché ; un taux n'est donné que si ses deux nombres le sont."
        ),
        # Programmes' pages
        "programmes_title": "Programmes",
        "programmes_intro": (
            "Un programme regroupe les rencontres qu'un financeur soutient, par exemple « Du "
            "stade vers l'emploi — Île-de-France 2027 ». Ses statistiques additionnent celles "
            "de ses rencontres."
        ),
        "programmes_table": "Les programmes",
        "no_programmes": "Aucun programme pour l'instant.",
        "col_name": "Nom",
        "col_events": "Rencontres",
        "new_programme": "Nouveau programme",
        "name": "Nom du programme",
        "funder_field": "Financeur (facultatif)",
        "funder_help": "Par exemple : FSE+, Département, France Travail.",
        "starts_on": "Début (facultatif)",
        "ends_on": "Fin (facultatif)",
        "organisation": "Structure",
        "create": "Créer le programme",
        "save": "Enregistrer",
        "edit_programme": "Modifier le programme",
        "add_event": "Ajouter une rencontre",
        "event_to_add": "Rencontre",
        "add": "Ajouter",
        "remove": "Retirer",
        "remove_label": "Retirer {title} du programme",
        "no_event_to_add": "Toutes les rencontres de la structure sont déjà dans un programme.",
        "delete_programme": "Supprimer le programme",
        "delete_help": "Ses rencontres restent, sans programme.",
        "delete": "Supprimer",
        "see_statistics": "Voir les statistiques",
        "statistics_of": "Statistiques de {title}",
        "saved": "C'est enregistré.",
        "created": "Le programme est créé.",
        "added": "La rencontre est ajoutée au programme.",
        "removed": "La rencontre est retirée du programme.",
        "deleted": "Le programme est supprimé.",
        "name_taken": "Un programme porte déjà ce nom.",
        "name_missing": "Écrivez le nom du programme.",
        "bad_date": "Écrivez une date, par exemple 31/12/2027.",
        "pick_event": "Choisissez une rencontre.",
    },
    "en": {
        "statistics": "Statistics",
        "event_statistics": "Event statistics",
        "programme_statistics": "Programme statistics",
        "statistics_intro": (
            "Figures for funders, with no personal data. So that no one can be recognised, a "
            'count of fewer than 5 people is replaced by "< 5", and a second count is hidden '
            "when a total would give the first one back."
        ),
        "statistics_counting": (
            "Registered: people who had a place (waiting list and cancellations not counted). "
            "Present: checked in. Shares are among the candidates who came; an unknown answer "
            'counts as "no".'
        ),
        "programme_counting": (
            "A programme's figures are the sums of its events': a person who came to two events "
            "counts twice."
        ),
        "downloads": "Download",
        "download_csv": "CSV table",
        "download_xlsx": "Excel table (XLSX)",
        "download_pdf": "PDF report for the funder",
        "section_attendance": "Registered and present",
        "section_shares": "Who the candidates who came are",
        "section_diplomas": "Diploma level of the candidates who came",
        "section_outcomes": "In work or training after the event",
        "section_kinds": "What followed, in detail",
        "chart_attendance": "No-show rate",
        "chart_shares": "Share of the candidates who came",
        "chart_diplomas": "Share of the candidates who came",
        "chart_outcomes": "Share in work or training",
        "chart_note": "Chart. The numbers are in the table.",
        "col_who": "Who",
        "col_registered": "Registered",
        "col_present": "Present",
        "col_absent": "Absent",
        "col_no_show": "No-show rate",
        "col_what": "What",
        "col_count": "Count",
        "col_share": "Share",
        "col_after": "After",
        "col_due": "Follow-ups due",
        "col_answered": "Answers",
        "col_in_work": "In work or training",
        "col_rate": "Rate",
        "col_section": "Part",
        "col_indicator": "Indicator",
        "role_candidate": "Candidates",
        "role_company": "Companies",
        "role_all": "Total",
        "share_woman": "Women",
        "share_under_26": "Under 26 on the event's day",
        "share_qpv": "Living in a priority neighbourhood (QPV)",
        "share_rsa_ass_aah": "Receiving RSA, ASS or AAH",
        "share_rqth": "Recognised disabled workers (RQTH)",
        "share_refugee": "Refugees or under protection",
        "diploma_unknown": "Not known",
        "participants": "Candidates who came",
        "months_1": "1 month",
        "months_3": "3 months",
        "months_6": "6 months",
        "months_12": "12 months",
        "suppressed": "< 5",
        "not_yet": "not yet",
        "no_value": "—",
        "in_work_definition": (
            "In work or training: work-study, fixed-term or permanent contract, pre-recruitment "
            "training (POE) or training. The rate is over the follow-ups due (the candidates "
            "who came to events that ended long enough ago)."
        ),
        "events_of_programme": "The programme's events",
        "no_events": "No event in this programme yet.",
        "funder": "Funder",
        "dates": "Dates",
        "date": "Date",
        "report_title": "Report for the funder",
        "report_made": "Report made on",
        "event": "Event",
        "programme": "Programme",
        "suppression_rule": (
            'Rule: a count of fewer than 5 people (zero included) is written "< 5"; when a '
            "total would give a hidden count back by subtraction, a second count is hidden; a "
            "rate is given only when both its counts are."
        ),
        "programmes_title": "Programmes",
        "programmes_intro": (
            "A programme groups the events a funder supports, e.g. \"Du stade vers l'emploi — "
            'Île-de-France 2027". Its statistics add up those of its events.'
        ),
        "programmes_table": "The programmes",
        "no_programmes": "No programme yet.",
        "col_name": "Name",
        "col_events": "Events",
        "new_programme": "New programme",
        "name": "Programme name",
        "funder_field": "Funder (optional)",
        "funder_help": "For example: ESF+, Département, France Travail.",
        "starts_on": "Start (optional)",
        "ends_on": "End (optional)",
        "organisation": "Organisation",
        "create": "Create the programme",
        "save": "Save",
        "edit_programme": "Change the programme",
        "add_event": "Add an event",
        "event_to_add": "Event",
        "add": "Add",
        "remove": "Remove",
        "remove_label": "Remove {title} from the programme",
        "no_event_to_add": "Every event of the organisation is already in a programme.",
        "delete_programme": "Delete the programme",
        "delete_help": "Its events stay, in no programme.",
        "delete": "Delete",
        "see_statistics": "See the statistics",
        "statistics_of": "Statistics of {title}",
        "saved": "Saved.",
        "created": "The programme is created.",
        "added": "The event is added to the programme.",
        "removed": "The event is removed from the programme.",
        "deleted": "The programme is deleted.",
        "name_taken": "A programme already has this name.",
        "name_missing": "Write the programme's name.",
        "bad_date": "Write a date, for example 2027-12-31.",
        "pick_event": "Choose an event.",
    },
}
