"""The back office's company pages over HTTP (``events.web.admin.companies``): the list and its
search, the registration form (every empty required field said at once, a SIRET checked by the
domain, one already registered linking to its company), one company's page; the refusals of
coaches, recruiters, a missing log-in and a missing CSRF token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import make_staff, unique
from tests.factories_directory import count, make_company, make_recruiter, make_siret
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def _organiser(
    pool: Any, settings: Settings, client: httpx.AsyncClient, http: httpx.AsyncClient
) -> Any:
    staff = await make_staff(pool, settings, client)
    await log_in(http, staff.organiser_user.email)
    return staff


def _form(**fields: str) -> dict[str, str]:
    return {
        "name": unique("Boulangerie L'Épi d'Or"),
        "sector": "Boulangerie",
        "city": "Saint-Étienne",
        "postcode": "42000",
        "siret": "",
        "contact.name": "Anne-Sophie N'Diaye",
        "contact.email": "rh+recrutement@example.org",
        "contact.phone": "06 12 34 56 78",
        **fields,
    }


async def _companies_named(pool: Any, name: str) -> list[Any]:
    return list(await pool.fetch("select * from companies where name = $1", name))


async def test_a_valid_form_registers_the_company_and_shows_its_page(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    siret = make_siret()
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"  # as printed on an invoice
    sent = _form(siret=spaced, csrf_token=await csrf_of(browser_like, "/admin/companies/new"))

    answer = await browser_like.post("/admin/companies", data=sent)

    assert answer.status_code == 303, answer.text
    found = re.fullmatch(
        r"/admin/companies/([0-9a-f-]{36})\?done=created", answer.headers["location"]
    )
    assert found is not None, answer.headers["location"]
    [row] = await _companies_named(pool, sent["name"])
    assert str(row["id"]) == found[1]
    assert (row["siret"], row["postcode"], row["departement"]) == (siret, "42000", "42")
    assert (row["contact_name"], row["contact_email"]) == (
        "Anne-Sophie N'Diaye",
        "rh+recrutement@example.org",
    )
    assert row["created_by_organisation_id"] == staff.organisation.id
    audit = await count(
        pool, "audit_log", "action = 'company.create' and subject_id = $1", row["id"]
    )
    assert audit == 1
    page = await browser_like.get(answer.headers["location"])
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    assert sent["name"] in words and "L'entreprise est enregistrée." in words
    assert siret in words and "42000 Saint-Étienne" in words
    assert 'href="mailto:rh+recrutement@example.org"' in page.text


async def test_every_empty_required_field_is_said_at_once_and_nothing_is_written(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)
    name = unique("Transports Ménard")
    sent = _form(
        name=name,
        sector="",
        city="",
        **{"contact.name": ""},
        csrf_token=await csrf_of(browser_like, "/admin/companies/new"),
    )

    answer = await browser_like.post("/admin/companies", data=sent)

    assert answer.status_code == 400, answer.text
    for name_of_field in ("sector", "city", "contact-name"):
        error = re.search(rf'<p class="error" id="error-{name_of_field}">([^<]+)</p>', answer.text)
        assert error is not None and error[1] == "Ce champ est obligatoire.", name_of_field
    assert 'aria-describedby="error-sector' in answer.text
    assert field(answer.text, "name") == name
    assert field(answer.text, "contact.phone") == "06 12 34 56 78"
    assert await _companies_named(pool, name) == []


@pytest.mark.parametrize(
    ("siret", "said"),
    [
        ("12345678901234", "Ce numéro SIRET n'existe pas"),
        ("1234", "14 chiffres"),
    ],
)
async def test_a_wrong_siret_is_refused_by_the_domain_next_to_its_field(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    siret: str,
    said: str,
) -> None:
    await _organiser(pool, settings, client, browser_like)
    sent = _form(siret=siret, csrf_token=await csrf_of(browser_like, "/admin/companies/new"))

    answer = await browser_like.post("/admin/companies", data=sent)

    assert answer.status_code == 400
    error = re.search(r'<p class="error" id="error-siret">([^<]+)</p>', answer.text)
    assert error is not None and said in text_of(error[1])
    assert await _companies_named(pool, sent["name"]) == []


async def test_a_siret_already_registered_links_to_the_company_that_holds_it(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)
    holder = await make_company(pool, siret=make_siret())
    assert holder.siret is not None
    sent = _form(siret=holder.siret, csrf_token=await csrf_of(browser_like, "/admin/companies/new"))

    answer = await browser_like.post("/admin/companies?lang=en", data=sent)

    assert answer.status_code == 400
    assert "A company is already registered with this SIRET number." in text_of(answer.text)
    assert f'href="/admin/companies/{holder.id}?lang=en"' in answer.text
    assert await _companies_named(pool, sent["name"]) == []


async def test_the_list_finds_companies_by_name_sector_and_postcode_start(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)
    tag = unique("Zébulon")
    lyon = await make_company(pool, name=f"{tag} Lyon", sector="Logistique", postcode="69007")
    paris = await make_company(pool, name=f"{tag} Paris", sector="Hôtellerie", postcode="75011")

    by_name = await browser_like.get("/admin/companies", params={"q": tag})
    by_sector = await browser_like.get(
        "/admin/companies", params={"q": tag, "sector": "logistique", "postcode": ""}
    )
    by_postcode = await browser_like.get("/admin/companies", params={"q": tag, "postcode": "75"})
    nothing = await browser_like.get("/admin/companies", params={"q": tag, "postcode": "13"})

    assert [r.status_code for r in (by_name, by_sector, by_postcode, nothing)] == [200] * 4
    assert lyon.name in by_name.text and paris.name in by_name.text
    assert f'href="/admin/companies/{lyon.id}"' in by_name.text
    assert lyon.name in by_sector.text and paris.name not in by_sector.text
    assert paris.name in by_postcode.text and lyon.name not in by_postcode.text
    assert "Aucune entreprise ne correspond à cette recherche." in text_of(nothing.text)
    assert field(by_postcode.text, "q") == tag


async def test_a_postcode_start_that_is_not_digits_is_said_next_to_its_field(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)

    answer = await browser_like.get("/admin/companies", params={"postcode": "Lyon"})

    assert answer.status_code == 400
    error = re.search(r'<p class="error" id="error-postcode">([^<]+)</p>', answer.text)
    assert error is not None and "chiffres" in error[1]


async def test_an_unknown_company_is_a_404_page(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)

    answer = await browser_like.get("/admin/companies/00000000-0000-4000-8000-000000000000")

    assert answer.status_code == 404
    assert error_code(answer) == "company_not_found"


@pytest.mark.parametrize("who", ["recruiter", "coach"])
async def test_recruiters_and_coaches_are_refused_and_write_nothing(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    who: str,
) -> None:
    staff = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client)
    email = staff.coach_user.email if who == "coach" else recruiter.user.email
    await log_in(browser_like, email)
    for path in (
        "/admin/companies",
        "/admin/companies/new",
        f"/admin/companies/{recruiter.company.id}",
    ):
        answer = await browser_like.get(path)
        assert answer.status_code == 403, path
        assert error_code(answer) == "forbidden"
    token = field((await browser_like.get("/login")).text, "csrf_token")
    sent = _form(csrf_token=token)
    answer = await browser_like.post("/admin/companies", data=sent)
    assert answer.status_code == 403
    assert await _companies_named(pool, sent["name"]) == []


async def test_without_log_in_or_csrf_token_nothing_is_written(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    page = await browser_like.get("/admin/companies")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=")
    await _organiser(pool, settings, client, browser_like)
    await csrf_of(browser_like, "/admin/companies")  # the cookie; the forged form lacks it
    sent = _form(csrf_token="x" * 43)

    answer = await browser_like.post("/admin/companies", data=sent)

    assert answer.status_code == 403
    assert error_code(answer) == "csrf_failed"
    assert await _companies_named(pool, sent["name"]) == []
