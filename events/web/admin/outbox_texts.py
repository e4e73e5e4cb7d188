"""The words of the back office's messages page (``events.web.admin.outbox``), French first,
English beside it. French texts put a no-break space (U+00A0) before « : ? ! ».

A message's status is named by ``events.i18n.MESSAGE_STATUSES`` (one table for every medium);
why it failed, or was not sent, is said here in plain words."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "outbox_title": "Les messages",
        "outbox_intro": "Les e-mails et SMS envoyés par Rencontres pour votre structure. Un "
        "message en échec n'est plus essayé\u00a0: vérifiez l'adresse ou le numéro, puis "
        "renvoyez-le.",
        "filter_status": "Quels messages\u00a0?",
        "every_status": "Tous",
        "filter": "Afficher",
        "messages_table": "Liste des messages",
        "col_created": "Écrit le",
        "col_message": "Message",
        "col_to": "Destinataire",
        "col_attempts": "Essais",
        "col_problem": "Ce qui s'est passé",
        "col_event": "Rencontre",
        "col_action": "Action",
        "channel_email": "E-mail",
        "channel_sms": "SMS",
        "channel_none": "Aucun moyen de contact",
        "nobody": "Personne",
        "no_event": "Aucune (message du compte)",
        "event_link": "Voir la rencontre",
        "technical": "Détail technique",
        "retry": "Renvoyer",
        "retry_of": "Renvoyer le message «\u00a0{kind}\u00a0» à {to}",
        "done_retried": "Le message est de nouveau en attente. Il part dans les prochaines "
        "minutes.",
        "no_messages": "Aucun message ici.",
        "no_dead": "Aucun message en échec.",
        "more_messages": "Messages suivants",
    },
    "en": {
        "outbox_title": "Messages",
        "outbox_intro": "The e-mails and text messages Rencontres sent for your organisation. A "
        "failed message is no longer tried: check the address or the number, then send it "
        "again.",
        "filter_status": "Which messages?",
        "every_status": "All",
        "filter": "Show",
        "messages_table": "List of messages",
        "col_created": "Written on",
        "col_message": "Message",
        "col_to": "To",
        "col_attempts": "Attempts",
        "col_problem": "What happened",
        "col_event": "Event",
        "col_action": "Action",
        "channel_email": "E-mail",
        "channel_sms": "Text message",
        "channel_none": "No way to reach them",
        "nobody": "Nobody",
        "no_event": "None (an account's message)",
        "event_link": "See the event",
        "technical": "Technical detail",
        "retry": "Send again",
        "retry_of": "Send the message “{kind}” to {to} again",
        "done_retried": "The message is waiting to go again. It leaves in the next minutes.",
        "no_messages": "No message here.",
        "no_dead": "No failed message.",
        "more_messages": "Next messages",
    },
}

# Keyed by ``outbox.Kind``: what the message was about.
KINDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "registration_confirmed": "Inscription confirmée",
        "registration_waitlisted": "Mise sur liste d'attente",
        "registration_promoted": "Place libérée, inscription confirmée",
        "registration_cancelled": "Inscription annulée",
        "event_published": "Invitation à la rencontre",
        "event_changed": "Rencontre modifiée",
        "event_cancelled": "Rencontre annulée",
        "reminder": "Rappel de la rencontre",
        "ticket_resent": "Billet renvoyé",
        "account_welcome": "Bienvenue (choisir son mot de passe)",
        "password_reset": "Nouveau mot de passe",
        "follow_ups_due": "Suivis à faire après une rencontre",
        "retention_warning": "Données bientôt effacées (durée de conservation)",
        "pairing_schedule": "Planning d'un binôme cuisine \u2013 restaurant",
        "interview_schedule": "Planning des entretiens",
        "workshop_reminder": "Rappel d'un atelier",
        "interview_reminder": "Rappel d'un entretien en ligne",
        "workshop_cancelled": "Atelier annulé",
    },
    "en": {
        "registration_confirmed": "Registration confirmed",
        "registration_waitlisted": "Put on the waiting list",
        "registration_promoted": "Place freed, registration confirmed",
        "registration_cancelled": "Registration cancelled",
        "event_published": "Invitation to the event",
        "event_changed": "Event changed",
        "event_cancelled": "Event cancelled",
        "reminder": "Event reminder",
        "ticket_resent": "Ticket sent again",
        "account_welcome": "Welcome (choose a password)",
        "password_reset": "New password",
        "follow_ups_due": "Follow-ups to do after an event",
        "retention_warning": "Data soon removed (retention period)",
        "pairing_schedule": "Cook\u2013restaurant pair schedule",
        "interview_schedule": "Interview schedule",
        "workshop_reminder": "Workshop reminder",
        "interview_reminder": "Online interview reminder",
        "workshop_cancelled": "Workshop cancelled",
    },
}

# Why a failed attempt failed, read from the start of the error the sender wrote
# (``events.messages.mail``, ``events.messages.sms``); the first that fits is said.
FAILURES: Final[dict[Language, tuple[tuple[str, str], ...]]] = {
    "fr": (
        ("invalid e-mail address", "L'adresse e-mail n'est pas valable."),
        ("invalid phone number", "Le numéro de téléphone n'est pas valable."),
        ("recipient refused", "Le serveur de messagerie refuse cette adresse. Vérifiez-la."),
        ("SMTP timed out", "Le serveur de messagerie n'a pas répondu à temps."),
        ("SMTP connection", "Le serveur de messagerie est injoignable."),
        ("SMTP", "Le serveur de messagerie a refusé le message."),
        ("SMS webhook timed out", "Le service SMS n'a pas répondu à temps."),
        ("SMS webhook answered", "Le service SMS a refusé le message."),
        ("SMS webhook", "Le service SMS est injoignable."),
    ),
    "en": (
        ("invalid e-mail address", "The e-mail address is not valid."),
        ("invalid phone number", "The phone number is not valid."),
        ("recipient refused", "The mail server refuses this address. Check it."),
        ("SMTP timed out", "The mail server did not answer in time."),
        ("SMTP connection", "The mail server cannot be reached."),
        ("SMTP", "The mail server refused the message."),
        ("SMS webhook timed out", "The text message service did not answer in time."),
        ("SMS webhook answered", "The text message service refused the message."),
        ("SMS webhook", "The text message service cannot be reached."),
    ),
}
UNKNOWN_FAILURE: Final[dict[Language, str]] = {
    "fr": "L'envoi a échoué pour une raison inattendue.",
    "en": "Sending failed for an unexpected reason.",
}

# Why a message was not sent (``skipped``), by the reason the worker or the outbox wrote.
SKIPPED: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "no_contact": "Ni e-mail ni téléphone connus pour cette personne.",
        "no_addressee": "Personne à qui l'envoyer.",
        "registration_gone": "L'inscription n'existe plus.",
        "too_late": "La rencontre était passée.",
        "superseded": "Un message plus récent dit la même chose.",
        "mail_disabled": "L'envoi d'e-mails est coupé sur ce service.",
        "sms_disabled": "L'envoi de SMS est coupé sur ce service.",
        "no_event": "La rencontre n'existe plus.",
        "user_gone": "Le compte n'existe plus.",
        "not_taking_part": "La personne ne participe plus à la rencontre.",
        "link_gone": "Le lien n'était plus valable.",
        "deactivated": "Le compte est désactivé.",
    },
    "en": {
        "no_contact": "No e-mail or phone is known for this person.",
        "no_addressee": "Nobody to send it to.",
        "registration_gone": "The registration no longer exists.",
        "too_late": "The event was over.",
        "superseded": "A later message says the same.",
        "mail_disabled": "E-mail is turned off on this service.",
        "sms_disabled": "Text messages are turned off on this service.",
        "no_event": "The event no longer exists.",
        "user_gone": "The account no longer exists.",
        "not_taking_part": "The person no longer takes part in the event.",
        "link_gone": "The link no longer worked.",
        "deactivated": "The account is deactivated.",
    },
}
