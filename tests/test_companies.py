"""Companies over HTTP: organisers register them for the company, staff find them by sector and
place, a recruiter sees only their own."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_admin, make_staff, unique
from tests.factories_directory import count, make_company, make_recruiter, make_siret, make_world

URL = "/api/v1/companies"


def company_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": unique("Boulangerie Ça Dépote"),
        "sector": "boulangerie",
        "city": "Saint-Étienne",
        "postcode": "42000",
        "siret": make_siret(),
        "contact": {
            "name": "Noël Lefèvre",
            "email": "rh+forum@example.fr",
            "phone": "04 77 12 34 56",
        },
    }
    body.update(overrides)
    return body


async def test_organiser_registers_a_company_for_it_with_their_organisation_recorded(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    body = company_body()
    response = await client.post(URL, json=body, headers=staff.organiser)
    assert response.status_code == 201
    company = response.json()
    assert company["name"] == body["name"] and company["contact"] == body["contact"]
    assert company["departement"] == "42" and company["siret"] == body["siret"]
    assert company["created_by_organisation_id"] == str(staff.organisation.id)
    row = await pool.fetchrow(
        "select created_by_organisation_id, contact_phone from companies where id = $1",
        company["id"],
    )
    assert row["created_by_organisation_id"] == staff.organisation.id
    assert row["contact_phone"] == "04 77 12 34 56"
    audit = await pool.fetchrow(
        "select action, actor_id, on_behalf_of from audit_log where subject_id = $1", company["id"]
    )
    assert audit["action"] == "company.create"
    assert audit["actor_id"] == staff.organiser_user.id
    assert str(audit["on_behalf_of"]) == company["id"]


async def test_short_form_without_siret_or_contact_details_is_enough(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    body = company_body(contact={"name": "Aïcha"})
    del body["siret"]
    response = await client.post(URL, json=body, headers=admin)
    assert response.status_code == 201
    assert response.json()["contact"] == {"name": "Aïcha"}
    assert "siret" not in response.json()
    assert "created_by_organisation_id" not in response.json()


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("coach_own", 403, "forbidden"),
        ("recruiter", 403, "forbidden"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
async def test_coaches_recruiters_and_strangers_cannot_register_companies(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int, code: str
) -> None:
    world = await make_world(pool, settings, client)
    body = company_body()
    response = await client.post(URL, json=body, headers=world.headers(who))
    assert response.status_code == status
    assert response.json()["code"] == code
    assert await count(pool, "companies", "name = $1", body["name"]) == 0


async def test_a_known_siret_is_refused_and_names_the_existing_company(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    first = await make_staff(pool, settings, client)
    second = await make_staff(pool, settings, client)
    siret = make_siret()
    created = await client.post(URL, json=company_body(siret=siret), headers=first.organiser)
    assert created.status_code == 201
    again = await client.post(URL, json=company_body(siret=siret), headers=second.organiser)
    assert again.status_code == 409
    assert again.json()["code"] == "siret_taken"
    assert again.json()["extra"]["company_id"] == created.json()["id"]
    assert await count(pool, "companies", "siret = $1", siret) == 1


LONG = "x" * 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"founded": 1990}, None),
        ({"name": 12}, "name"),
        ({"contact": "Camille"}, "contact"),
        ({"contact": {"name": "Camille", "role": "RH"}}, "contact.role"),
        ({"contact": {}}, "contact.name"),
        ({"name": LONG}, "name"),
        ({"sector": "s" * 81}, "sector"),
        ({"city": LONG}, "city"),
        ({"contact": {"name": LONG}}, "contact.name"),
        ({"contact": {"name": "C", "email": "a" * 250 + "@example.org"}}, "contact.email"),
        ({"contact": {"name": "C", "phone": "0" * 31}}, "contact.phone"),
        ({"name": "Chez\x00Nous"}, "name"),
        ({"sector": "bâtiment\x00"}, "sector"),
        ({"city": "\x00"}, "city"),
        ({"contact": {"name": "Ca\x00mille"}}, "contact.name"),
        ({"contact": {"name": "C", "email": "rh\x00@example.org"}}, "contact.email"),
        ({"postcode": "7500"}, "postcode"),
        ({"postcode": "75 001"}, "postcode"),
        ({"postcode": "ABCDE"}, "postcode"),
        ({"siret": "1234567890123"}, "siret"),
        ({"siret": "12345678901234"}, "siret"),
        ({"siret": "732 829 320 00074"}, "siret"),
        ({"contact": {"name": "C", "email": "not-an-address"}}, "contact.email"),
        ({"contact": {"name": "C", "phone": "call me"}}, "contact.phone"),
    ],
)
async def test_bad_company_input_is_refused_and_nothing_is_stored(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    overrides: dict[str, Any],
    field: str | None,
) -> None:
    staff = await make_staff(pool, settings, client)
    before = await count(pool, "companies")
    response = await client.post(URL, json=company_body(**overrides), headers=staff.organiser)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    if field is not None:
        assert response.json()["extra"]["field"] == field
    assert await count(pool, "companies") == before


async def test_missing_required_field_and_malformed_json_are_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    before = await count(pool, "companies")
    body = company_body()
    del body["postcode"]
    missing = await client.post(URL, json=body, headers=staff.organiser)
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid_input"
    assert "postcode" in missing.json()["detail"]
    malformed = await client.post(
        URL,
        content=b'{"name": "Chez Nous", "sector": ',
        headers={**staff.organiser, "Content-Type": "application/json"},
    )
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "malformed_body"
    assert await count(pool, "companies") == before


async def test_sql_metacharacters_are_stored_and_returned_verbatim(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    name = f"O'Brien'); drop table companies; -- {uuid4()}"
    contact = {"name": "Robert'); delete from users; --"}
    response = await client.post(
        URL, json=company_body(name=name, contact=contact), headers=staff.organiser
    )
    assert response.status_code == 201
    assert response.json()["name"] == name
    assert response.json()["contact"]["name"] == contact["name"]
    fetched = await client.get(f"{URL}/{response.json()['id']}", headers=staff.coach)
    assert fetched.json()["name"] == name
    assert await count(pool, "companies", "name = $1", name) == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("organiser_own", 200),
        ("organiser_other", 200),
        ("coach_own", 200),
        ("coach_other", 200),
        ("recruiter", 403),
        ("anonymous", 401),
    ],
)
async def test_staff_and_admins_list_every_company_recruiters_none(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int
) -> None:
    world = await make_world(pool, settings, client)
    company = await make_company(pool, name=unique("Listée"))
    response = await client.get(URL, params={"q": company.name}, headers=world.headers(who))
    assert response.status_code == status
    if status == 200:
        assert [item["id"] for item in response.json()["items"]] == [str(company.id)]
    else:
        assert response.json()["code"] == ("forbidden" if status == 403 else "not_authenticated")


async def test_companies_are_found_by_sector_postcode_and_departement(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    sector = unique("logistique")
    places = {
        "lyon": "69003",
        "villeurbanne": "69100",
        "ajaccio": "20090",
        "bastia": "20200",
        "saint-denis": "97400",
        "paris": "75011",
    }
    ids = {
        city: str((await make_company(pool, sector=sector, city=city, postcode=pc)).id)
        for city, pc in places.items()
    }
    await make_company(pool, sector=unique("bâtiment"), postcode="69003")

    async def found(**params: str) -> set[str]:
        response = await client.get(URL, params={"sector": sector, **params}, headers=staff.coach)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert await found() == set(ids.values())
    assert await found(sector=sector.upper()) == set(ids.values())
    assert await found(postcode="69") == {ids["lyon"], ids["villeurbanne"]}
    assert await found(postcode="6910") == {ids["villeurbanne"]}
    assert await found(departement="69") == {ids["lyon"], ids["villeurbanne"]}
    assert await found(departement="2A") == {ids["ajaccio"]}
    assert await found(departement="2B") == {ids["bastia"]}
    assert await found(departement="974") == {ids["saint-denis"]}
    assert await found(departement="75", postcode="75011") == {ids["paris"]}


@pytest.mark.parametrize(
    "params",
    [
        {"postcode": "69x"},
        {"postcode": "690031"},
        {"departement": "20"},
        {"departement": "99"},
        {"sector": "s" * 81},
        {"q": "a\x00b"},
        {"limit": 0},
    ],
)
async def test_bad_company_filters_are_refused(
    client: AsyncClient, pool: Any, settings: Settings, params: dict[str, Any]
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.get(URL, params=params, headers=staff.organiser)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


async def test_company_list_pages_follow_each_other_without_overlap(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    sector = unique("agriculture")
    made = {str((await make_company(pool, sector=sector)).id) for _ in range(5)}
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"sector": sector, "limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(URL, params=params, headers=staff.organiser)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 and set(seen) == made


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("organiser_own", 200),
        ("organiser_other", 200),
        ("coach_own", 200),
        ("coach_other", 200),
        ("recruiter", 200),
        ("anonymous", 401),
    ],
)
async def test_a_recruiters_own_company_is_visible_to_them_and_to_staff(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int
) -> None:
    world = await make_world(pool, settings, client)
    company = world.recruiter.company
    response = await client.get(f"{URL}/{company.id}", headers=world.headers(who))
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == company.name


async def test_a_recruiter_cannot_see_another_company(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    recruiter = await make_recruiter(pool, settings, client)
    other = await make_company(pool)
    response = await client.get(f"{URL}/{other.id}", headers=recruiter.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "company_not_found"
    assert other.name not in response.text
    unknown = await client.get(f"{URL}/{uuid4()}", headers=recruiter.headers)
    assert unknown.json() == response.json()


async def test_unknown_company_is_404_for_staff(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.get(f"{URL}/{uuid4()}", headers=staff.organiser)
    assert response.status_code == 404
    assert response.json()["code"] == "company_not_found"


async def test_two_organisers_racing_with_one_siret_make_one_company(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    first = await make_staff(pool, settings, client)
    second = await make_staff(pool, settings, client)
    siret = make_siret()
    responses = await asyncio.gather(
        *(
            client.post(URL, json=company_body(siret=siret), headers=staff.organiser)
            for staff in (first, second, first, second)
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"siret_taken"}
    assert await count(pool, "companies", "siret = $1", siret) == 1
