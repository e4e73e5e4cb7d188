"""What the two sport coaches saw at the demo's sport session: twenty candidates observed during
its three activities, most of them by both coaches, with the short evidence a coach types on a
phone. Eleven cards are reviewed; ten of those candidates agreed (through their coach) that
recruiters see them, three of them that recruiters contact them too. Three have a structured CV.

Notes describe behaviour only: nothing of a person's social situation goes into them, since a
reviewed card is what recruiters read.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from events.demo.meetings import CLIMBING, TEAM_SPORTS, WARM_UP

Coach = Literal["karim", "julie"]


class Seen(msgspec.Struct, frozen=True):
    """One observation: who saw it, during which activity, which skill at which level (1-4)."""

    coach: Coach
    activity: str
    skill: str
    level: int
    note: str


class Observed(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate of the cohort, by name, and what became of their card."""

    name: tuple[str, str]
    seen: tuple[Seen, ...]
    # The first coach who observed them reviews the card.
    reviewed: bool = False
    # Asked by their coach, who records the answer for them.
    consents: bool = False
    contact: bool = False


def _k(activity: str, skill: str, level: int, note: str) -> Seen:
    return Seen("karim", activity, skill, level, note)


def _j(activity: str, skill: str, level: int, note: str) -> Seen:
    return Seen("julie", activity, skill, level, note)


OBSERVED: tuple[Observed, ...] = (
    Observed(
        name=("Zoé", "N'Diaye-Lefèvre"),
        reviewed=True,
        consents=True,
        seen=(
            _k(
                CLIMBING,
                "perseverance",
                4,
                "A raté deux fois le passage du surplomb, a demandé un conseil puis l'a passé au "
                "troisième essai.",
            ),
            _k(
                CLIMBING,
                "following_instructions",
                3,
                "Vérifie son nœud de huit et celui de sa binôme avant chaque montée, comme montré "
                "au briefing.",
            ),
            _k(WARM_UP, "self_discipline", 3, "Fait chaque étirement jusqu'au bout, sans tricher."),
            _j(
                TEAM_SPORTS,
                "team_spirit",
                4,
                "Passe beaucoup le ballon aux joueuses les moins à l'aise ; encourage son équipe "
                "après chaque but encaissé.",
            ),
            _j(
                TEAM_SPORTS,
                "communication",
                3,
                "Annonce clairement ses appels de balle ; écoute l'arbitre sans discuter.",
            ),
            _j(WARM_UP, "self_discipline", 4, "Garde le rythme demandé du début à la fin."),
        ),
    ),
    Observed(
        name=("Kévin", "Da Silva"),
        reviewed=True,
        consents=True,
        contact=True,
        seen=(
            _j(
                TEAM_SPORTS,
                "leadership",
                4,
                "Organise spontanément le placement de son équipe au futsal et répartit les rôles.",
            ),
            _j(
                TEAM_SPORTS,
                "reactivity",
                4,
                "Réagit très vite aux changements de jeu ; premier à se replacer en défense.",
            ),
            _k(
                WARM_UP,
                "punctuality",
                4,
                "Arrivé à 8 h 45, a aidé à installer les tapis avant l'échauffement.",
            ),
            _k(
                CLIMBING,
                "self_confidence",
                3,
                "Hésite au départ, puis monte jusqu'en haut de la voie verte sans s'arrêter.",
            ),
        ),
    ),
    Observed(
        name=("Jean-Baptiste", "Lemaître"),
        reviewed=True,
        consents=True,
        seen=(
            _k(
                CLIMBING,
                "concentration",
                4,
                "Assure sa partenaire sans quitter la corde des yeux pendant toute la montée.",
            ),
            _k(
                CLIMBING,
                "perseverance",
                3,
                "Fatigué en fin de voie, redescend, se repose et termine au second essai.",
            ),
            _k(
                WARM_UP,
                "self_discipline",
                3,
                "Fait tous les étirements jusqu'au bout, même quand le groupe accélère.",
            ),
            _j(
                WARM_UP,
                "motivation",
                3,
                "Demande à refaire un atelier ; reste jusqu'à la fin du rangement.",
            ),
        ),
    ),
    Observed(
        name=("Théo", "Marchand"),
        reviewed=True,
        consents=True,
        seen=(
            _j(
                TEAM_SPORTS,
                "team_spirit",
                3,
                "Joue collectif et passe volontiers ; reste un peu en retrait dans les échanges.",
            ),
            _j(
                TEAM_SPORTS,
                "communication",
                2,
                "Parle peu sur le terrain ; répond quand on l'interroge et écoute bien.",
            ),
            _k(
                CLIMBING,
                "following_instructions",
                4,
                "Applique à la lettre la procédure d'assurage ; corrige un camarade qui "
                "l'oubliait.",
            ),
            _k(
                CLIMBING,
                "concentration",
                3,
                "Reste attentif pendant les explications et à l'assurage, malgré le bruit.",
            ),
        ),
    ),
    Observed(
        name=("Lucas", "Hoarau"),
        reviewed=True,
        consents=True,
        contact=True,
        seen=(
            _j(
                TEAM_SPORTS,
                "reactivity",
                3,
                "Anticipe les passes et intercepte souvent ; parfois un peu pressé.",
            ),
            _j(
                TEAM_SPORTS,
                "communication",
                4,
                "Explique les règles de l'ultimate aux nouveaux venus, avec patience.",
            ),
            _k(
                WARM_UP,
                "motivation",
                4,
                "Enthousiaste ; à la pause, demande quels métiers recrutent les entreprises "
                "présentes.",
            ),
        ),
    ),
    Observed(
        name=("Noémie", "Dupré"),
        reviewed=True,
        consents=True,
        seen=(
            _k(
                CLIMBING,
                "self_confidence",
                3,
                "Appréhendait la hauteur ; monte à mi-hauteur, puis jusqu'en haut au second essai.",
            ),
            _k(
                CLIMBING,
                "perseverance",
                4,
                "Ne lâche pas le passage difficile : observe une autre grimpeuse, puis réussit.",
            ),
            _j(
                TEAM_SPORTS,
                "team_spirit",
                3,
                "Encourage ses coéquipières, accepte de changer de poste quand on le lui demande.",
            ),
            _j(WARM_UP, "punctuality", 4, "À l'heure, en tenue, prête avant le début."),
        ),
    ),
    Observed(
        name=("Bilal", "Haddouche"),
        reviewed=True,
        consents=True,
        seen=(
            _j(
                TEAM_SPORTS,
                "leadership",
                3,
                "Au temps mort, propose une autre façon de défendre ; l'équipe l'écoute.",
            ),
            _j(TEAM_SPORTS, "reactivity", 3, "Se replace vite après une perte de balle."),
            _k(
                CLIMBING,
                "following_instructions",
                3,
                "Respecte les consignes de sécurité ; demande confirmation quand il a un doute.",
            ),
            _k(
                WARM_UP,
                "self_discipline",
                4,
                "Garde le rythme imposé pendant tout l'échauffement, sans relâcher.",
            ),
        ),
    ),
    Observed(
        name=("Sarah", "Ben Youssef"),
        reviewed=True,
        consents=True,
        contact=True,
        seen=(
            _k(
                CLIMBING,
                "concentration",
                4,
                "Très concentrée à l'assurage ; annonce chaque manœuvre à voix haute, comme "
                "demandé.",
            ),
            _k(
                CLIMBING,
                "self_confidence",
                4,
                "Se propose la première pour grimper et pour montrer le nœud au groupe.",
            ),
            _k(WARM_UP, "motivation", 4, "Participe à tout avec entrain, motive les autres."),
            _j(
                TEAM_SPORTS,
                "communication",
                4,
                "Fait circuler l'information et reformule les consignes pour les autres.",
            ),
            _j(
                TEAM_SPORTS,
                "leadership",
                3,
                "Prend le rôle de capitaine quand on le lui propose, sans écraser les autres.",
            ),
            _j(WARM_UP, "motivation", 4, "Demande à mener un exercice d'étirement ; le fait bien."),
        ),
    ),
    Observed(
        name=("Yanis", "Benali"),
        reviewed=True,
        consents=True,
        seen=(
            _j(
                TEAM_SPORTS,
                "team_spirit",
                3,
                "Passe le ballon à tout le monde et félicite les autres ; timide au début.",
            ),
            _j(WARM_UP, "punctuality", 3, "Arrivé juste à l'heure, en ayant prévenu de son bus."),
            _k(
                CLIMBING,
                "perseverance",
                3,
                "Voulait s'arrêter à mi-voie ; reprend après un encouragement et finit la voie.",
            ),
        ),
    ),
    Observed(
        name=("Inès", "Bouzid"),
        reviewed=True,
        consents=True,
        seen=(
            _k(
                CLIMBING,
                "following_instructions",
                4,
                "Refait son nœud quand on le demande et vérifie celui de son binôme d'elle-même.",
            ),
            _k(
                WARM_UP,
                "motivation",
                4,
                "Pose beaucoup de questions sur les métiers de l'agroalimentaire à la pause.",
            ),
            _j(
                TEAM_SPORTS,
                "communication",
                3,
                "S'exprime clairement ; réexplique les règles à une participante qui n'avait pas "
                "compris.",
            ),
            _j(
                TEAM_SPORTS,
                "reactivity",
                2,
                "Un temps de retard sur les premières actions, plus à l'aise en fin de match.",
            ),
        ),
    ),
    # Reviewed, but has not said yet whether recruiters may see the card.
    Observed(
        name=("Ibrahima", "Sow"),
        reviewed=True,
        seen=(
            _j(TEAM_SPORTS, "reactivity", 4, "Très vif, récupère beaucoup de ballons en défense."),
            _j(
                TEAM_SPORTS,
                "team_spirit",
                3,
                "Joue pour l'équipe ; s'excuse de lui-même après un contact un peu appuyé.",
            ),
            _k(
                CLIMBING,
                "self_confidence",
                2,
                "Préfère assurer que grimper ; finit par essayer la voie la plus facile.",
            ),
        ),
    ),
    # Observed; the cards are still drafts that the coaches have to read.
    Observed(
        name=("Maëlle", "Le Goff"),
        seen=(
            _k(
                CLIMBING, "perseverance", 3, "Refait trois fois le même passage jusqu'à le réussir."
            ),
            _k(WARM_UP, "punctuality", 4, "Arrivée en avance, a aidé à sortir le matériel."),
        ),
    ),
    Observed(
        name=("Chloé", "Fontaine-Mercier"),
        seen=(
            _j(
                TEAM_SPORTS,
                "communication",
                3,
                "Échange beaucoup avec ses coéquipières, propose des combinaisons simples.",
            ),
            _j(
                TEAM_SPORTS,
                "leadership",
                2,
                "Laisse les autres décider ; donne son avis quand on le lui demande.",
            ),
        ),
    ),
    Observed(
        name=("Sébastien", "Lefebvre"),
        seen=(
            _k(
                WARM_UP,
                "self_discipline",
                4,
                "Suit son propre rythme et les consignes de sécurité sans se laisser entraîner.",
            ),
            _j(
                TEAM_SPORTS,
                "communication",
                3,
                "Conseille les autres depuis le bord du terrain, toujours avec bienveillance.",
            ),
        ),
    ),
    Observed(
        name=("Anaïs", "Grosjean"),
        seen=(
            _k(
                CLIMBING, "concentration", 3, "Attentive à l'assurage, pose des questions précises."
            ),
            _j(
                TEAM_SPORTS,
                "team_spirit",
                4,
                "Va chercher les joueuses isolées et fait tourner les postes pour que chacune "
                "joue.",
            ),
        ),
    ),
    Observed(
        name=("Mélissa", "Rodrigues"),
        seen=(
            _j(TEAM_SPORTS, "reactivity", 3, "Réagit vite quand on change d'exercice."),
            _k(
                CLIMBING,
                "self_confidence",
                3,
                "Monte sans hésiter la voie bleue et demande à essayer la rouge.",
            ),
        ),
    ),
    Observed(
        name=("Cédric", "Étienne"),
        seen=(
            _k(
                CLIMBING,
                "following_instructions",
                2,
                "Il a fallu lui rappeler deux fois de vérifier son baudrier ; l'a fait seul "
                "ensuite.",
            ),
            _j(
                WARM_UP,
                "motivation",
                3,
                "Participe à tous les ateliers ; demande quand a lieu la prochaine séance.",
            ),
        ),
    ),
    Observed(
        name=("Naïma", "El Amrani"),
        seen=(
            _j(
                TEAM_SPORTS,
                "communication",
                4,
                "Encourage à voix haute et répartit les rôles avec calme quand le jeu s'emballe.",
            ),
            _k(WARM_UP, "punctuality", 3, "À l'heure ; reste aider au rangement."),
        ),
    ),
    Observed(
        name=("Jérôme", "Lecœur"),
        seen=(
            _k(
                CLIMBING,
                "perseverance",
                4,
                "N'avait jamais grimpé : essaie quatre fois la voie d'initiation et arrive en "
                "haut.",
            ),
            _j(TEAM_SPORTS, "team_spirit", 3, "Discret, mais toujours disponible pour les autres."),
        ),
    ),
    Observed(
        name=("Mamadou", "Coulibaly"),
        seen=(
            _j(
                TEAM_SPORTS,
                "leadership",
                3,
                "Organise la défense de son équipe avec des consignes simples et claires.",
            ),
            _j(
                WARM_UP,
                "self_discipline",
                3,
                "Suit l'échauffement sérieusement, sans se disperser.",
            ),
        ),
    ),
)

# Structured CVs, on the uniform template (the fields of ``cvs.StructuredCv``), written by the
# staff who follow each candidate.
CVS: dict[tuple[str, str], dict[str, Any]] = {
    ("Zoé", "N'Diaye-Lefèvre"): {
        "headline": "Préparatrice de commandes, cherche un poste en production alimentaire",
        "experiences": [
            {
                "title": "Employée polyvalente",
                "employer": "Restauration rapide",
                "place": "Montreuil",
                "start": "2019",
                "end": "2021",
                "description": "Préparation, service, nettoyage ; ouverture du restaurant.",
            },
            {
                "title": "Préparatrice de commandes (intérim)",
                "employer": "Entrepôt de produits frais",
                "place": "Rungis",
                "start": "2022-03",
                "end": "2023-01",
                "description": "Préparation de commandes au froid positif, contrôle des dates.",
            },
        ],
        "trainings": [
            {
                "title": "Hygiène alimentaire en restauration (HACCP), 14 heures",
                "organisation": "GRETA",
                "start": "2023-05",
                "end": "2023-05",
            }
        ],
        "languages": [
            {"language": "français", "level": "native"},
            {"language": "anglais", "level": "A2"},
        ],
        "mobility": {"transport": ["public_transport"], "radius_km": 20},
        "sectors": ["agroalimentaire", "logistique"],
        "postcode": "93100",
    },
    ("Jean-Baptiste", "Lemaître"): {
        "headline": "Agent de fabrication, prêt à reprendre en équipe",
        "experiences": [
            {
                "title": "Agent de conditionnement",
                "employer": "Biscuiterie",
                "place": "Noisy-le-Grand",
                "start": "2015",
                "end": "2021",
                "description": "Conditionnement sur ligne, contrôle visuel, nettoyage du poste.",
            }
        ],
        "trainings": [
            {
                "title": "CAP Boulanger",
                "organisation": "CFA de la boulangerie",
                "start": "2012",
                "end": "2014",
            }
        ],
        "languages": [{"language": "français", "level": "native"}],
        "driving_licences": ["B"],
        "mobility": {"transport": ["car", "public_transport"], "radius_km": 30},
        "sectors": ["agroalimentaire"],
        "postcode": "93110",
    },
    ("Yanis", "Benali"): {
        "headline": "Cherche une alternance en production ou en logistique",
        "experiences": [
            {
                "title": "Immersion en boulangerie (PMSMP)",
                "employer": "Boulangerie de quartier",
                "place": "Montreuil",
                "start": "2024-02",
                "end": "2024-02",
                "description": "Mise en rayon, accueil des clients, nettoyage du fournil.",
            }
        ],
        "languages": [
            {"language": "français", "level": "native"},
            {"language": "arabe", "level": "B1"},
        ],
        "mobility": {"transport": ["public_transport", "bicycle"], "radius_km": 15},
        "sectors": ["agroalimentaire", "logistique"],
        "postcode": "93100",
    },
}
