"""Browser log-in with a session cookie: the form, its answers, the cookie's flags, where it leads,
and what the cookie may not do (change anything through the JSON API).

Each test uses its own in-process client on the real app: the session-wide ``client`` keeps a
cookie jar, and a session cookie left in it would log every later test in."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import msgspec
import pytest
from litestar import Litestar

from events.app import create_app
from events.settings import Settings
from events.web.session import safe_next
from tests.factories import PASSWORD, make_staff, unique
from tests.factories_cvs import make_card_world, observe, review_and_consent
from tests.factories_directory import make_recruiter
from tests.factories_events import create_event, event_body, stored_event
from tests.pages import error_code

SESSION = "rencontres_session"
CSRF = "rencontres_csrf"
EVIL_NEXTS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "http:/evil.example",
]


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A client with its own cookie jar, as one browser is."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def _cookie(response: httpx.Response, name: str) -> Any:
    """The named Set-Cookie of a response, parsed, with its flags."""
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        if name in jar:
            return jar[name]
    raise AssertionError(f"no {name} cookie set: {response.headers.get_list('set-cookie')}")


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no field {name}"
    return html.unescape(found.group(1))


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


async def _submit(
    http: httpx.AsyncClient, email: str, password: str = PASSWORD, *, next_path: str = "/"
) -> httpx.Response:
    """Open the form as a browser does, then send it."""
    page = await http.get("/login", params={"next": next_path})
    assert page.status_code == 200, page.text
    return await http.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "next": _field(page.text, "next"),
            "csrf_token": _field(page.text, "csrf_token"),
        },
    )


async def _recruiter(pool: Any, settings: Settings, client: httpx.AsyncClient) -> Any:
    return (await make_recruiter(pool, settings, client)).user


async def _failures(pool: Any, email: str) -> int:
    count: int = await pool.fetchval(
        "select count(*) from login_failures where lower(email) = lower($1)", email
    )
    return count


# --- the form --------------------------------------------------------------------------------


async def test_the_login_form_is_french_with_labelled_fields_and_a_csrf_cookie(
    browser_like: httpx.AsyncClient,
) -> None:
    response = await browser_like.get("/login", params={"next": "/cards/abc?lang=fr"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "fr"
    assert "no-store" in response.headers["cache-control"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert '<html lang="fr">' in response.text
    text = _text(response.text)
    assert "Connexion" in text and "Se connecter" in text
    assert '<label class="field" for="email">Votre adresse e-mail</label>' in response.text
    assert '<label class="field" for="password">Votre mot de passe</label>' in response.text
    assert 'autocomplete="current-password"' in response.text
    assert _field(response.text, "next") == "/cards/abc?lang=fr"
    csrf = _cookie(response, CSRF)
    assert csrf.value == _field(response.text, "csrf_token")
    assert csrf["httponly"] and csrf["samesite"].lower() == "strict" and csrf["path"] == "/"


@pytest.mark.parametrize(
    ("query", "headers"),
    [({"lang": "en"}, {}), ({}, {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})],
)
async def test_the_login_form_is_in_english_on_request(
    browser_like: httpx.AsyncClient, query: dict[str, str], headers: dict[str, str]
) -> None:
    response = await browser_like.get("/login", params=query, headers=headers)

    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    text = _text(response.text)
    assert "Your e-mail address" in text and "Your password" in text
    assert "Français" in text


@pytest.mark.parametrize("evil", EVIL_NEXTS)
async def test_a_next_leading_to_another_site_is_ignored_by_the_form_and_the_log_in(
    client: httpx.AsyncClient,
    browser_like: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    evil: str,
) -> None:
    user = await _recruiter(pool, settings, client)
    page = await browser_like.get("/login", params={"next": evil})
    assert _field(page.text, "next") == "/"

    response = await browser_like.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": evil,  # sent as is, as a forged form would
            "csrf_token": _field(page.text, "csrf_token"),
        },
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_a_path_of_this_site_is_kept_as_next() -> None:
    assert safe_next("/cards/0b7d?lang=en") == "/cards/0b7d?lang=en"
    assert safe_next("/%2F%2Fevil.example") == "/%2F%2Fevil.example"  # a path, not a host
    assert safe_next("/login?next=/x") == "/"
    assert safe_next("/" + "a" * 2000) == "/"
    assert safe_next(None) == "/"


# --- logging in ------------------------------------------------------------------------------


async def test_logging_in_sets_an_httponly_lax_session_cookie_and_goes_back_to_next(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)

    response = await _submit(browser_like, user.email.upper(), next_path="/cards/x?lang=en")

    assert response.status_code == 303
    assert response.headers["location"] == "/cards/x?lang=en"
    session = _cookie(response, SESSION)
    assert session["httponly"]
    assert session["samesite"].lower() == "lax"
    assert session["path"] == "/"
    assert session["max-age"] == str(settings.token_ttl_seconds)
    assert not session["secure"], "the test site is plain http"
    me = await browser_like.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json()["email"] == user.email


async def test_the_session_cookie_is_secure_when_the_public_url_is_https(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)
    app = create_app(msgspec.structs.replace(settings, public_url="https://rencontres.example"))
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://rencontres.example"
        ) as http:
            page = await http.get("/login")
            response = await _submit(http, user.email)

    assert _cookie(page, CSRF)["secure"]
    assert response.status_code == 303
    assert _cookie(response, SESSION)["secure"]


async def test_a_wrong_password_and_an_unknown_address_get_the_same_french_401_form(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)
    unknown = f"{unique('nobody')}@example.org"

    wrong = await _submit(browser_like, user.email, "not the password")
    missing = await _submit(browser_like, unknown, "not the password")

    for response, email in ((wrong, user.email), (missing, unknown)):
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("text/html")
        assert SESSION not in response.headers.get("set-cookie", "")
        text = _text(response.text)
        assert "L'adresse e-mail ou le mot de passe est faux. Vérifiez et réessayez." in text
        assert 'role="alert"' in response.text
        assert _field(response.text, "email") == email, "the address is kept, to fix a typo"
        assert await _failures(pool, email) == 1
    assert _text(wrong.text).replace(user.email, "") == _text(missing.text).replace(unknown, "")
    assert (await browser_like.get("/api/v1/auth/me")).status_code == 401


async def test_the_sixth_failure_is_429_with_retry_after_even_with_the_right_password(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)
    for _ in range(settings.login_max_failures):
        assert (await _submit(browser_like, user.email, "wrong")).status_code == 401

    response = await _submit(browser_like, user.email)

    assert response.status_code == 429
    retry = int(response.headers["retry-after"])
    assert 0 < retry <= settings.login_window_seconds + 1
    # No-break spaces (kept by ``html.unescape``): "15" and "minutes" stay on one line.
    assert "Trop d'essais. Attendez 15\u00a0minutes, puis réessayez." in html.unescape(
        response.text
    )
    assert SESSION not in response.headers.get("set-cookie", "")
    assert await _failures(pool, user.email) == settings.login_max_failures


async def test_a_form_without_its_csrf_token_logs_nobody_in(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)
    page = await browser_like.get("/login")
    good = _field(page.text, "csrf_token")

    # As another site's form would: no token, or a token of its own.
    for token in ("", "x" * 43, good[::-1]):
        response = await browser_like.post(
            "/login",
            data={"email": user.email, "password": PASSWORD, "next": "/", "csrf_token": token},
        )
        assert response.status_code == 403, token
        assert "La page a expiré." in _text(response.text)
        assert SESSION not in response.headers.get("set-cookie", "")
    # The re-shown form carries a working token.
    retry = await browser_like.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "/",
            "csrf_token": _field(response.text, "csrf_token"),
        },
    )
    assert retry.status_code == 303
    assert await _failures(pool, user.email) == 0


async def test_an_empty_field_shows_the_form_again_without_counting_a_failure(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)

    response = await _submit(browser_like, user.email, "")

    assert response.status_code == 400
    assert "Écrivez votre adresse e-mail et votre mot de passe." in _text(response.text)
    assert await _failures(pool, user.email) == 0


# --- pages and the cookie --------------------------------------------------------------------


async def test_a_recruiter_logged_in_by_cookie_sees_a_card_they_may_see_and_404_for_another(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3)
    await review_and_consent(client, world)
    # Another candidate, of an event the recruiter's company does not attend.
    hidden = await make_card_world(client, pool, settings)
    await observe(client, hidden, skill="perseverance", level=3)

    logged_in = await _submit(
        browser_like, world.attending.user.email, next_path=f"/cards/{world.candidate_id}"
    )
    assert logged_in.status_code == 303
    visible = await browser_like.get(logged_in.headers["location"])
    other = await browser_like.get(f"/cards/{hidden.candidate_id}")

    assert visible.status_code == 200
    assert "Persévérance" in _text(visible.text) and "Łukasz T." in _text(visible.text)
    assert other.status_code == 404
    assert error_code(other) == "candidate_not_found"
    # The page's PDF link is a GET of the JSON API: the cookie opens it too.
    pdf = await browser_like.get(f"/api/v1/candidates/{world.candidate_id}/cv.pdf?lang=fr")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    views = await pool.fetchval(
        "select count(*) from audit_log where action = 'cv.view' and subject_id = $1",
        UUID(world.candidate_id),
    )
    assert views == 2  # the page and the PDF


async def test_the_card_page_sends_a_browser_without_log_in_to_the_form_and_back(
    browser_like: httpx.AsyncClient,
) -> None:
    page = "/cards/6f1c2a4e-0d59-4c0b-9a57-2a1f3c8e9b10"

    bare = await browser_like.get(f"{page}?lang=en")
    browser_like.cookies.set(SESSION, "not.a.token")
    stale = await browser_like.get(page)

    assert bare.status_code == 303
    location = urlsplit(bare.headers["location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": [f"{page}?lang=en"], "lang": ["en"]}
    assert stale.status_code == 303
    assert parse_qs(urlsplit(stale.headers["location"]).query) == {"next": [page]}
    # The JSON API keeps its JSON answer.
    api = await browser_like.get("/api/v1/auth/me")
    assert api.status_code == 401
    assert api.json()["code"] == "not_authenticated"


async def test_a_session_cookie_alone_cannot_change_anything_through_the_json_api(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await create_event(client, staff.organiser)
    before = await stored_event(pool, event["id"])
    assert (await _submit(browser_like, staff.organiser_user.email)).status_code == 303
    # The cookie is good: it reads.
    assert (await browser_like.get(f"/api/v1/events/{event['id']}")).status_code == 200
    body = event_body(title=unique("Créé par cookie"))

    created = await browser_like.post("/api/v1/events", json=body)
    patched = await browser_like.patch(
        f"/api/v1/events/{event['id']}", json={"title": "Changé par cookie"}
    )
    published = await browser_like.post(f"/api/v1/events/{event['id']}/publish")

    for response in (created, patched, published):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    assert await pool.fetchval("select count(*) from events where title = $1", body["title"]) == 0
    assert await stored_event(pool, event["id"]) == before


async def test_the_home_page_says_who_is_logged_in_and_logging_out_clears_the_cookie(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)
    assert (await browser_like.get("/")).status_code == 303
    assert (await _submit(browser_like, user.email)).status_code == 303

    home = await browser_like.get("/")
    assert home.status_code == 200
    text = _text(home.text)
    assert f"Vous êtes connecté(e) avec l'adresse {user.email}." in text
    assert "Votre rôle : recruteur." in text
    token = _field(home.text, "csrf_token")

    forged = await browser_like.post("/logout", data={"csrf_token": "x" * 43})
    assert forged.status_code == 403
    assert error_code(forged) == "csrf_failed"
    assert "Ce formulaire a expiré" in _text(forged.text)
    assert (await browser_like.get("/")).status_code == 200, "a forged log-out changes nothing"

    out = await browser_like.post("/logout", data={"csrf_token": token})
    assert out.status_code == 303
    assert out.headers["location"] == "/login"
    cleared = _cookie(out, SESSION)
    assert cleared.value == "" and cleared["max-age"] == "0" and cleared["path"] == "/"
    assert SESSION not in browser_like.cookies
    again = await browser_like.get("/")
    assert again.status_code == 303
    assert urlsplit(again.headers["location"]).path == "/login"


async def test_a_session_cookie_kept_after_logging_out_no_longer_works(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await _recruiter(pool, settings, client)
    assert (await _submit(browser_like, user.email)).status_code == 303
    kept = browser_like.cookies[SESSION]  # as a copy of the cookie elsewhere would be
    home = await browser_like.get("/")
    out = await browser_like.post("/logout", data={"csrf_token": _field(home.text, "csrf_token")})
    assert out.status_code == 303

    browser_like.cookies.set(SESSION, kept)
    page = await browser_like.get("/")
    api = await browser_like.get("/api/v1/auth/me")
    bearer = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {kept}"})

    assert page.status_code == 303
    assert urlsplit(page.headers["location"]).path == "/login"
    for response in (api, bearer):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    revoked = await pool.fetchval(
        "select count(*) from sessions where user_id = $1 and revoked_at is not null", user.id
    )
    assert revoked == 1


async def test_a_deactivated_accounts_cookie_sends_the_browser_to_the_form(
    client: httpx.AsyncClient, browser_like: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    assert (await _submit(browser_like, staff.coach_user.email)).status_code == 303
    assert (await browser_like.get("/")).status_code == 200

    deactivated = await client.post(
        f"/api/v1/users/{staff.coach_user.id}/deactivate", headers=staff.organiser
    )
    page = await browser_like.get("/")
    again = await _submit(browser_like, staff.coach_user.email)

    assert deactivated.status_code == 200
    assert page.status_code == 303
    assert urlsplit(page.headers["location"]).path == "/login"
    assert again.status_code == 401
    assert "L'adresse e-mail ou le mot de passe est faux." in _text(again.text)


async def test_an_organiser_finds_the_back_office_from_the_home_page_and_a_coach_does_not(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    for user, offered in ((staff.organiser_user, True), (staff.coach_user, False)):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert (await _submit(http, user.email)).status_code == 303
            home = await http.get("/", params={"lang": "en"})
        assert home.status_code == 200
        assert ('href="/admin/?lang=en"' in home.text) is offered, user.role
        if offered:
            assert "Go to the organiser's space" in _text(home.text)
