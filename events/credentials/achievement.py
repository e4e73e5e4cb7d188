"""A reviewed skills card as an Open Badges 3.0 AchievementCredential (VC 2.0), unsigned.

What it says, and what it never says:

- the holder by the name they go by (first name and initial, unless they choose otherwise);
- one achievement, the card, with one result description per observed skill: the skill's
  four behavioural anchors as a rubric, aligned to the skill's public page on this service and
  to its ESCO concept where the vocabulary holds one;
- one result per observed skill, pointing at the anchor of the level reached (1 to 4);
- per skill, one piece of evidence: how many observations, how many coaches, which activities;
- the dates of the first and the last event the observations come from.

Never an event's title, nor the coaches' notes: a food festival's name can reveal refugee
status, and a note is written for staff and recruiters, not for any reader of a credential."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final, Literal
from uuid import UUID

import msgspec

from events.credentials import contexts
from events.skills_cards.card import SkillLine, SkillsCard
from events.skills_cards.vocabulary import Skill

CONTEXT: Final = [contexts.VC_V2, contexts.OB_V3]

_WORDS: Final[dict[str, dict[str, str]]] = {
    "fr": {
        "card": "Carte de compétences transverses",
        "card_of": "Carte de compétences transverses de {name}",
        "card_description": (
            "Les compétences transverses que des coachs ont observées pendant des activités "
            "partagées (sport, cuisine, ateliers), relues par un professionnel qui suit la "
            "personne."
        ),
        "criteria": (
            "Chaque coach note ce qu'il voit faire la personne, compétence par compétence, "
            "selon quatre niveaux décrits par des comportements. Le niveau retenu est la "
            "médiane des dernières observations de chaque coach, arrondie vers le bas. "
            "Ce n'est jamais une note\u00a0: c'est ce qui a été vu."
        ),
        "level": "Niveau {level}",
        "evidence": "{observations} observation(s) par {observers} coach(s).",
        "activities": " Activités\u00a0: {activities}.",
        "framework": "Compétences transverses de Rencontres",
    },
    "en": {
        "card": "Transversal skills card",
        "card_of": "Transversal skills card of {name}",
        "card_description": (
            "The transversal skills coaches observed during shared activities (sport, cooking, "
            "workshops), reviewed by a professional who follows the person."
        ),
        "criteria": (
            "Each coach records what they see the person do, skill by skill, on four levels "
            "described by behaviours. The level shown is the median of each coach's latest "
            "observation, rounded down. It is never a grade: it is what was seen."
        ),
        "level": "Level {level}",
        "evidence": "{observations} observation(s) by {observers} coach(es).",
        "activities": " Activities: {activities}.",
        "framework": "Rencontres transversal skills",
    },
}


# How the holder's name appears: first name and initial (the default), in full, first name only.
NameChoice = Literal["initial", "full", "first"]
NAME_CHOICES: Final[tuple[NameChoice, ...]] = ("initial", "full", "first")


class Holder(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    last_name: str
    language: str
    organisation_id: UUID
    organisation_name: str
    name_choice: NameChoice = "initial"


def holder_name(first_name: str, last_name: str, choice: NameChoice = "initial") -> str:
    """The name as the holder chose it: first name and the last name's initial unless they
    chose their full name or their first name only."""
    first, last = first_name.strip(), last_name.strip()
    if choice == "first" or not last:
        return first
    if choice == "full":
        return f"{first} {last}"
    return f"{first} {last[:1].upper()}."


def instant(moment: datetime) -> str:
    """An xsd:dateTimeStamp in UTC, to the second, as VC 2.0 wants its dates."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _label(skill: Skill, language: str) -> str:
    return skill.label_fr if language == "fr" else skill.label_en


def skills_page(code: str, public_url: str) -> str:
    """A skill's public page (``events.web.skills_pages``): its description and four levels."""
    return f"{public_url.rstrip('/')}/skills/{code}"


def vocabulary_page(public_url: str) -> str:
    return f"{public_url.rstrip('/')}/skills"


def verify_page(credential_id: UUID, public_url: str) -> str:
    """The credential's id: the page where anyone checks it."""
    return f"{public_url.rstrip('/')}/verify/{credential_id}"


def _result_description(skill: Skill, *, language: str, public_url: str) -> dict[str, Any]:
    words = _WORDS[language]
    page = skills_page(skill.code, public_url)
    label = _label(skill, language)
    anchors = skill.levels_fr if language == "fr" else skill.levels_en
    alignment: list[dict[str, Any]] = [
        {
            "type": ["Alignment"],
            "targetName": label,
            "targetUrl": page,
            "targetCode": skill.code,
            "targetFramework": words["framework"],
            "targetType": "ceasn:Competency",
        }
    ]
    if skill.esco_uri:
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": label,
                "targetUrl": skill.esco_uri,
                "targetFramework": "ESCO",
                "targetType": "ceasn:Competency",
            }
        )
    return {
        "id": page,
        "type": ["ResultDescription"],
        "name": label,
        "resultType": "RubricCriterionLevel",
        "alignment": alignment,
        "rubricCriterionLevel": [
            {
                "id": f"{page}#level-{level}",
                "type": ["RubricCriterionLevel"],
                "name": words["level"].format(level=level),
                "description": anchor,
                "level": str(level),
            }
            for level, anchor in enumerate(anchors, start=1)
        ],
    }


def _evidence(line: SkillLine, label: str, language: str) -> dict[str, Any]:
    words = _WORDS[language]
    narrative = words["evidence"].format(observations=line.observations, observers=line.observers)
    if line.activities:
        narrative += words["activities"].format(activities=", ".join(line.activities))
    return {"type": ["Evidence"], "name": label, "narrative": narrative}


def credential(
    *,
    credential_id: UUID,
    card: SkillsCard,
    skills: dict[str, Skill],
    holder: Holder,
    issuer: str,
    issued_at: datetime,
    public_url: str,
    status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned credential of a reviewed card (``card`` is the reviewed snapshot);
    ``status``: its ``credentialStatus`` (``events.credentials.status.entry``)."""
    language = holder.language if holder.language in _WORDS else "fr"
    words = _WORDS[language]
    name = holder_name(holder.first_name, holder.last_name, holder.name_choice)
    observed = [line for line in card.skills if line.code in skills]
    starts = sorted(event.starts_at for line in observed for event in line.events)
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": ["IdentityObject"],
                "identityType": "name",
                "hashed": False,
                "identityHash": name,
            }
        ],
        "achievement": {
            "id": vocabulary_page(public_url),
            "type": ["Achievement"],
            "achievementType": "Assessment",
            "name": words["card"],
            "description": words["card_description"],
            "criteria": {"narrative": words["criteria"]},
            "resultDescription": [
                _result_description(skills[line.code], language=language, public_url=public_url)
                for line in observed
            ],
        },
        "result": [
            {
                "type": ["Result"],
                "resultDescription": skills_page(line.code, public_url),
                "achievedLevel": f"{skills_page(line.code, public_url)}#level-{line.level}",
                "value": str(line.level),
            }
            for line in observed
        ],
    }
    if starts:
        subject["activityStartDate"] = instant(starts[0])
        subject["activityEndDate"] = instant(starts[-1])
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": verify_page(credential_id, public_url),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": words["card_of"].format(name=name),
        "issuer": {"id": issuer, "type": ["Profile"], "name": holder.organisation_name},
        "validFrom": instant(issued_at),
        "credentialSubject": subject,
        "evidence": [
            _evidence(line, _label(skills[line.code], language), language) for line in observed
        ],
    }
    if status is not None:
        credential["credentialStatus"] = status
    return credential
