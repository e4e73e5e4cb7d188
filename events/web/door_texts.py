"""The words of the door scanner (``events.web.door``), French first, in plain language: the
staff at a gymnasium's door read them at arm's length, in a hurry. French texts put a no-break
space (U+00A0) before « : ? ! ».

``ANSWERS`` says each outcome of a scan (``checked_in`` or a refusal's code) in a few words."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "other_language": "English",
        "tools": "Langue",
        "title": "Entrée",
        "camera": "Scanner avec la caméra",
        "camera_stop": "Arrêter la caméra",
        "camera_help": "Tenez le QR du billet devant la caméra.",
        "camera_busy": "Un instant…",
        "camera_refused": "La caméra ne marche pas ici. Tapez le code du billet.",
        "video": "Image de la caméra",
        "code": "Code du billet",
        "code_help": "8 lettres et chiffres, sous le QR. Exemple\u00a0: ABCD-EFGH",
        "let_in": "Faire entrer",
        "empty": "Tapez le code écrit sous le QR.",
        "counter": "Arrivés",
        "candidates": "Candidats",
        "companies": "Entreprises",
        "count": "{arrived} sur {expected} attendus",
        "answer": "Réponse",
        "expired": "La page a expiré. Rechargez-la.",
        "pending": "Pas encore envoyées au serveur\u00a0: {n}",
        "uploaded": "Réponses du serveur aux entrées faites sans réseau",
        "ticket": "Billet",
        "by_name": "Sans billet\u00a0: chercher par le nom",
        "search": "Nom, prénom ou entreprise",
        "search_help": "Pour une personne qui n'a plus son billet ni son téléphone.",
        "search_button": "Chercher",
        "found": "Personnes inscrites trouvées",
        "found_more": "D'autres personnes ont ce nom\u00a0: tapez plus de lettres.",
        "nobody": "Personne d'inscrit et confirmé avec ce nom.",
        "already_in": "(déjà entré)",
        "company": "Entreprise",
        "offline_search": "Pas de réseau\u00a0: recherche dans la liste gardée sur ce téléphone "
        "(prénoms et entreprises).",
    },
    "en": {
        "other_language": "Français",
        "tools": "Language",
        "title": "Door",
        "camera": "Scan with the camera",
        "camera_stop": "Stop the camera",
        "camera_help": "Hold the ticket's QR in front of the camera.",
        "camera_busy": "One moment…",
        "camera_refused": "The camera does not work here. Type the ticket's code.",
        "video": "Camera picture",
        "code": "Ticket code",
        "code_help": "8 letters and digits, under the QR. Example: ABCD-EFGH",
        "let_in": "Let in",
        "empty": "Type the code written under the QR.",
        "counter": "Arrived",
        "candidates": "Candidates",
        "companies": "Companies",
        "count": "{arrived} of {expected} expected",
        "answer": "Answer",
        "expired": "The page has expired. Reload it.",
        "pending": "Not yet sent to the server: {n}",
        "uploaded": "The server's answers to the entries made without network",
        "ticket": "Ticket",
        "by_name": "No ticket: search by name",
        "search": "Name or company",
        "search_help": "For someone who has lost their ticket and phone.",
        "search_button": "Search",
        "found": "Registered people found",
        "found_more": "More people have this name: type more letters.",
        "nobody": "Nobody registered and confirmed with this name.",
        "already_in": "(already in)",
        "company": "Company",
        "offline_search": "No network: searched in the list kept on this phone (first names "
        "and companies).",
    },
}

# Each outcome of a scan: a heading read from afar, then what to do.
ANSWERS: Final[dict[Language, dict[str, tuple[str, str]]]] = {
    "fr": {
        "checked_in": ("Entrée OK", "Bienvenue\u00a0! L'entrée est notée."),
        "already_checked_in": (
            "Déjà entré",
            "Ce billet a déjà été scanné\u00a0: la personne est déjà entrée.",
        ),
        "ticket_revoked": (
            "Ancien billet",
            "Ce billet a été remplacé. Demandez le dernier billet reçu.",
        ),
        "wrong_event": ("Autre rencontre", "Ce billet est pour une autre rencontre."),
        "registration_cancelled": ("Inscription annulée", "Cette inscription a été annulée."),
        "not_confirmed": (
            "Liste d'attente",
            "Cette personne est sur liste d'attente\u00a0: sa place n'est pas confirmée.",
        ),
        "invalid_ticket": (
            "Code inconnu",
            "Ce billet n'est pas valable. Vérifiez les lettres et recommencez.",
        ),
        "empty": ("Code manquant", "Tapez le code écrit sous le QR."),
        "refused": ("Refusé", "Ce billet n'a pas été accepté."),
        "offline_checked_in": (
            "Entrée OK",
            "Pas de réseau\u00a0: l'entrée sera envoyée au retour du réseau.",
        ),
        "offline_code": (
            "Pas de réseau",
            "Sans réseau, ce code n'est pas connu du téléphone\u00a0: scannez le QR du billet.",
        ),
    },
    "en": {
        "checked_in": ("Entry OK", "Welcome! The entry is recorded."),
        "already_checked_in": (
            "Already in",
            "This ticket was already scanned: the person is already in.",
        ),
        "ticket_revoked": ("Old ticket", "This ticket was replaced. Ask for the latest one."),
        "wrong_event": ("Other event", "This ticket is for another event."),
        "registration_cancelled": ("Cancelled", "This registration was cancelled."),
        "not_confirmed": (
            "Waiting list",
            "This person is on the waiting list: their place is not confirmed.",
        ),
        "invalid_ticket": ("Unknown code", "This ticket is not valid. Check the letters."),
        "empty": ("Code missing", "Type the code written under the QR."),
        "refused": ("Refused", "This ticket was not accepted."),
        "offline_checked_in": (
            "Entry OK",
            "No network: the entry will be sent when the network is back.",
        ),
        "offline_code": (
            "No network",
            "Without network, this phone does not know this code: scan the ticket's QR.",
        ),
    },
}
