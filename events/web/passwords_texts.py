"""The words of the pages where one chooses a password (``events.web.passwords``), French first,
in plain language: the people who open these links are recruiters of small firms as often as
organisers. French texts put a no-break space (U+00A0) before « : ? ! »."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "other_language": "English",
        "tools": "Langue",
        # forgot
        "forgot_title": "Mot de passe oublié",
        "forgot_intro": "Écrivez l'adresse e-mail de votre compte. Nous vous envoyons un lien "
        "pour choisir un nouveau mot de passe.",
        "email": "Votre adresse e-mail",
        "send": "Recevoir le lien",
        "bad_email": "Écrivez une adresse e-mail, par exemple prenom.nom@exemple.fr.",
        "forgot_expired": "La page a expiré. Écrivez de nouveau votre adresse, puis appuyez "
        "sur «\u00a0Recevoir le lien\u00a0».",
        "too_many": "Trop de demandes. Attendez {wait}, puis réessayez.",
        "minute": "{minutes}\u00a0minute",
        "minutes": "{minutes}\u00a0minutes",
        "hour": "{hours}\u00a0heure",
        "hours": "{hours}\u00a0heures",
        "to_login": "Retour à la connexion",
        # sent
        "sent_title": "Regardez vos messages",
        "sent": "Si un compte existe pour cette adresse, un message vient de partir.",
        "sent_help": "Ouvrez-le, puis appuyez sur le lien qu'il contient. Le lien marche "
        "pendant {validity}.",
        "sent_nothing": "Rien reçu après quelques minutes\u00a0? Regardez dans les courriers "
        "indésirables (spam), ou demandez à l'organisateur de la rencontre.",
        # choose
        "choose_title": "Choisissez votre mot de passe",
        "choose_account": "Pour le compte\u00a0: {email}",
        "rules": "Au moins {min} caractères (et {max} au plus). Une petite phrase facile à "
        "retenir marche bien, par exemple «\u00a0le vélo bleu de Sonia\u00a0».",
        "password": "Nouveau mot de passe",
        "confirm": "Le même mot de passe, encore une fois",
        "save": "Enregistrer mon mot de passe",
        "mismatch": "Les deux mots de passe ne sont pas les mêmes. Écrivez-les de nouveau.",
        "choose_expired": "La page a expiré. Écrivez de nouveau votre mot de passe, puis "
        "appuyez sur «\u00a0Enregistrer mon mot de passe\u00a0».",
        "error_title": "Ça n'a pas marché",
        # invalid link
        "invalid_title": "Ce lien ne marche plus",
        "invalid": "Il a déjà servi, il est trop ancien, ou un lien plus récent l'a remplacé.",
        "invalid_help": "Demandez un nouveau lien\u00a0: il arrive par e-mail en quelques minutes.",
        "ask_again": "Demander un nouveau lien",
    },
    "en": {
        "other_language": "Français",
        "tools": "Language",
        "forgot_title": "Forgotten password",
        "forgot_intro": "Write your account's e-mail address. We send you a link to choose a "
        "new password.",
        "email": "Your e-mail address",
        "send": "Get the link",
        "bad_email": "Write an e-mail address, for example first.last@example.org.",
        "forgot_expired": "The page has expired. Write your address again, then press "
        "'Get the link'.",
        "too_many": "Too many requests. Wait {wait}, then try again.",
        "minute": "{minutes} minute",
        "minutes": "{minutes} minutes",
        "hour": "{hours} hour",
        "hours": "{hours} hours",
        "to_login": "Back to log-in",
        "sent_title": "Look at your messages",
        "sent": "If an account exists for this address, a message is on its way.",
        "sent_help": "Open it, then press the link inside. The link works for {validity}.",
        "sent_nothing": "Nothing after a few minutes? Look in your junk mail (spam), or ask "
        "the event's organiser.",
        "choose_title": "Choose your password",
        "choose_account": "For the account: {email}",
        "rules": "At least {min} characters (and {max} at most). A short sentence that is "
        "easy to remember works well, for example 'Sonia's blue bike'.",
        "password": "New password",
        "confirm": "The same password, once more",
        "save": "Save my password",
        "mismatch": "The two passwords are not the same. Write them again.",
        "choose_expired": "The page has expired. Write your password again, then press "
        "'Save my password'.",
        "error_title": "That did not work",
        "invalid_title": "This link no longer works",
        "invalid": "It was already used, it is too old, or a newer link replaced it.",
        "invalid_help": "Ask for a new link: it comes by e-mail within a few minutes.",
        "ask_again": "Ask for a new link",
    },
}
