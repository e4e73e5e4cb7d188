"""The words of the public pages, French first, in plain language for people who read little."""

from __future__ import annotations

from events.i18n import Language

TICKET: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Votre billet",
        "for": "Billet de",
        "what": "Quoi",
        "when": "Quand",
        "where": "Où",
        "online": "En ligne",
        "code": "Votre code",
        "code_help": "Montrez ce QR code à l'entrée. Sans téléphone ? Donnez ce code.",
        "bring": "À apporter",
        "bring_list": "Ce billet (sur papier ou sur votre téléphone). "
        "Votre CV si vous en avez un : ce n'est pas obligatoire.",
        "who": "Une question ?",
        "who_text": "Appelez votre conseiller ou votre coach. Rencontre organisée par",
        "confirmed": "Votre place est confirmée.",
        "waitlisted": "Vous êtes sur liste d'attente (place n° {position}). "
        "Nous vous prévenons si une place se libère.",
        "cancelled": "Cette inscription est annulée. Ce billet ne marche plus.",
        "no_show": "Vous n'êtes pas venu(e) à cette rencontre.",
        "event_cancelled": "Attention : cette rencontre est annulée.",
        "checked_in": "Vous êtes entré(e). Bonne rencontre !",
        "print": "Imprimer",
        "other_language": "English",
    },
    "en": {
        "title": "Your ticket",
        "for": "Ticket for",
        "what": "What",
        "when": "When",
        "where": "Where",
        "online": "Online",
        "code": "Your code",
        "code_help": "Show this QR code at the door. No phone? Give this code.",
        "bring": "What to bring",
        "bring_list": "This ticket (on paper or on your phone). "
        "Your CV if you have one: it is not required.",
        "who": "A question?",
        "who_text": "Call your adviser or your coach. Event organised by",
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
