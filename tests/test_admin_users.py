"""The back office's account pages over HTTP (``events/web/admin/users.py``): the list of the
accounts one looks after, the creation form (only the roles one may open; the welcome mail), the
reset link and the deactivation (after a confirmation, ending the person's open browser session
at its next request); CSRF on every form; coaches and recruiters refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import make_admin, make_staff, make_user, unique
from tests.factories_directory import make_recruiter
from tests.factories_passwords import partner_company
from tests.factories_state import table_counts
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


def email() -> str:
    return f"{unique('compte')}@example.org"


async def mails_of(pool: Any, user_id: Any) -> list[str]:
    rows = await pool.fetch(
        "select kind from outbox where user_id = $1 and password_link_id is not null"
        " order by created_at",
        UUID(str(user_id)),
    )
    return [r["kind"] for r in rows]


# --- the list --------------------------------------------------------------------------------


async def test_an_organiser_sees_their_accounts_and_their_partners_recruiters(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    partner = await make_recruiter(
        pool, settings, client, company_id=UUID(await partner_company(client, staff))
    )
    stranger = await make_recruiter(pool, settings, client)
    await log_in(browser_like, staff.organiser_user.email)

    page = await browser_like.get("/admin/users")
    assert page.status_code == 200, page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    words = text_of(page.text)
    for user in (staff.organiser_user, staff.coach_user, partner.user):
        assert user.email in words
    for user in (other.organiser_user, stranger.user):
        assert user.email not in words
    row = text_of(page.text.split(f'id="user-{partner.user.id}"')[1].split("</tr>")[0])
    assert partner.company.name in row and "Recruteur" in row and "Actif" in row
    assert "Jamais" not in row, "the recruiter logged in: their last log-in is shown"
    assert "<caption>Liste des comptes</caption>" in page.text
    coaches = await browser_like.get("/admin/users", params={"role": "coach"})
    assert staff.coach_user.email in coaches.text and partner.user.email not in coaches.text
    english = await browser_like.get("/admin/users", params={"lang": "en"})
    assert "List of accounts" in english.text and "Recruiter" in english.text


@pytest.mark.parametrize("who", ["coach", "recruiter"])
async def test_coaches_and_recruiters_are_refused_the_account_pages(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    who: str,
) -> None:
    staff = await make_staff(pool, settings, client)
    if who == "coach":
        await log_in(browser_like, staff.coach_user.email)
    else:
        await log_in(browser_like, (await make_recruiter(pool, settings, client)).user.email)
    target = staff.organiser_user.id
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{target}/deactivate"):
        answer = await browser_like.get(path)
        assert answer.status_code == 403, path
        assert error_code(answer) == "forbidden"
    token = field((await browser_like.get("/login")).text, "csrf_token")
    before = await table_counts(pool)
    for path in (
        "/admin/users",
        f"/admin/users/{target}/password-reset",
        f"/admin/users/{target}/deactivate",
    ):
        answer = await browser_like.post(
            path, data={"csrf_token": token, "email": email(), "role": "coach"}
        )
        assert answer.status_code == 403, path
        assert error_code(answer) == "forbidden"
    assert await table_counts(pool) == before


async def test_without_a_log_in_the_pages_send_the_browser_to_the_log_in_form(
    browser_like: httpx.AsyncClient,
) -> None:
    answer = await browser_like.get("/admin/users")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=%2Fadmin%2Fusers")


async def test_every_form_without_its_csrf_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    await log_in(browser_like, staff.organiser_user.email)
    await csrf_of(browser_like, "/admin/users")
    target = staff.coach_user.id
    before = await table_counts(pool)
    for path in (
        "/admin/users",
        f"/admin/users/{target}/password-reset",
        f"/admin/users/{target}/deactivate",
    ):
        for data in (
            {"email": email(), "role": "coach"},
            {"csrf_token": "x" * 43, "role": "coach"},
        ):
            answer = await browser_like.post(path, data=data)
            assert answer.status_code == 403, path
            assert error_code(answer) == "csrf_failed"
    assert await table_counts(pool) == before


# --- creating an account ------------------------------------------------------------------------


async def test_the_form_offers_only_the_roles_one_may_open(
    client: httpx.AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    staff = await make_staff(pool, settings, client)
    admin = await make_user(pool, settings, role="admin")
    async with client_of(app) as organiser, client_of(app) as administrator:
        await log_in(organiser, staff.organiser_user.email)
        await log_in(administrator, admin.email)
        mine = await organiser.get("/admin/users/new")
        theirs = await administrator.get("/admin/users/new")
    assert mine.status_code == theirs.status_code == 200
    radios = 'type="radio" name="role" value="{}"'
    for role in ("organiser", "coach", "recruiter"):
        assert radios.format(role) in mine.text and radios.format(role) in theirs.text
    assert radios.format("admin") not in mine.text and radios.format("admin") in theirs.text
    assert 'name="organisation_id"' not in mine.text, "an organiser's accounts are of their own"
    assert 'name="organisation_id"' in theirs.text
    assert 'name="company_id"' in mine.text
    assert "<label" in mine.text and 'for="f-email"' in mine.text


async def test_an_organiser_opens_a_recruiter_account_which_is_mailed_its_welcome(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    company_id = await partner_company(client, staff)
    await log_in(browser_like, staff.organiser_user.email)
    address = email()
    token = await csrf_of(browser_like, "/admin/users/new")
    answer = await browser_like.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "name": "Inès Ferreira",
            "email": address,
            "role": "recruiter",
            "company_id": company_id,
            "organisation_id": str(staff.organisation.id),  # not a recruiter's: left aside
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/admin/users?done=created"
    user = await pool.fetchrow(
        "select id, name, role, company_id, organisation_id from users where email = $1", address
    )
    assert (user["name"], user["role"], str(user["company_id"]), user["organisation_id"]) == (
        "Inès Ferreira",
        "recruiter",
        company_id,
        None,
    )
    assert await mails_of(pool, user["id"]) == ["account_welcome"]
    listed = await browser_like.get(answer.headers["location"])
    assert "Un message de bienvenue vient de partir" in text_of(listed.text)
    assert address in listed.text


@pytest.mark.parametrize(
    ("fields", "where", "words"),
    [
        ({"email": "pas-une-adresse"}, "email", "doit être une adresse e-mail"),
        ({"email": "TAKEN"}, "email", "Cette adresse e-mail a déjà un compte."),
        ({"role": ""}, "role", "Choisissez un rôle."),
        ({"role": "recruiter"}, "company_id", "Un compte recruteur appartient à une entreprise."),
        ({"role": "recruiter", "company_id": "STRANGER"}, "company_id", "inscrite à l'une de vos"),
    ],
)
async def test_a_refused_account_is_shown_again_with_the_error_next_to_its_field(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    fields: dict[str, str],
    where: str,
    words: str,
) -> None:
    staff = await make_staff(pool, settings, client)
    stranger = await make_recruiter(pool, settings, client)
    await log_in(browser_like, staff.organiser_user.email)
    sent = {"name": "Samir Haddad", "email": email(), "role": "coach", **fields}
    if sent["email"] == "TAKEN":
        sent["email"] = staff.coach_user.email.upper()
    if sent.get("company_id") == "STRANGER":
        sent["company_id"] = str(stranger.company.id)
    before = await table_counts(pool)
    answer = await browser_like.post(
        "/admin/users", data={**sent, "csrf_token": await csrf_of(browser_like, "/admin/users/new")}
    )
    assert answer.status_code == 400, answer.text
    error = answer.text.split(f'id="error-{where}">')[1].split("</p>")[0]
    assert words in error.replace("&#39;", "'"), error
    assert 'value="Samir Haddad"' in answer.text, "the values are kept"
    assert await table_counts(pool) == before


# --- reset link and deactivation ----------------------------------------------------------------


async def test_an_organiser_sends_a_reset_link_from_the_list(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    await log_in(browser_like, staff.organiser_user.email)
    token = await csrf_of(browser_like, "/admin/users")
    answer = await browser_like.post(
        f"/admin/users/{staff.coach_user.id}/password-reset?lang=en", data={"csrf_token": token}
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/users?done=reset&lang=en"
    assert await mails_of(pool, staff.coach_user.id) == ["password_reset"]
    listed = await browser_like.get(answer.headers["location"])
    assert "The link was sent by e-mail." in text_of(listed.text)
    other = await make_staff(pool, settings, client)
    refused = await browser_like.post(
        f"/admin/users/{other.coach_user.id}/password-reset", data={"csrf_token": token}
    )
    assert refused.status_code == 404 and error_code(refused) == "user_not_found"


async def test_a_deactivation_is_confirmed_first_and_ends_the_persons_open_session(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    app: Litestar,
) -> None:
    staff = await make_staff(pool, settings, client)
    coach = staff.coach_user
    async with client_of(app) as coach_browser:
        await log_in(coach_browser, coach.email)
        assert (await coach_browser.get("/")).status_code == 200

        await log_in(browser_like, staff.organiser_user.email)
        confirm = await browser_like.get(f"/admin/users/{coach.id}/deactivate")
        assert confirm.status_code == 200
        words = text_of(confirm.text)
        assert "Désactiver ce compte ?" in words and coach.name in words and coach.email in words
        assert (
            await pool.fetchval("select deactivated_at from users where id = $1", coach.id) is None
        ), "opening the confirmation changes nothing"
        done = await browser_like.post(
            f"/admin/users/{coach.id}/deactivate",
            data={"csrf_token": field(confirm.text, "csrf_token")},
        )
        assert done.status_code == 303
        assert done.headers["location"] == "/admin/users?done=deactivated"
        listed = await browser_like.get(done.headers["location"])
        row = text_of(listed.text.split(f'id="user-{coach.id}"')[1].split("</tr>")[0])
        assert "Désactivé le" in row and "Envoyer un lien" not in row

        refused = await coach_browser.get("/")
        assert refused.status_code == 303, "the open browser session is refused at once"
        assert refused.headers["location"].startswith("/login")
        again = await browser_like.get(f"/admin/users/{coach.id}/deactivate")
        assert "Ce compte est déjà désactivé." in text_of(again.text)


async def test_an_admin_deactivates_and_sends_links_to_any_account(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await make_admin(pool, settings, client)
    admin = await make_user(pool, settings, role="admin")
    stranger = await make_recruiter(pool, settings, client)
    await log_in(browser_like, admin.email)
    token = await csrf_of(browser_like, "/admin/users")
    sent = await browser_like.post(
        f"/admin/users/{stranger.user.id}/password-reset", data={"csrf_token": token}
    )
    assert sent.status_code == 303
    gone = await browser_like.post(
        f"/admin/users/{stranger.user.id}/deactivate", data={"csrf_token": token}
    )
    assert gone.status_code == 303
    assert (await client.get("/api/v1/auth/me", headers=stranger.headers)).status_code == 401
    refused = await browser_like.post(
        f"/admin/users/{stranger.user.id}/password-reset", data={"csrf_token": token}
    )
    assert refused.status_code == 409 and error_code(refused) == "account_deactivated"
