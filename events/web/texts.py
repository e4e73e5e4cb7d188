"""The words of the public pages, French first, in plain language for people who read little.

French texts put a no-break space (U+00A0) before « : ? ! » so that a narrow phone never wraps
the sign alone onto the next line."""

from __future__ import annotations

from events.i18n import Language

TICKET: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Votre billet",
        "tools": "Langue et impression",
        "for": "Billet de",
        "pass": "Votre entrée",
        "qr_label": "QR code de votre billet",
        "what": "Quoi",
        "when": "Quand",
        "add_to_calendar": "Ajouter à mon agenda",
        "where": "Où",
        "online": "En ligne\u00a0:",
        "code": "Votre code",
        "code_help": "Montrez ce QR code à l'entrée. Sans téléphone\u00a0? Donnez ce code.",
        "bring": "À apporter",
        "bring_list": "Ce billet (sur papier ou sur votre téléphone). "
        "Votre CV si vous en avez un\u00a0: ce n'est pas obligatoire.",
        "bring_list_company": "Ce billet (sur papier ou sur votre téléphone).",
        "who": "Une question\u00a0?",
        "who_text": "Appelez votre conseiller ou votre coach. Rencontre organisée par",
        "who_text_company": "Rencontre organisée par",
        "confirmed": "Votre place est confirmée.",
        "waitlisted": "Vous êtes sur liste d'attente (place n°\u00a0{position}). "
        "Nous vous prévenons si une place se libère.",
        "cancelled": "Cette inscription est annulée. Ce billet ne marche plus.",
        "no_show": "Vous n'êtes pas venu(e) à cette rencontre.",
        "event_cancelled": "Attention\u00a0: cette rencontre est annulée.",
        "checked_in": "Vous êtes entré(e). Bonne rencontre\u00a0!",
        "print": "Imprimer",
        "other_language": "English",
    },
    "en": {
        "title": "Your ticket",
        "tools": "Language and printing",
        "for": "Ticket for",
        "pass": "Your entry",
        "qr_label": "QR code of your ticket",
        "what": "What",
        "when": "When",
        "add_to_calendar": "Add to my calendar",
        "where": "Where",
        "online": "Online:",
        "code": "Your code",
        "code_help": "Show this QR code at the door. No phone? Give this code.",
        "bring": "What to bring",
        "bring_list": "This ticket (on paper or on your phone). "
        "Your CV if you have one: it is not required.",
        "bring_list_company": "This ticket (on paper or on your phone).",
        "who": "A question?",
        "who_text": "Call your adviser or your coach. Event organised by",
        "who_text_company": "Event organised by",
        "confirmed": "Your place is confirmed.",
        "waitlisted": "You are on the waiting list (number {position}). "
        "We will tell you if a place becomes free.",
        "cancelled": "This registration is cancelled. This ticket no longer works.",
        "no_show": "You did not come to this event.",
        "event_cancelled": "Warning: this event is cancelled.",
        "checked_in": "You are checked in. Enjoy the meeting!",
        "print": "Print",
        "other_language": "Français",
    },
}
