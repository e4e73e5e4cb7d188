"""Links to choose a password (``events.directory.passwords``): the welcome mail of an account
opened without one, the reset mail for everyone, both delivered through a real SMTP server and
followed from the received mail; the token (id + HMAC, nothing secret stored), one use, expiry
by the app's clock, a newer link replacing older ones, every session ended, an unknown address
answered exactly as a known one, the throttle; the public pages; and the token kept out of
logs."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import httpx
import msgspec
import pytest
from httpx import AsyncClient
from litestar import Litestar

from events import db, redact
from events.actors import Actor
from events.app import create_app
from events.directory import passwords
from events.errors import InvalidLink, TooManyAttempts
from events.settings import Settings
from tests.admin_http import field
from tests.factories import PASSWORD, log_in, make_admin, make_staff, make_user, unique
from tests.factories_directory import make_recruiter
from tests.factories_outbox import park_earlier_messages
from tests.factories_passwords import (
    client_from,
    html_text,
    link_in,
    mailed_link,
    mails_to,
    partner_company,
    plain_text,
)
from tests.pages import text_of

NEW_PASSWORD = "le vélo bleu de Sonia"


def email() -> str:
    return f"{unique('compte')}@example.org"


async def links_of(pool: Any, user_id: Any) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select id, purpose, created_at, expires_at, used_at, revoked_at, created_by"
        " from password_links where user_id = $1 order by created_at, id",
        UUID(str(user_id)),
    )
    return [dict(r) for r in rows]


async def account_mails(pool: Any, user_id: Any) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select kind, status, reason, event_id, registration_id, organisation_id,"
        " password_link_id, recipient, sequence from outbox where user_id = $1"
        " and password_link_id is not null order by created_at, id",
        UUID(str(user_id)),
    )
    return [dict(r) for r in rows]


async def can_log_in(client: AsyncClient, address: str, password: str) -> bool:
    answer = await client.post("/api/v1/auth/token", json={"email": address, "password": password})
    return answer.status_code == 200


async def choose(client: AsyncClient, token: str, password: str = NEW_PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/auth/password", json={"token": token, "password": password})


async def ask_reset(client: AsyncClient, address: str) -> httpx.Response:
    return await client.post("/api/v1/auth/password-reset", json={"email": address})


# --- welcome ---------------------------------------------------------------------------------


async def test_an_account_opened_without_a_password_is_mailed_a_welcome_link_that_sets_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    company_id = await partner_company(client, staff)
    address = email()
    created = await client.post(
        "/api/v1/users",
        headers=staff.organiser,
        json={
            "email": address,
            "role": "recruiter",
            "name": "Inès Ferreira",
            "company_id": company_id,
        },
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert not await can_log_in(client, address, ""), "no password: it cannot log in yet"

    [link] = await links_of(pool, user_id)
    assert link["purpose"] == "welcome" and link["used_at"] is None
    assert link["expires_at"] - link["created_at"] == timedelta(days=7)
    assert link["created_by"] == staff.organiser_user.id
    [row] = await account_mails(pool, user_id)
    assert (row["kind"], row["status"], row["event_id"], row["registration_id"]) == (
        "account_welcome",
        "pending",
        None,
        None,
    )
    assert row["password_link_id"] == link["id"] and row["recipient"] == address
    assert row["organisation_id"] == staff.organisation.id, "its organisers see the mail"

    [message] = await mails_to(pool, settings, address)
    assert message["Subject"] == "Bienvenue sur Rencontres : choisissez votre mot de passe"
    assert message["Content-Language"] == "fr"
    text = plain_text(message)
    url, token = link_in(message)
    assert text.startswith("Bonjour Inès Ferreira,")
    assert "Bienvenue sur Rencontres." in text
    assert f"Choisissez votre mot de passe : {url} (valable 7 jours)" in text
    assert "Vous n'attendiez pas ce message ? Ne faites rien" in text
    assert url == f"{settings.public_url}/password/{token}"
    assert f'href="{url}"' in html_text(message)
    # The token is the link's id and its HMAC: nothing in the database lets anyone make it.
    link_id, mac = token.split(".")
    assert UUID(bytes=base64.urlsafe_b64decode(link_id + "==")) == link["id"]
    stored = await pool.fetchval(
        "select count(*) from password_links l where l::text like '%' || $1 || '%'", mac
    )
    assert stored == 0
    [sent] = await account_mails(pool, user_id)
    assert sent["status"] == "sent"

    assert (await choose(client, token)).status_code == 204
    assert await can_log_in(client, address, NEW_PASSWORD)
    [used] = await links_of(pool, user_id)
    assert used["used_at"] is not None
    audit = await pool.fetch(
        "select action, actor_id, data from audit_log where subject_id = $1 order by id",
        UUID(user_id),
    )
    assert [a["action"] for a in audit] == [
        "user.create",
        "user.password_link",
        "user.password_set",
    ]
    assert audit[1]["actor_id"] == staff.organiser_user.id


async def test_an_account_opened_with_a_password_logs_in_at_once_and_is_mailed_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    address = email()
    created = await client.post(
        "/api/v1/users",
        headers=admin,
        json={"email": address, "role": "admin", "password": PASSWORD},
    )
    assert created.status_code == 201, created.text
    assert await can_log_in(client, address, PASSWORD)
    assert await links_of(pool, created.json()["id"]) == []
    assert await account_mails(pool, created.json()["id"]) == []


# --- the token -------------------------------------------------------------------------------


async def test_forged_altered_or_foreign_tokens_are_refused_with_invalid_link(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    user = await make_user(pool, settings, role="admin")
    async with client_from(app) as http:
        assert (await ask_reset(http, user.email)).status_code == 202
    _, token = await mailed_link(pool, settings, user.email)
    link_id = UUID(bytes=base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    other_secret = passwords.link_token("another-secret-" + "y" * 40, link_id, "reset")
    forged = [
        "",
        "not-a-token",
        token + "x",
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        passwords.link_token(settings.secret_key, link_id, "welcome"),  # the other purpose
        passwords.link_token(settings.secret_key, uuid4(), "reset"),  # no such link
        other_secret,
        token.split(".")[0] + "." + other_secret.split(".")[1],
    ]
    for bad in forged:
        answer = await choose(client, bad)
        assert answer.status_code == 422, (bad, answer.text)
        assert answer.json()["code"] == "invalid_link"
        assert "Demandez un nouveau lien" in answer.json()["detail"]
    english = await client.post(
        "/api/v1/auth/password",
        json={"token": forged[1], "password": NEW_PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert "Ask for a new link" in english.json()["detail"]
    assert not await can_log_in(client, user.email, NEW_PASSWORD)
    [link] = await links_of(pool, user.id)
    assert link["used_at"] is None, "a forged token used nothing up"
    # A password that breaks the rules is refused with the rules, and uses nothing up either.
    short = await choose(client, token, "court")
    assert short.status_code == 400 and short.json()["code"] == "invalid_input"
    assert short.json()["extra"]["field"] == "password"
    assert (await choose(client, token)).status_code == 204


def test_a_token_is_only_ever_read_back_from_its_own_id_and_purpose() -> None:
    secret = "test-secret-" + "z" * 40
    link_id = uuid4()
    token = passwords.link_token(secret, link_id, "reset")
    assert passwords.read_token(token, secret) == (link_id, "reset")
    welcome = passwords.link_token(secret, link_id, "welcome")
    assert welcome != token and passwords.read_token(welcome, secret) == (link_id, "welcome")
    with pytest.raises(InvalidLink):
        passwords.read_token(token, secret + "!")
    with pytest.raises(InvalidLink):
        passwords.read_token(token.replace(".", "-", 1), secret)


# --- one use, sessions, supersession -----------------------------------------------------------


async def test_a_link_works_once_and_setting_the_password_ends_every_session(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    coach = staff.coach_user
    other_session = await log_in(client, coach.email)
    sent = await client.post(f"/api/v1/users/{coach.id}/password-reset", headers=staff.organiser)
    assert sent.status_code == 202, sent.text
    [message] = await mails_to(pool, settings, coach.email)
    assert message["Subject"] == "Rencontres : choisissez un nouveau mot de passe"
    text = plain_text(message)
    assert "(valable 1 heure)" in text
    assert "Vous n'avez rien demandé ? Ne faites rien : votre mot de passe ne change pas." in text
    _, token = link_in(message)

    assert (await choose(client, token)).status_code == 204
    assert (
        await pool.fetchval(
            "select count(*) from sessions where user_id = $1 and revoked_at is null", coach.id
        )
        == 0
    )
    for headers in (staff.coach, other_session):
        me = await client.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 401, "every session of the account ended"
    assert (await client.get("/api/v1/auth/me", headers=staff.organiser)).status_code == 200
    assert not await can_log_in(client, coach.email, PASSWORD)
    assert await can_log_in(client, coach.email, NEW_PASSWORD)

    again = await choose(client, token, "un autre mot de passe")
    assert again.status_code == 422 and again.json()["code"] == "invalid_link"
    assert await can_log_in(client, coach.email, NEW_PASSWORD)


async def test_racing_uses_of_one_link_set_one_password(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    sent = await client.post(
        f"/api/v1/users/{staff.coach_user.id}/password-reset", headers=staff.organiser
    )
    assert sent.status_code == 202
    _, token = await mailed_link(pool, settings, staff.coach_user.email)
    answers = await asyncio.gather(
        choose(client, token, "premier mot de passe"), choose(client, token, "second mot de passe")
    )
    assert sorted(a.status_code for a in answers) == [204, 422]
    winner = "premier mot de passe" if answers[0].status_code == 204 else "second mot de passe"
    assert await can_log_in(client, staff.coach_user.email, winner)


async def test_a_new_link_replaces_the_older_ones_whose_mail_is_then_not_sent(
    client: AsyncClient, app: Litestar, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    user = await make_user(pool, settings, role="admin")
    async with client_from(app) as http:
        assert (await ask_reset(http, user.email)).status_code == 202
        [first_mail] = await mails_to(pool, settings, user.email)
        assert (await ask_reset(http, user.email)).status_code == 202
        assert (await ask_reset(http, user.email)).status_code == 202
    _, old_token = link_in(first_mail)
    mails = await mails_to(pool, settings, user.email)
    assert len(mails) == 1, "the second link was replaced before it went: not sent"
    _, token = link_in(mails[0])
    rows = await account_mails(pool, user.id)
    assert [(r["status"], r["reason"]) for r in rows] == [
        ("sent", None),
        ("skipped", "superseded"),
        ("sent", None),
    ]
    links = await links_of(pool, user.id)
    assert [link["revoked_at"] is not None for link in links] == [True, True, False]
    refused = await choose(client, old_token)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_link"
    assert (await choose(client, token)).status_code == 204


# --- expiry, by the app's clock ------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clocked(settings: Settings) -> AsyncIterator[tuple[Litestar, Clock]]:
    clock = Clock()
    # Its own pool, kept small beside the session's app (the server's connections are few).
    application = create_app(msgspec.structs.replace(settings, pool_max_size=5), clock=clock)
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        async with application.lifespan():
            started.set()
            await stopping.wait()

    task = asyncio.create_task(run())
    await started.wait()
    yield application, clock
    stopping.set()
    await task


async def test_links_expire_a_reset_after_an_hour_and_a_welcome_after_seven_days(
    clocked: tuple[Litestar, Clock], pool: Any, settings: Settings
) -> None:
    application, clock = clocked
    start = clock.now
    async with client_from(application) as http:
        staff = await make_staff(pool, settings, http)
        address = email()
        opened = await http.post(
            "/api/v1/users", headers=staff.organiser, json={"email": address, "role": "coach"}
        )
        assert opened.status_code == 201, opened.text
        user_id = UUID(opened.json()["id"])
        [welcome] = await links_of(pool, user_id)
        welcome_token = passwords.link_token(settings.secret_key, welcome["id"], "welcome")
        assert (await ask_reset(http, staff.coach_user.email)).status_code == 202
        [reset] = await links_of(pool, staff.coach_user.id)
        reset_token = passwords.link_token(settings.secret_key, reset["id"], "reset")

        clock.now = start + timedelta(hours=1, seconds=1)
        late = await choose(http, reset_token)
        assert late.status_code == 422 and late.json()["code"] == "invalid_link"
        page = await http.get(f"/password/{reset_token}")
        assert page.status_code == 422 and "Ce lien ne marche plus" in text_of(page.text)

        clock.now = start + timedelta(days=6, hours=23)
        assert (await http.get(f"/password/{welcome_token}")).status_code == 200
        clock.now = start + timedelta(days=7, seconds=1)
        assert (await choose(http, welcome_token)).status_code == 422
    # What stays: the coach's password, and both links unused.
    assert [link["used_at"] for link in await links_of(pool, user_id)] == [None]
    assert [link["used_at"] for link in await links_of(pool, staff.coach_user.id)] == [None]


async def test_the_domain_checks_expiry_against_the_instant_it_is_given(
    pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    admin = Actor(id=(await make_user(pool, settings, role="admin")).id, role="admin")
    at = datetime(2031, 3, 1, 12, tzinfo=UTC)
    async with db.transaction(pool) as conn:
        link_id = await passwords.send_reset(conn, user_id=user.id, by=admin, now=at)
        token = passwords.link_token(settings.secret_key, link_id, "reset")
        before = at + timedelta(minutes=59)
        found = await passwords.check_link(conn, token=token, settings=settings, now=before)
        assert (found.user_id, found.purpose, found.email) == (user.id, "reset", user.email)
        with pytest.raises(InvalidLink):
            await passwords.check_link(
                conn, token=token, settings=settings, now=at + timedelta(hours=1)
            )


# --- an unknown address, the throttle --------------------------------------------------------


async def test_an_unknown_address_is_answered_exactly_as_a_known_one(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    known = await make_user(pool, settings, role="admin")
    unknown = email()
    deactivated = await make_user(pool, settings, role="admin")
    await pool.execute("update users set deactivated_at = now() where id = $1", deactivated.id)
    answers: dict[str, list[httpx.Response]] = {}
    seconds: dict[str, list[float]] = {}
    async with client_from(app) as http:
        for _ in range(2):  # warm: the first request of a client pays for more than its work
            await ask_reset(http, email())
        for name, address in (("known", known.email), ("unknown", unknown)) * 3:
            began = time.perf_counter()
            answers.setdefault(name, []).append(await ask_reset(http, address))
            seconds.setdefault(name, []).append(time.perf_counter() - began)
        answers["deactivated"] = [await ask_reset(http, deactivated.email)]
    shapes = {
        (a.status_code, a.content, tuple(sorted(i for i in a.headers.items() if i[0] != "date")))
        for group in answers.values()
        for a in group
    }
    assert len(shapes) == 1, shapes
    assert next(iter(shapes))[:2] == (202, b"")
    # The same statements run either way (``passwords.request_reset``); the times are printed,
    # not bounded: a shared machine moves them more than the gap a mail or a hash would make.
    print(
        "reset request, fastest of 3:", {k: f"{min(v) * 1000:.1f} ms" for k, v in seconds.items()}
    )
    assert len(await account_mails(pool, known.id)) == 3
    assert await account_mails(pool, deactivated.id) == []
    assert await pool.fetchval("select count(*) from outbox where recipient = $1", unknown) == 0


async def test_reset_requests_are_throttled_per_address_and_mails_per_account(
    pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    address = "203.0.113.7"
    at = datetime(2032, 1, 10, 8, tzinfo=UTC)
    ask = passwords.ResetIn(email=user.email)
    for n in range(passwords.RESET_MAX_PER_ADDRESS):
        await passwords.request_reset(
            pool, request=ask, client=address, now=at + timedelta(seconds=n)
        )
    links = await links_of(pool, user.id)
    assert len(links) == passwords.RESET_MAX_PER_ACCOUNT, "a mailbox gets a few mails, no more"
    with pytest.raises(TooManyAttempts) as refused:
        other = passwords.ResetIn(email=email())
        await passwords.request_reset(
            pool, request=other, client=address, now=at + timedelta(minutes=5)
        )
    assert 0 < int(str(refused.value.params["seconds"])) <= 3600
    # Another address is not held back; and once the window has passed, this one is not either.
    await passwords.request_reset(
        pool, request=ask, client="203.0.113.8", now=at + timedelta(minutes=5)
    )
    later = at + passwords.RESET_WINDOW + timedelta(minutes=1)
    await passwords.request_reset(pool, request=ask, client=address, now=later)
    assert len(await links_of(pool, user.id)) == passwords.RESET_MAX_PER_ACCOUNT + 1


async def test_the_api_answers_429_with_retry_after_past_the_requests_of_an_address(
    app: Litestar, pool: Any
) -> None:
    async with client_from(app) as http:
        for _ in range(passwords.RESET_MAX_PER_ADDRESS):
            assert (await ask_reset(http, email())).status_code == 202
        refused = await ask_reset(http, email())
        assert refused.status_code == 429, refused.text
        assert refused.json()["code"] == "too_many_attempts"
        assert 0 < int(refused.headers["retry-after"]) <= 3600
        page = await http.get("/password/forgot")
        form = await http.post(
            "/password/forgot",
            data={"email": email(), "csrf_token": field(page.text, "csrf_token")},
        )
        assert form.status_code == 429 and "Trop de demandes" in text_of(form.text)
        assert form.headers["retry-after"]


# --- who may send a reset link -----------------------------------------------------------------


async def test_organisers_send_links_to_their_accounts_and_partner_recruiters_only(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    partner = await make_recruiter(
        pool, settings, client, company_id=UUID(await partner_company(client, staff))
    )
    stranger = await make_recruiter(pool, settings, client)
    url = "/api/v1/users/{}/password-reset"
    for whom, headers, status, code in (
        (staff.coach_user.id, staff.organiser, 202, None),
        (partner.user.id, staff.organiser, 202, None),
        (stranger.user.id, staff.organiser, 404, "user_not_found"),
        (other.coach_user.id, staff.organiser, 404, "user_not_found"),
        (staff.organiser_user.id, staff.coach, 403, "forbidden"),
        (staff.coach_user.id, partner.headers, 403, "forbidden"),
        (staff.coach_user.id, {}, 401, "not_authenticated"),
    ):
        answer = await client.post(url.format(whom), headers=headers)
        assert answer.status_code == status, (whom, answer.text)
        if code:
            assert answer.json()["code"] == code
    assert len(await links_of(pool, stranger.user.id)) == 0
    assert len(await links_of(pool, other.coach_user.id)) == 0
    # A deactivated account is sent nothing, and its link stops working.
    [link] = await links_of(pool, partner.user.id)
    token = passwords.link_token(settings.secret_key, link["id"], "reset")
    gone = await client.post(f"/api/v1/users/{partner.user.id}/deactivate", headers=staff.organiser)
    assert gone.status_code == 200, gone.text
    refused = await client.post(url.format(partner.user.id), headers=staff.organiser)
    assert refused.status_code == 409 and refused.json()["code"] == "account_deactivated"
    assert (await choose(client, token)).status_code == 422
    rows = await account_mails(pool, partner.user.id)
    assert [r["organisation_id"] for r in rows] == [staff.organisation.id]


# --- the public pages ------------------------------------------------------------------------


async def test_the_forgot_form_says_the_same_whatever_the_address_and_sends_no_referrer(
    app: Litestar, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    known = await make_user(pool, settings, role="admin")
    async with client_from(app) as http:
        login = await http.get("/login")
        assert 'href="/password/forgot?lang=fr"' in login.text
        assert "Mot de passe oublié ?" in text_of(login.text)
        form = await http.get("/password/forgot")
        assert form.status_code == 200
        assert form.headers["referrer-policy"] == "no-referrer"
        assert form.headers["cache-control"] == "no-store"
        assert '<label class="field" for="email">Votre adresse e-mail</label>' in form.text
        csrf = field(form.text, "csrf_token")
        refused = await http.post(
            "/password/forgot", data={"email": known.email, "csrf_token": "x" * 43}
        )
        assert refused.status_code == 403 and "La page a expiré" in text_of(refused.text)
        wrong = await http.post(
            "/password/forgot", data={"email": "pas une adresse", "csrf_token": csrf}
        )
        assert wrong.status_code == 400 and "prenom.nom@exemple.fr" in text_of(wrong.text)
        assert 'value="pas une adresse"' in wrong.text
        answers = [
            await http.post("/password/forgot", data={"email": address, "csrf_token": csrf})
            for address in (known.email, email())
        ]
        assert [(a.status_code, a.headers["location"]) for a in answers] == [
            (303, "/password/sent"),
            (303, "/password/sent"),
        ]
        sent = await http.get("/password/sent")
        assert "Si un compte existe pour cette adresse, un message vient de partir." in text_of(
            sent.text
        )
        assert "pendant 1 heure" in text_of(sent.text)
        english = await http.get("/password/sent", params={"lang": "en"})
        assert "If an account exists for this address" in text_of(english.text)
    assert len(await account_mails(pool, known.id)) == 1


async def test_choosing_a_password_on_the_page_then_logging_in(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    sent = await client.post(
        f"/api/v1/users/{staff.coach_user.id}/password-reset", headers=staff.organiser
    )
    assert sent.status_code == 202
    url, token = await mailed_link(pool, settings, staff.coach_user.email)
    path = urlsplit(url).path
    async with client_from(app) as http:
        page = await http.get(path)
        assert page.status_code == 200, page.text
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["cache-control"] == "no-store"
        words = text_of(page.text)
        assert staff.coach_user.email in words and "Au moins 10 caractères" in words
        assert 'autocomplete="new-password"' in page.text
        csrf = field(page.text, "csrf_token")

        differ = await http.post(
            path, data={"password": NEW_PASSWORD, "confirm": "autre chose", "csrf_token": csrf}
        )
        assert differ.status_code == 400
        assert "Les deux mots de passe ne sont pas les mêmes" in text_of(differ.text)
        short = await http.post(
            path, data={"password": "court", "confirm": "court", "csrf_token": csrf}
        )
        assert short.status_code == 400 and "au moins 10 caractères" in text_of(short.text)
        forged = await http.post(
            path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": "y" * 43}
        )
        assert forged.status_code == 403
        assert await can_log_in(client, staff.coach_user.email, PASSWORD), "nothing changed yet"

        saved = await http.post(
            path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf}
        )
        assert saved.status_code == 303, saved.text
        assert saved.headers["location"] == "/login?notice=password_set"
        login = await http.get(saved.headers["location"])
        assert "Votre mot de passe est enregistré." in text_of(login.text)
        assert await can_log_in(client, staff.coach_user.email, NEW_PASSWORD)

        used = await http.get(path)
        assert used.status_code == 422
        assert '<main data-code="invalid_link">' in used.text
        assert 'href="/password/forgot?lang=fr"' in used.text
        again = await http.post(
            path,
            data={"password": "encore un autre", "confirm": "encore un autre", "csrf_token": csrf},
        )
        assert again.status_code == 422
    assert token in url


# --- logs ------------------------------------------------------------------------------------


def test_the_access_log_hides_the_token_of_a_password_link_but_not_the_pages_names() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", "/password/AbCd_ef.gh-IJ?lang=en", "1.1", 303), None,
    )  # fmt: skip
    assert redact.AccessLogFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "POST /password/[…]?lang=en HTTP/1.1" 303'
    for kept in ("/password/forgot", "/password/forgot?lang=en", "/password/sent"):
        assert redact.path(kept) == kept
    assert redact.path("/api/v1/auth/password-reset") == "/api/v1/auth/password-reset"
