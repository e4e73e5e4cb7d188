"""The words of the exports and the printed documents, French first, English beside it.

Kind and event-status labels are not here: they come from ``events.i18n``. French texts put a
no-break space (U+00A0) before « : ? ! »."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        # Titles (the XLSX sheet's name, the PDF's title) and file names (ASCII, no one's name).
        "registrations": "Inscriptions",
        "events": "Rencontres",
        "candidates": "Candidats",
        "attendance": "Feuille d'émargement",
        "badges": "Badges",
        "tickets": "Billets",
        "file_registrations": "inscriptions",
        "file_events": "rencontres",
        "file_candidates": "candidats",
        "file_attendance": "emargement",
        "file_badges": "badges",
        "file_tickets": "billets",
        # The attendance sheet.
        "organisation": "Organisme",
        "event": "Action",
        "date": "Date",
        "place": "Lieu",
        "online": "En ligne",
        "funding": "Opération cofinancée par",
        "programme": "Programme ou dispositif",
        "page": "Page {page} sur {pages}",
        "participant": "Nom et prénom",
        "company": "Entreprise",
        "signature_morning": "Signature matin",
        "signature_afternoon": "Signature après-midi",
        "write_name": "(écrire son nom)",
        "added": "Personnes venues sans inscription",
        "count": "Inscrits\u00a0: {total} (candidats\u00a0: {candidates}, entreprises\u00a0: "
        "{companies}).",
        "present": "Présents\u00a0: ………… le matin, ………… l'après-midi.",
        "present_one": "Présents\u00a0: …………",
        "organiser_box": "Pour l'organisme\u00a0: nom, fonction, date, signature et cachet",
        "certify": "Je certifie exacte la présence des personnes ayant signé ci-dessus.",
        # Badges and tickets.
        "bib": "Dossard",
        "ticket_for": "Billet de",
        "when": "Quand",
        "where": "Où",
        "code": "Votre code",
        "code_help": "Montrez ce billet à l'entrée. Le QR code ne marche pas\u00a0? "
        "Donnez ce code.",
        "organised_by": "Organisé par",
        "qr": "QR code du billet",
        "nothing": "Aucune personne à imprimer pour cette rencontre.",
        # Cells.
        "yes": "oui",
        "no": "non",
    },
    "en": {
        "registrations": "Registrations",
        "events": "Events",
        "candidates": "Candidates",
        "attendance": "Attendance sheet",
        "badges": "Name badges",
        "tickets": "Tickets",
        "file_registrations": "registrations",
        "file_events": "events",
        "file_candidates": "candidates",
        "file_attendance": "attendance",
        "file_badges": "badges",
        "file_tickets": "tickets",
        "organisation": "Organisation",
        "event": "Event",
        "date": "Date",
        "place": "Place",
        "online": "Online",
        "funding": "Co-funded by",
        "programme": "Programme",
        "page": "Page {page} of {pages}",
        "participant": "Full name",
        "company": "Company",
        "signature_morning": "Morning signature",
        "signature_afternoon": "Afternoon signature",
        "write_name": "(write your name)",
        "added": "People who came without registering",
        "count": "Registered: {total} (candidates: {candidates}, companies: {companies}).",
        "present": "Present: ………… in the morning, ………… in the afternoon.",
        "present_one": "Present: …………",
        "organiser_box": "For the organisation: name, position, date, signature and stamp",
        "certify": "I certify that the people who signed above were present.",
        "bib": "Bib",
        "ticket_for": "Ticket for",
        "when": "When",
        "where": "Where",
        "code": "Your code",
        "code_help": "Show this ticket at the door. The QR code does not work? Give this code.",
        "organised_by": "Organised by",
        "qr": "QR code of the ticket",
        "nothing": "No one to print for this event.",
        "yes": "yes",
        "no": "no",
    },
}


# The social situation's values (``directory.candidates.Private``), as the export's cells say

# Column headers: (French, English, width in characters).
REGISTRATION_COLUMNS: Final[dict[str, tuple[str, str, int]]] = {
    "last_name": ("Nom", "Last name", 22),
    "first_name": ("Prénom", "First name", 18),
    "company": ("Entreprise", "Company", 26),
    "role": ("Rôle", "Role", 14),
    "status": ("Statut", "Status", 20),
    "waitlist_position": ("Rang en liste d'attente", "Waiting list position", 12),
    "short_code": ("Code du billet", "Ticket code", 12),
    "checked_in_at": ("Arrivée", "Checked in", 17),
    "phone": ("Téléphone", "Phone", 17),
    "email": ("E-mail", "E-mail", 28),
}
PRIVATE_COLUMNS: Final[dict[str, tuple[str, str, int]]] = {
    "refugee_status": ("Statut administratif", "Refugee status", 20),
    "benefits": ("Aides", "Benefits", 18),
    "rqth": ("RQTH", "RQTH (disability)", 8),
    "disability_notes": ("Handicap\u00a0: notes", "Disability notes", 30),
    "housing": ("Logement", "Housing", 22),
    "qpv": ("QPV", "QPV (priority area)", 8),
    "health_notes": ("Santé\u00a0: notes", "Health notes", 30),
    "justice": ("Justice", "Justice", 8),
    "other_barriers": ("Autres freins", "Other barriers", 30),
    "birth_year": ("Année de naissance", "Year of birth", 10),
}
EVENT_COLUMNS: Final[dict[str, tuple[str, str, int]]] = {
    "title": ("Titre", "Title", 36),
    "kind": ("Format", "Format", 26),
    "status": ("Statut", "Status", 12),
    "starts_at": ("Début", "Start", 17),
    "ends_at": ("Fin", "End", 17),
    "timezone": ("Fuseau horaire", "Time zone", 18),
    "venue": ("Lieu", "Venue", 28),
    "city": ("Ville", "City", 18),
    "postcode": ("Code postal", "Postcode", 10),
    "capacity_candidates": ("Places candidats", "Candidate places", 10),
    "capacity_companies": ("Places entreprises", "Company places", 10),
}
CANDIDATE_COLUMNS: Final[dict[str, tuple[str, str, int]]] = {
    "last_name": ("Nom", "Last name", 22),
    "first_name": ("Prénom", "First name", 18),
    "email": ("E-mail", "E-mail", 28),
    "phone": ("Téléphone", "Phone", 17),
    "city": ("Ville", "City", 18),
    "postcode": ("Code postal", "Postcode", 10),
    "language": ("Langue des messages", "Message language", 10),
    "created_at": ("Inscrit(e) le", "Added on", 17),
}
