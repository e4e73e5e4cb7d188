"""Every validation refusal in plain French and plain English (issue 9, item 22): it names the
field as a form would label it, says what the field must be, lists the allowed values where
they are few, and never shows a type name, a pattern or msgspec's English ("`str` of longueur au
moins 1", "Invalid value 'sport'", the e-mail, phone and postcode regexes)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_events import event_body, make_event, stored_event
from tests.factories_registrations import make_candidate, make_company, make_published_event
from tests.factories_state import table_counts
from tests.test_events_bad_input import DROP, with_value

KINDS = "sport_session, food_festival, e_forum, job_dating"
SKILLS = (
    "perseverance, concentration, self_discipline, team_spirit, following_instructions, "
    "reactivity, leadership, motivation, punctuality, communication, adaptability, "
    "self_confidence"
)
NAME_FR = (
    "doit contenir au moins une lettre ou un chiffre, sur une seule ligne, sans caractère "
    "spécial caché."
)
NAME_EN = (
    "must contain at least one letter or digit, on one line, without hidden special characters."
)
# What a plain sentence never holds: msgspec's type names and words, a pattern's syntax.
TECHNICAL = re.compile(
    r"`|regex|Expected|Invalid|got |\bstr\b|\bint\b|\bnull\b(?! \))|length|\^|\\\\|\[\^|\$"
)


@pytest.fixture(scope="module")
async def staff(pool: Any, settings: Settings, client: AsyncClient) -> Staff:
    return await make_staff(pool, settings, client)


class Case(NamedTuple):
    path: str
    body: Any
    field: str
    fr: str  # the sentence after "Une donnée n'est pas valable : « field ». "
    en: str


def event(kind: str, path: str, value: Any) -> Any:
    return with_value(event_body(kind), path, value)


def candidate(**fields: Any) -> dict[str, Any]:
    return {"first_name": "Zoé", "last_name": "Durand", **fields}


EVENTS, CANDIDATES = "/api/v1/events", "/api/v1/candidates"
ON_CREATE = [
    Case(
        EVENTS,
        event("job_dating", "kind", "sport"),
        "kind",
        f"Le champ « format de la rencontre » doit être l'une de ces valeurs : {KINDS}.",
        f"The field 'kind of event' must be one of these values: {KINDS}.",
    ),
    Case(
        EVENTS,
        event("job_dating", "kind", DROP),
        "kind",
        f"Le champ « format de la rencontre » est obligatoire : l'une de ces valeurs : {KINDS}.",
        f"The field 'kind of event' is required: one of these values: {KINDS}.",
    ),
    Case(
        EVENTS,
        event("job_dating", "details.mode", "hybrid"),
        "details.mode",
        "Le champ « mode » doit être l'une de ces valeurs : in_person, online.",
        "The field 'mode' must be one of these values: in_person, online.",
    ),
    Case(
        EVENTS,
        event("e_forum", "details.mode", "sport"),
        "details.mode",
        "Le champ « mode » doit être l'une de ces valeurs : in_person, online, hybrid.",
        "The field 'mode' must be one of these values: in_person, online, hybrid.",
    ),
    Case(
        EVENTS,
        event("sport_session", "details.activities.0.skills", ["juggling"]),
        "details.activities[0].skills[0]",
        f"Le champ « compétences » doit être l'une de ces valeurs : {SKILLS}.",
        f"The field 'skills' must be one of these values: {SKILLS}.",
    ),
    Case(
        EVENTS,
        event("job_dating", "title", ""),
        "title",
        f"Le champ « titre » {NAME_FR}",
        f"The field 'title' {NAME_EN}",
    ),
    Case(
        EVENTS,
        event("job_dating", "title", "\u200b \u200b"),
        "title",
        f"Le champ « titre » {NAME_FR}",
        f"The field 'title' {NAME_EN}",
    ),
    Case(
        EVENTS,
        event("job_dating", "title", 123),
        "title",
        "Le champ « titre » doit être un texte, entre guillemets.",
        "The field 'title' must be text, in quotes.",
    ),
    Case(
        EVENTS,
        event("job_dating", "title", DROP),
        "title",
        "Le champ « titre » est obligatoire.",
        "The field 'title' is required.",
    ),
    Case(
        EVENTS,
        event("job_dating", "title", "x" * 201),
        "title",
        "Le champ « titre » est trop long : 200 caractères au plus.",
        "The field 'title' is too long: 200 characters at most.",
    ),
    Case(
        EVENTS,
        event("job_dating", "capacity.candidates", -1),
        "capacity.candidates",
        "Le champ « places pour les candidats » doit être un nombre de 0 à 100000.",
        "The field 'places for candidates' must be a number from 0 to 100000.",
    ),
    Case(
        EVENTS,
        event("job_dating", "capacity.candidates", "5"),
        "capacity.candidates",
        "Le champ « places pour les candidats » doit être un nombre entier, sans guillemets, "
        "par exemple 12.",
        "The field 'places for candidates' must be a whole number, without quotes, for example 12.",
    ),
    Case(
        EVENTS,
        event("e_forum", "details.photo_shoot", 1),
        "details.photo_shoot",
        "Le champ « séance photo » doit valoir true ou false, sans guillemets.",
        "The field 'photo shoot' must be true or false, without quotes.",
    ),
    Case(
        EVENTS,
        event("job_dating", "sectors", ["logistique"] * 21),
        "sectors",
        "Le champ « secteurs » contient trop d'éléments : 20 au plus.",
        "The field 'sectors' has too many items: 20 at most.",
    ),
    Case(
        EVENTS,
        event("job_dating", "starts_at", "2050-01-01T08:00:00"),
        "starts_at",
        "Le champ « début » doit indiquer le décalage horaire, par exemple "
        "2026-05-04T09:00:00+02:00 (ou Z pour l'heure de Greenwich).",
        "The field 'start' must give its UTC offset, for example 2026-05-04T09:00:00+02:00 "
        "(or Z for UTC).",
    ),
    Case(
        EVENTS,
        event("job_dating", "starts_at", "demain matin"),
        "starts_at",
        "Le champ « début » doit être une date et une heure avec le décalage horaire, par "
        "exemple 2026-05-04T09:00:00+02:00.",
        "The field 'start' must be a date and time with its UTC offset, for example "
        "2026-05-04T09:00:00+02:00.",
    ),
    Case(
        EVENTS,
        event("job_dating", "venue.postcode", "75"),
        "venue.postcode",
        "Le champ « code postal » doit être un code postal de 5 chiffres, par exemple 69100 "
        "(2A004 ou 2B033 en Corse).",
        "The field 'postcode' must be a 5-digit French postcode, for example 69100 (2A004 or "
        "2B033 in Corsica).",
    ),
    Case(
        EVENTS,
        event("job_dating", "online_url", "javascript:alert(1)"),
        "online_url",
        "Le champ « lien de la rencontre en ligne » doit être un lien qui commence par "
        "https://, par exemple https://visio.exemple.fr/salle.",
        "The field 'online event link' must be a link starting with https://, for example "
        "https://video.example.org/room.",
    ),
    Case(
        EVENTS,
        event("job_dating", "timezone", "../../etc/passwd"),
        "timezone",
        "Le champ « fuseau horaire » doit être un fuseau horaire, par exemple Europe/Paris ou "
        "Indian/Reunion.",
        "The field 'time zone' must be a time zone, for example Europe/Paris or Indian/Reunion.",
    ),
    Case(
        EVENTS,
        event("sport_session", "details.coach_ids", ["not-a-uuid"]),
        "details.coach_ids[0]",
        "Le champ « coach_ids » doit être un identifiant, par exemple "
        "0b7e3f2a-5c1d-4e8f-9a6b-2d4c8e1f3a5b.",
        "The field 'coach_ids' must be an identifier, for example "
        "0b7e3f2a-5c1d-4e8f-9a6b-2d4c8e1f3a5b.",
    ),
    Case(
        EVENTS,
        [],
        "body",
        "Les données envoyées doivent être un objet JSON, entre accolades : { … }.",
        "The data sent must be a JSON object, in braces: { ... }.",
    ),
    Case(
        CANDIDATES,
        candidate(first_name=""),
        "first_name",
        f"Le champ « prénom » {NAME_FR}",
        f"The field 'first name' {NAME_EN}",
    ),
    Case(
        CANDIDATES,
        candidate(email="zoe@"),
        "email",
        "Le champ « adresse e-mail » doit être une adresse e-mail, par exemple "
        "prenom.nom@exemple.fr.",
        "The field 'e-mail address' must be an e-mail address, for example first.last@example.org.",
    ),
    Case(
        CANDIDATES,
        candidate(phone="12"),
        "phone",
        "Le champ « téléphone » doit être un numéro de téléphone, par exemple 06 12 34 56 78 "
        "ou +33 6 12 34 56 78.",
        "The field 'phone' must be a phone number, for example 06 12 34 56 78 or "
        "+33 6 12 34 56 78.",
    ),
]


def _ids(cases: list[Case]) -> list[str]:
    return [f"{c.field}-{i}" for i, c in enumerate(cases)]


async def _both(
    client: AsyncClient, method: str, path: str, headers: dict[str, str], **sent: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    french = await client.request(method, path, headers=headers, **sent)
    english = await client.request(
        method, path, headers={**headers, "Accept-Language": "en"}, **sent
    )
    assert french.status_code == english.status_code == 400, french.text
    return french.json(), english.json()


def _check(french: dict[str, Any], english: dict[str, Any], field: str, fr: str, en: str) -> None:
    for answer in (french, english):
        assert answer["code"] == "invalid_input"
        assert answer["extra"]["field"] == field
    assert french["detail"] == f"Une donnée n'est pas valable : « {field} ». {fr}"
    assert english["detail"] == f"A value is not valid: '{field}'. {en}"
    assert not TECHNICAL.search(fr), fr
    assert not TECHNICAL.search(en), en


@pytest.mark.parametrize("case", ON_CREATE, ids=_ids(ON_CREATE))
async def test_a_refused_value_is_explained_in_plain_words_naming_the_field(
    client: AsyncClient, pool: Any, staff: Staff, case: Case
) -> None:
    before = await table_counts(pool)
    french, english = await _both(client, "POST", case.path, staff.organiser, json=case.body)
    _check(french, english, case.field, case.fr, case.en)
    assert await table_counts(pool) == before


async def test_an_unknown_field_is_named_with_the_fields_there_are(
    client: AsyncClient, pool: Any, staff: Staff
) -> None:
    before = await table_counts(pool)
    body = {**event_body("job_dating"), "colour": "rouge"}
    french, english = await _both(client, "POST", EVENTS, staff.organiser, json=body)
    assert french["code"] == "invalid_input"
    assert french["extra"]["field"] == "colour"
    assert french["detail"].startswith(
        "Une donnée n'est pas valable : « colour ». Champ inconnu : « colour ». Retirez-le. "
        "Les champs possibles : kind, title, starts_at, ends_at, timezone,"
    )
    assert english["detail"].startswith(
        "A value is not valid: 'colour'. 'colour' is an unknown field. Remove it. "
        "The possible fields: kind, title,"
    )
    assert await table_counts(pool) == before


async def test_a_change_to_the_details_lists_the_values_of_the_events_own_kind(
    client: AsyncClient, pool: Any, staff: Staff
) -> None:
    created = await make_event(client, staff.organiser, "e_forum")
    before = await stored_event(pool, created["id"])
    details = {**created["details"], "mode": "sport"}
    french, english = await _both(
        client, "PATCH", f"{EVENTS}/{created['id']}", staff.organiser, json={"details": details}
    )
    _check(
        french,
        english,
        "details.mode",
        "Le champ « mode » doit être l'une de ces valeurs : in_person, online, hybrid.",
        "The field 'mode' must be one of these values: in_person, online, hybrid.",
    )
    assert await stored_event(pool, created["id"]) == before


@pytest.mark.parametrize(
    ("query", "field", "fr", "en"),
    [
        (
            {"kind": "sport"},
            "kind",
            f"Le champ « format de la rencontre » doit être l'une de ces valeurs : {KINDS}.",
            f"The field 'kind of event' must be one of these values: {KINDS}.",
        ),
        (
            {"status": "archived"},
            "status",
            "Le champ « statut » doit être l'une de ces valeurs : draft, published, completed, "
            "cancelled.",
            "The field 'status' must be one of these values: draft, published, completed, "
            "cancelled.",
        ),
        (
            {"limit": "0"},
            "limit",
            "Le champ « nombre par page » doit valoir au moins 1.",
            "The field 'items per page' must be at least 1.",
        ),
        (
            {"limit": "beaucoup"},
            "limit",
            "Le champ « nombre par page » doit être un nombre entier, sans guillemets, par "
            "exemple 12.",
            "The field 'items per page' must be a whole number, without quotes, for example 12.",
        ),
    ],
)
async def test_a_refused_query_parameter_is_explained_in_plain_words(
    client: AsyncClient, staff: Staff, query: dict[str, str], field: str, fr: str, en: str
) -> None:
    french, english = await _both(client, "GET", EVENTS, staff.organiser, params=query)
    _check(french, english, field, fr, en)


async def test_a_rule_between_two_fields_is_explained_in_plain_words(
    client: AsyncClient, pool: Any, staff: Staff
) -> None:
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    company_id = await make_company(client, staff.organiser)
    before = await table_counts(pool)
    french, english = await _both(
        client,
        "POST",
        f"{EVENTS}/{event['id']}/registrations",
        staff.organiser,
        json={"candidate_id": candidate_id, "company_id": company_id},
    )
    _check(
        french,
        english,
        "candidate_id",
        "Indiquez soit une personne candidate (candidate_id), soit une entreprise (company_id) : "
        "l'une des deux, pas les deux.",
        "Give either a candidate (candidate_id) or a company (company_id): one of them, not both.",
    )
    assert await table_counts(pool) == before
