"""The words of the pages, French first, in plain language for people who read little.

French texts put a no-break space (U+00A0) before « : ? ! » so that a narrow phone never wraps
the sign alone onto the next line."""

from __future__ import annotations

from events.i18n import Language

TICKET: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Votre billet",
        "tools": "Langue et impression",
        "my_page": "Ma page",
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
        "my_page": "My page",
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

# The log-in form and the home page of a logged-in browser (events/web/session.py).
LOGIN: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Connexion",
        "intro": "Pour les organisateurs, les coachs et les recruteurs des entreprises.",
        "email": "Votre adresse e-mail",
        "password": "Votre mot de passe",
        "show_password": "Voir le mot de passe",
        "submit": "Se connecter",
        "forgot": "Mot de passe oublié\u00a0?",
        "password_set": "Votre mot de passe est enregistré. Connectez-vous avec lui.",
        "candidates": "Vous êtes candidat(e)\u00a0? Pas besoin de vous connecter\u00a0: "
        "votre billet suffit.",
        "error_title": "Ça n'a pas marché",
        "wrong": "L'adresse e-mail ou le mot de passe est faux. Vérifiez et réessayez.",
        "missing": "Écrivez votre adresse e-mail et votre mot de passe.",
        "too_many": "Trop d'essais. Attendez {wait}, puis réessayez.",
        "minute": "{minutes}\u00a0minute",
        "minutes": "{minutes}\u00a0minutes",
        "expired": "La page a expiré. Écrivez de nouveau votre mot de passe, "
        "puis appuyez sur «\u00a0Se connecter\u00a0».",
        "other_language": "English",
        "home_title": "Accueil",
        "hello": "Bonjour {name}",
        "who": "Vous êtes connecté(e) avec l'adresse {email}.",
        "role": "Votre rôle\u00a0: {role}.",
        "role_admin": "administrateur",
        "role_organiser": "organisateur",
        "role_coach": "coach",
        "role_recruiter": "recruteur",
        "recruiter_help": "Pour voir la carte de compétences d'une personne, ouvrez le lien "
        "que l'organisateur de la rencontre vous a envoyé.",
        "back_office": "Aller à l'espace organisateur : vos rencontres et les inscriptions",
        "logout": "Se déconnecter",
    },
    "en": {
        "title": "Log in",
        "intro": "For organisers, coaches and company recruiters.",
        "email": "Your e-mail address",
        "password": "Your password",
        "show_password": "Show the password",
        "submit": "Log in",
        "forgot": "Forgot your password?",
        "password_set": "Your password is saved. Log in with it.",
        "candidates": "Are you a candidate? You do not need to log in: your ticket is enough.",
        "error_title": "That did not work",
        "wrong": "The e-mail address or the password is wrong. Check them and try again.",
        "missing": "Write your e-mail address and your password.",
        "too_many": "Too many attempts. Wait {wait}, then try again.",
        "minute": "{minutes} minute",
        "minutes": "{minutes} minutes",
        "expired": "The page has expired. Write your password again, then press 'Log in'.",
        "other_language": "Français",
        "home_title": "Home",
        "hello": "Hello {name}",
        "who": "You are logged in with the address {email}.",
        "role": "Your role: {role}.",
        "role_admin": "administrator",
        "role_organiser": "organiser",
        "role_coach": "coach",
        "role_recruiter": "recruiter",
        "recruiter_help": "To see a person's skills card, open the link that the event's "
        "organiser sent you.",
        "back_office": "Go to the organiser's space: your meetings and registrations",
        "logout": "Log out",
    },
}

# The page that answers a refusal on any page (events/web/pages.py); the refusal's own sentence
# (events/errors.py) goes between the title and the advice.
ERROR: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Cette page ne peut pas s'afficher",
        "title_not_found": "Page introuvable",
        "title_server": "Un problème est survenu de notre côté",
        "help": "Vérifiez l'adresse de la page. Si elle vient d'un message, demandez un "
        "nouveau lien à la personne qui vous l'a envoyé.",
        "help_server": "Ce n'est pas de votre faute. Réessayez dans quelques minutes.",
        "other_language": "English",
    },
    "en": {
        "title": "This page cannot be shown",
        "title_not_found": "Page not found",
        "title_server": "Something went wrong on our side",
        "help": "Check the page's address. If it came in a message, ask the person who sent "
        "it to you for a new link.",
        "help_server": "It is not your fault. Try again in a few minutes.",
        "other_language": "Français",
    },
}

# An event's public page (events/web/public.py): the meeting, for anyone with its link. What the
# format is for comes from the invites' words (events/invites/texts.py), said the same way.
EVENT: dict[Language, dict[str, str]] = {
    "fr": {
        "tools": "Langue et impression",
        "what": "Quoi",
        "when": "Quand",
        "where": "Où",
        "online": "En ligne\u00a0:",
        "how": "Comment ça se passe",
        "activities": "Activités\u00a0: {list}.",
        "cuisines": "Cuisines\u00a0: {list}.",
        "mode_in_person": "Sur place.",
        "mode_online": "En ligne.",
        "mode_hybrid": "Sur place et en ligne.",
        "workshops": "Ateliers\u00a0:",
        "photo_shoot": "Une séance photo pour votre CV.",
        "who": "Qui organise",
        "organised_by": "Rencontre organisée par {name}.",
        "join": "Pour y participer, demandez à votre conseiller ou à votre coach de vous "
        "inscrire. Vous recevez alors votre billet.",
        "cancelled": "Attention\u00a0: cette rencontre est annulée.",
        "completed": "Cette rencontre est terminée.",
        "print": "Imprimer",
        "other_language": "English",
    },
    "en": {
        "tools": "Language and printing",
        "what": "What",
        "when": "When",
        "where": "Where",
        "online": "Online:",
        "how": "How it works",
        "activities": "Activities: {list}.",
        "cuisines": "Cuisines: {list}.",
        "mode_in_person": "On site.",
        "mode_online": "Online.",
        "mode_hybrid": "On site and online.",
        "workshops": "Workshops:",
        "photo_shoot": "A photo shoot for your CV.",
        "who": "Who organises it",
        "organised_by": "Event organised by {name}.",
        "join": "To take part, ask your adviser or your coach to register you. You then get "
        "your ticket.",
        "cancelled": "Warning: this event is cancelled.",
        "completed": "This event is over.",
        "print": "Print",
        "other_language": "Français",
    },
}
