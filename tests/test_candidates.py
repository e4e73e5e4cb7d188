"""Candidates over HTTP: registered by their organisation's staff (often for them), found by
name, their social situation shown to that staff only and never reachable by recruiters."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_admin, make_staff
from tests.factories_directory import count, make_candidate, make_recruiter, make_world
from tests.factories_registrations import make_published_event, register

URL = "/api/v1/candidates"
PRIVATE = {
    "refugee_status": "refugee",
    "benefits": ["rsa", "cej"],
    "rqth": True,
    "disability_notes": "Pas de port de charges lourdes.",
    "housing": "emergency_shelter",
    "qpv": True,
    "health_notes": "Suivi médical le mardi matin.",
    "justice": False,
    "other_barriers": "Apprend le français (A2), pas de permis.",
    "birth_year": 1987,
    "gender": "woman",
    "diploma_level": "none",
}


async def followed(client: AsyncClient, organiser: dict[str, str], candidate_id: Any) -> None:
    """Registers the candidate to a job dating of the organiser's organisation, so that its
    coaches follow them (a coach reads and changes only the candidates of their events)."""
    event = await make_published_event(client, organiser)
    await register(client, organiser, event["id"], candidate_id=str(candidate_id))


async def candidates_of(pool: Any, organisation_id: UUID) -> int:
    return await count(pool, "candidates", "organisation_id = $1", organisation_id)


async def private_rows_of(pool: Any, organisation_id: UUID) -> int:
    return await count(
        pool,
        "candidate_private p join candidates c on c.id = p.candidate_id",
        "c.organisation_id = $1",
        organisation_id,
    )


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("Zoé", "N'Diaye-Lefèvre"), ("Ana-María", "O'Brien"), ("Đorđe", "Łukasiewicz")],
)
async def test_coach_registers_a_candidate_with_a_real_name_and_no_contact(
    client: AsyncClient, pool: Any, settings: Settings, first_name: str, last_name: str
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.post(
        URL, json={"first_name": first_name, "last_name": last_name}, headers=staff.coach
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["first_name"], body["last_name"]) == (first_name, last_name)
    assert body["email"] is None and body["phone"] is None
    assert body["organisation_id"] == str(staff.organisation.id)
    row = await pool.fetchrow(
        "select first_name, last_name, created_by from candidates where id = $1", body["id"]
    )
    assert (row["first_name"], row["last_name"]) == (first_name, last_name)
    assert row["created_by"] == staff.coach_user.id


async def test_registration_keeps_the_social_situation_apart_and_audits_without_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.post(
        URL,
        json={
            "first_name": "Amadou",
            "last_name": "Diallo",
            "email": "amadou.diallo+rencontres@example.fr",
            "phone": "+33 6 12 34 56 78",
            "city": "Villeurbanne",
            "postcode": "69100",
            "private": PRIVATE,
        },
        headers=staff.organiser,
    )
    assert response.status_code == 201
    candidate_id = response.json()["id"]
    assert response.json()["private"] == PRIVATE
    stored = await pool.fetchval(
        "select data from candidate_private where candidate_id = $1", candidate_id
    )
    assert stored == PRIVATE
    audit = await pool.fetchrow(
        "select action, actor_id, actor_role, on_behalf_of, data::text as data from audit_log"
        " where subject_type = 'candidate' and subject_id = $1",
        candidate_id,
    )
    assert audit["action"] == "candidate.create"
    assert audit["actor_id"] == staff.organiser_user.id and audit["actor_role"] == "organiser"
    assert str(audit["on_behalf_of"]) == candidate_id
    assert "health_notes" in audit["data"]
    assert "mardi" not in audit["data"] and "Diallo" not in audit["data"]


async def test_without_private_data_staff_see_an_empty_situation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.post(
        URL, json={"first_name": "Léa", "last_name": "Martin"}, headers=staff.coach
    )
    assert response.status_code == 201
    assert set(response.json()["private"]) == set(PRIVATE)
    assert all(value is None for value in response.json()["private"].values())
    assert await private_rows_of(pool, staff.organisation.id) == 0


async def test_a_candidate_reads_french_unless_english_is_chosen(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    french = await client.post(
        URL, json={"first_name": "Léa", "last_name": "Martin"}, headers=staff.coach
    )
    english = await client.post(
        URL,
        json={"first_name": "Samuel", "last_name": "Okafor", "language": "en"},
        headers=staff.coach,
    )
    assert (french.status_code, english.status_code) == (201, 201)
    assert (french.json()["language"], english.json()["language"]) == ("fr", "en")
    stored = await pool.fetch(
        "select id::text, language from candidates where organisation_id = $1",
        staff.organisation.id,
    )
    assert {r["id"]: r["language"] for r in stored} == {
        french.json()["id"]: "fr",
        english.json()["id"]: "en",
    }
    listed = await client.get(URL, params={"q": "okafor"}, headers=staff.organiser)
    assert [item["language"] for item in listed.json()["items"]] == ["en"]


async def test_patch_changes_the_language_alone_and_records_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id, city="Lyon")
    await followed(client, staff.organiser, candidate.id)
    assert candidate.language == "fr"
    response = await client.patch(
        f"{URL}/{candidate.id}", json={"language": "en"}, headers=staff.coach
    )
    assert response.status_code == 200, response.text
    assert (response.json()["language"], response.json()["city"]) == ("en", "Lyon")
    stored = await pool.fetchrow(
        "select language, city, last_name from candidates where id = $1", candidate.id
    )
    assert tuple(stored) == ("en", "Lyon", candidate.last_name)
    audit = await pool.fetchval(
        "select data from audit_log where subject_id = $1 and action = 'candidate.update'",
        candidate.id,
    )
    assert audit == {"fields": ["language"], "private_fields": []}


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("recruiter", 403, "forbidden"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
async def test_recruiters_and_strangers_cannot_register_candidates(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int, code: str
) -> None:
    world = await make_world(pool, settings, client)
    before = await count(pool, "candidates")
    response = await client.post(
        URL,
        json={
            "first_name": "Léa",
            "last_name": "Martin",
            "organisation_id": str(world.own.organisation.id),
        },
        headers=world.headers(who),
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert await count(pool, "candidates") == before


async def test_staff_cannot_register_a_candidate_into_another_organisation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    body = {
        "first_name": "Léa",
        "last_name": "Martin",
        "organisation_id": str(world.own.organisation.id),
    }
    for who in ("organiser_other", "coach_other"):
        response = await client.post(URL, json=body, headers=world.headers(who))
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert await candidates_of(pool, world.own.organisation.id) == 0
    assert await candidates_of(pool, world.other.organisation.id) == 0
    own = await client.post(URL, json=body, headers=world.own.organiser)
    assert own.status_code == 201


async def test_admin_must_say_which_organisation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    before = await count(pool, "candidates")
    body: dict[str, Any] = {"first_name": "Léa", "last_name": "Martin"}
    missing = await client.post(URL, json=body, headers=world.admin)
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid_input"
    assert missing.json()["extra"]["field"] == "organisation_id"
    unknown = await client.post(
        URL, json={**body, "organisation_id": str(uuid4())}, headers=world.admin
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "organisation_not_found"
    assert await count(pool, "candidates") == before
    named = await client.post(
        URL, json={**body, "organisation_id": str(world.own.organisation.id)}, headers=world.admin
    )
    assert named.status_code == 201
    assert named.json()["organisation_id"] == str(world.own.organisation.id)


LONG_NAME = "x" * 201
LONG_NOTE = "y" * 2001


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nickname": "Zozo"}, None),
        ({"first_name": 7}, "first_name"),
        ({"private": "refugee"}, "private"),
        ({"private": {"rqth": "yes"}}, "private.rqth"),
        ({"private": {"benefits": "rsa"}}, "private.benefits"),
        ({"private": {"religion": "x"}}, "private.religion"),
        ({"private": {"refugee_status": "illegal"}}, "private.refugee_status"),
        ({"private": {"benefits": ["rsa", "rsa"]}}, "private.benefits"),
        ({"private": {"benefits": ["rsa", "lottery"]}}, "private.benefits[1]"),
        ({"first_name": LONG_NAME}, "first_name"),
        ({"last_name": LONG_NAME}, "last_name"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"phone": "0" * 31}, "phone"),
        ({"city": LONG_NAME}, "city"),
        ({"private": {"disability_notes": LONG_NOTE}}, "private.disability_notes"),
        ({"private": {"health_notes": LONG_NOTE}}, "private.health_notes"),
        ({"private": {"other_barriers": LONG_NOTE}}, "private.other_barriers"),
        ({"first_name": "Zo\x00é"}, "first_name"),
        ({"last_name": "\x00"}, "last_name"),
        ({"email": "zoe\x00@example.org"}, "email"),
        ({"phone": "06\x0012345678"}, "phone"),
        ({"city": "Lyon\x00"}, "city"),
        ({"private": {"health_notes": "a\x00b"}}, "private.health_notes"),
        ({"private": {"disability_notes": "\x00"}}, "private.disability_notes"),
        ({"private": {"other_barriers": "\x00"}}, "private.other_barriers"),
        ({"first_name": "  "}, "first_name"),
        ({"postcode": "6900"}, "postcode"),
        ({"postcode": "F-69000"}, "postcode"),
        ({"email": "zoe@"}, "email"),
        ({"email": "zoe example.org"}, "email"),
        ({"phone": "appelez-moi"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"organisation_id": "not-a-uuid"}, "organisation_id"),
        ({"language": "de"}, "language"),
        ({"language": "EN"}, "language"),
        ({"language": None}, "language"),
    ],
)
async def test_bad_candidate_input_is_refused_and_nothing_is_stored(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    body: dict[str, Any],
    field: str | None,
) -> None:
    staff = await make_staff(pool, settings, client)
    full = {"first_name": "Zoé", "last_name": "N'Diaye", **body}
    response = await client.post(URL, json=full, headers=staff.organiser)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    if field is not None:
        assert response.json()["extra"]["field"] == field
    assert await candidates_of(pool, staff.organisation.id) == 0
    assert await private_rows_of(pool, staff.organisation.id) == 0


async def test_missing_name_and_malformed_json_are_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    missing = await client.post(URL, json={"first_name": "Zoé"}, headers=staff.coach)
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid_input"
    assert "last_name" in missing.json()["detail"]
    malformed = await client.post(
        URL,
        content=b'{"first_name": "Zo\xc3\xa9", "last_name": "N\'Di',
        headers={**staff.coach, "Content-Type": "application/json"},
    )
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "malformed_body"
    assert await candidates_of(pool, staff.organisation.id) == 0


async def test_sql_metacharacters_come_back_identical(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    last_name = "O'Brien'); drop table candidates; --"
    notes = "'; update candidate_private set data = '{}'; --"
    created = await client.post(
        URL,
        json={
            "first_name": "Robert",
            "last_name": last_name,
            "private": {"other_barriers": notes},
        },
        headers=staff.organiser,
    )
    assert created.status_code == 201
    await followed(client, staff.organiser, created.json()["id"])
    fetched = await client.get(f"{URL}/{created.json()['id']}", headers=staff.coach)
    assert fetched.json()["last_name"] == last_name
    assert fetched.json()["private"]["other_barriers"] == notes
    listed = await client.get(URL, params={"q": "O'Brien'); drop"}, headers=staff.coach)
    assert [item["last_name"] for item in listed.json()["items"]] == [last_name]
    assert await pool.fetchval("select to_regclass('candidates')") is not None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("organiser_own", 200),
        ("coach_own", 200),
        ("organiser_other", 404),
        ("coach_other", 404),
        ("recruiter", 404),
        ("anonymous", 401),
    ],
)
async def test_one_candidate_with_private_data_is_seen_by_their_staff_only(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int
) -> None:
    world = await make_world(pool, settings, client)
    candidate = await make_candidate(
        pool, organisation_id=world.own.organisation.id, private=PRIVATE
    )
    await followed(client, world.own.organiser, candidate.id)
    response = await client.get(f"{URL}/{candidate.id}", headers=world.headers(who))
    assert response.status_code == status
    if status == 200:
        assert response.json()["private"] == PRIVATE
        assert response.json()["last_name"] == candidate.last_name
    else:
        # Neither the identity nor the situation leaks into a refusal.
        assert "private" not in response.text
        assert candidate.last_name not in response.text
        assert "mardi" not in response.text
    if status == 404:
        assert response.json()["code"] == "candidate_not_found"


async def test_a_recruiter_gets_the_same_answer_for_a_real_and_an_unknown_candidate(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id, private=PRIVATE)
    real = await client.get(f"{URL}/{candidate.id}", headers=recruiter.headers)
    unknown = await client.get(f"{URL}/{uuid4()}", headers=recruiter.headers)
    assert real.status_code == unknown.status_code == 404
    assert real.json() == unknown.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("organiser_own", 200),
        ("coach_own", 200),
        ("organiser_other", 200),
        ("coach_other", 200),
        ("recruiter", 403),
        ("anonymous", 401),
    ],
)
async def test_the_list_shows_only_the_callers_organisation_and_no_private_data(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int
) -> None:
    world = await make_world(pool, settings, client)
    candidate = await make_candidate(
        pool, organisation_id=world.own.organisation.id, private=PRIVATE
    )
    response = await client.get(URL, params={"q": candidate.last_name}, headers=world.headers(who))
    assert response.status_code == status
    if status != 200:
        assert response.json()["code"] == ("forbidden" if status == 403 else "not_authenticated")
        return
    ids = [item["id"] for item in response.json()["items"]]
    visible = who in ("admin", "organiser_own", "coach_own")
    assert ids == ([str(candidate.id)] if visible else [])
    assert "private" not in response.text and "mardi" not in response.text


async def test_search_ignores_case_accents_punctuation_and_name_order(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    org = staff.organisation.id
    zoe = await make_candidate(
        pool, organisation_id=org, first_name="Zoé", last_name="N'Diaye-Lefèvre"
    )
    ana = await make_candidate(
        pool, organisation_id=org, first_name="Ana-María", last_name="O'Brien"
    )
    other = await make_staff(pool, settings, client)
    await make_candidate(
        pool, organisation_id=other.organisation.id, first_name="Zoé", last_name="N'Diaye-Lefèvre"
    )

    async def found(q: str) -> list[str]:
        response = await client.get(URL, params={"q": q}, headers=staff.coach)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    for q in (
        "zoe",
        "ZOÉ",
        "ndiaye",
        "N\u2019Diaye",
        "n diaye lefevre",
        "lefèvre zoé",
        "Zoé N'Diaye",
    ):
        assert await found(q) == [str(zoe.id)], q
    for q in ("maria", "ana maria o'brien", "OBRIEN"):
        assert await found(q) == [str(ana.id)], q
    assert await found("dupont") == []
    assert sorted(await found("'")) == sorted([str(zoe.id), str(ana.id)])


async def test_candidate_pages_follow_each_other_by_last_name(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    org = staff.organisation.id
    names = ["Bernard", "Abdi", "Chevalier", "Abdi", "Durand"]
    made = [await make_candidate(pool, organisation_id=org, last_name=n) for n in names]
    seen: list[dict[str, Any]] = []
    cursor = None
    for _ in range(5):
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(URL, params=params, headers=staff.organiser)).json()
        assert len(page["items"]) <= 2
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert "Abdi" not in cursor and "Bernard" not in cursor
    assert sorted(item["id"] for item in seen) == sorted(str(c.id) for c in made)
    assert [item["last_name"] for item in seen] == sorted(names)


async def test_admin_lists_one_organisations_candidates_and_staff_cannot_ask_for_another(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    own = await make_candidate(pool, organisation_id=world.own.organisation.id)
    await make_candidate(pool, organisation_id=world.other.organisation.id)
    by_admin = await client.get(
        URL, params={"organisation_id": str(world.own.organisation.id)}, headers=world.admin
    )
    assert [item["id"] for item in by_admin.json()["items"]] == [str(own.id)]
    prying = await client.get(
        URL, params={"organisation_id": str(world.own.organisation.id)}, headers=world.other.coach
    )
    assert prying.status_code == 403
    assert prying.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 0}, "invalid_input"),
        ({"limit": 500}, "invalid_input"),
        ({"cursor": "bm90IGEgY3Vyc29y"}, "invalid_cursor"),
        ({"cursor": "%%%"}, "invalid_cursor"),
        ({"q": "x" * 201}, "invalid_input"),
        ({"q": "a\x00b"}, "invalid_input"),
        ({"organisation_id": "nope"}, "invalid_input"),
    ],
)
async def test_bad_candidate_list_parameters_are_refused(
    client: AsyncClient, pool: Any, settings: Settings, params: dict[str, Any], code: str
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.get(URL, params=params, headers=staff.organiser)
    assert response.status_code == 400
    assert response.json()["code"] == code


async def test_patch_changes_only_what_is_given_and_merges_the_situation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(
        pool,
        organisation_id=staff.organisation.id,
        email="zoe@example.org",
        city="Lyon",
        private={"rqth": True, "housing": "homeless", "benefits": ["rsa"]},
    )
    await followed(client, staff.organiser, candidate.id)
    response = await client.patch(
        f"{URL}/{candidate.id}",
        json={
            "last_name": "Lefèvre",
            "email": None,
            "phone": "07 00 00 00 00",
            "private": {"housing": "temporary", "rqth": None, "qpv": True},
        },
        headers=staff.coach,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["first_name"] == "Zoé" and body["last_name"] == "Lefèvre"
    assert body["email"] is None and body["phone"] == "07 00 00 00 00" and body["city"] == "Lyon"
    assert body["updated_at"] > candidate.updated_at.isoformat().replace("+00:00", "Z")
    stored = await pool.fetchval(
        "select data from candidate_private where candidate_id = $1", candidate.id
    )
    assert stored == {"housing": "temporary", "qpv": True, "benefits": ["rsa"]}
    found = await client.get(URL, params={"q": "lefevre"}, headers=staff.coach)
    assert [item["id"] for item in found.json()["items"]] == [str(candidate.id)]
    audit = await pool.fetchrow(
        "select actor_id, on_behalf_of, data from audit_log"
        " where subject_id = $1 and action = 'candidate.update'",
        candidate.id,
    )
    assert audit["actor_id"] == staff.coach_user.id
    assert audit["on_behalf_of"] == candidate.id
    assert audit["data"] == {
        "fields": ["email", "last_name", "phone"],
        "private_fields": ["housing", "qpv", "rqth"],
    }


async def test_patch_with_private_null_erases_the_whole_situation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id, private=PRIVATE)
    response = await client.patch(
        f"{URL}/{candidate.id}", json={"private": None}, headers=staff.organiser
    )
    assert response.status_code == 200
    assert all(value is None for value in response.json()["private"].values())
    assert await private_rows_of(pool, staff.organisation.id) == 0


async def test_patch_can_add_a_situation_to_a_candidate_without_one(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id)
    await followed(client, staff.organiser, candidate.id)
    response = await client.patch(
        f"{URL}/{candidate.id}",
        json={"private": {"refugee_status": "asylum_seeker"}},
        headers=staff.coach,
    )
    assert response.status_code == 200
    assert response.json()["private"]["refugee_status"] == "asylum_seeker"
    assert await private_rows_of(pool, staff.organisation.id) == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("organiser_own", 200),
        ("coach_own", 200),
        ("organiser_other", 404),
        ("coach_other", 404),
        ("recruiter", 404),
        ("anonymous", 401),
    ],
)
async def test_only_the_candidates_staff_and_admins_can_change_them(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int
) -> None:
    world = await make_world(pool, settings, client)
    candidate = await make_candidate(
        pool, organisation_id=world.own.organisation.id, private={"rqth": True}
    )
    await followed(client, world.own.organiser, candidate.id)
    response = await client.patch(
        f"{URL}/{candidate.id}",
        json={"last_name": "Changé", "private": {"rqth": False}},
        headers=world.headers(who),
    )
    assert response.status_code == status
    row = await pool.fetchrow(
        "select c.last_name, p.data from candidates c"
        " join candidate_private p on p.candidate_id = c.id where c.id = $1",
        candidate.id,
    )
    if status == 200:
        assert (row["last_name"], row["data"]) == ("Changé", {"rqth": False})
    else:
        assert (row["last_name"], row["data"]) == (candidate.last_name, {"rqth": True})
        assert await count(pool, "audit_log", "subject_id = $1", candidate.id) == 1
    if status == 404:
        assert response.json()["code"] == "candidate_not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nickname": "Zozo"}, None),
        ({"organisation_id": str(uuid4())}, None),
        ({"first_name": None}, "first_name"),
        ({"last_name": 3}, "last_name"),
        ({"last_name": "x" * 201}, "last_name"),
        ({"city": "x" * 201}, "city"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"last_name": "Le\x00fèvre"}, "last_name"),
        ({"city": "\x00"}, "city"),
        ({"postcode": "123"}, "postcode"),
        ({"phone": "+33 six"}, "phone"),
        ({"email": "@example.org"}, "email"),
        ({"private": {"housing": "castle"}}, "private.housing"),
        ({"private": {"salary": 2000}}, "private.salary"),
        ({"private": {"health_notes": "z" * 2001}}, "private.health_notes"),
        ({"private": {"health_notes": "\x00"}}, "private.health_notes"),
        ({"language": "es"}, "language"),
        ({"language": None}, "language"),
    ],
)
async def test_bad_patch_is_refused_and_the_candidate_is_unchanged(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    body: dict[str, Any],
    field: str | None,
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(
        pool, organisation_id=staff.organisation.id, city="Lyon", private={"housing": "homeless"}
    )
    response = await client.patch(f"{URL}/{candidate.id}", json=body, headers=staff.organiser)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    if field is not None:
        assert response.json()["extra"]["field"] == field
    after = await client.get(f"{URL}/{candidate.id}", headers=staff.organiser)
    assert after.json()["last_name"] == candidate.last_name
    assert after.json()["city"] == "Lyon"
    assert after.json()["updated_at"] == candidate.updated_at.isoformat().replace("+00:00", "Z")
    assert after.json()["private"]["housing"] == "homeless"
    assert after.json()["language"] == "fr"
    assert await count(pool, "audit_log", "subject_id = $1", candidate.id) == 1


async def test_malformed_patch_is_refused_and_the_candidate_is_unchanged(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id)
    response = await client.patch(
        f"{URL}/{candidate.id}",
        content=b'{"last_name": ',
        headers={**staff.organiser, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"
    assert (
        await pool.fetchval("select last_name from candidates where id = $1", candidate.id)
        == candidate.last_name
    )


async def test_patch_of_an_unknown_candidate_is_404(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    response = await client.patch(f"{URL}/{uuid4()}", json={"city": "Lyon"}, headers=admin)
    assert response.status_code == 404
    assert response.json()["code"] == "candidate_not_found"


async def test_empty_patch_changes_nothing_and_records_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id)
    await followed(client, staff.organiser, candidate.id)
    response = await client.patch(f"{URL}/{candidate.id}", json={}, headers=staff.coach)
    assert response.status_code == 200
    assert response.json()["updated_at"] == candidate.updated_at.isoformat().replace("+00:00", "Z")
    assert await count(pool, "audit_log", "subject_id = $1", candidate.id) == 1


async def test_concurrent_changes_to_different_fields_are_all_kept(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate = await make_candidate(pool, organisation_id=staff.organisation.id)
    await followed(client, staff.organiser, candidate.id)
    changes = [
        {"email": "zoe@example.org"},
        {"city": "Vénissieux"},
        {"phone": "06 11 22 33 44"},
        {"postcode": "69200"},
        {"private": {"qpv": True}},
        {"private": {"housing": "temporary"}},
    ]
    responses = await asyncio.gather(
        *(
            client.patch(f"{URL}/{candidate.id}", json=change, headers=staff.coach)
            for change in changes
        )
    )
    assert [r.status_code for r in responses] == [200] * len(changes)
    final = (await client.get(f"{URL}/{candidate.id}", headers=staff.organiser)).json()
    assert (final["email"], final["city"], final["phone"], final["postcode"]) == (
        "zoe@example.org",
        "Vénissieux",
        "06 11 22 33 44",
        "69200",
    )
    assert (final["private"]["qpv"], final["private"]["housing"]) == (True, "temporary")
    assert await count(pool, "audit_log", "subject_id = $1", candidate.id) == 1 + len(changes)
