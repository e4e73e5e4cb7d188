"""The candidate's own page, ``/t/{token}/moi``: registrations, the card as recruiters see it
(the reviewed version only), who saw it, the consent changed from the page (effective for
recruiters at once), the CV; the same refusals as the ticket page; CSRF; never the social
situation."""

from __future__ import annotations

import logging
import secrets
from typing import Any
from uuid import UUID

import httpx
import pytest
from httpx import AsyncClient
from litestar import Litestar

from events import redact
from events.settings import Settings
from tests.admin_http import client_of, field
from tests.admin_http import log_in as browser_log_in
from tests.factories import Staff, log_in, make_staff, make_user
from tests.factories_cvs import structured_cv
from tests.factories_registrations import make_candidate, make_company, register
from tests.factories_skills import make_sport_session, observe, review
from tests.pages import error_code, text_of
from tests.test_recruiter_views import PRIVATE_WORDS, _private


class Mine:
    """A candidate registered to a sport session that company ``company`` attends, observed and
    reviewed once (then observed again, not reviewed), with a private social situation whose
    free texts carry ``marker``; ``recruiter`` (headers) and ``recruiter_email`` of that
    company."""

    staff: Staff
    event: dict[str, Any]
    candidate_id: str
    registration: dict[str, Any]
    token: str
    marker: str
    last_name: str
    email: str
    company_name: str
    recruiter: dict[str, str]
    recruiter_email: str


@pytest.fixture
async def mine(client: AsyncClient, pool: Any, settings: Settings) -> Mine:
    m = Mine()
    m.staff = await make_staff(pool, settings, client)
    m.event = await make_sport_session(client, m.staff.organiser, coach_ids=[m.staff.coach_user.id])
    company = await make_company(client, m.staff.organiser)
    await register(client, m.staff.organiser, m.event["id"], company_id=company)
    m.company_name = await pool.fetchval("select name from companies where id = $1", UUID(company))
    user = await make_user(pool, settings, role="recruiter", company_id=UUID(company))
    m.recruiter_email = user.email
    m.recruiter = await log_in(client, user.email)
    m.marker = f"SECRET-{secrets.token_hex(4)}"
    m.last_name = f"Lefèvre-{secrets.token_hex(3)}"
    m.email = f"moi-{secrets.token_hex(3)}@example.org"
    m.candidate_id = await make_candidate(
        client,
        m.staff.organiser,
        first_name="Awa",
        last_name=m.last_name,
        email=m.email,
        phone="+33 6 12 34 56 99",
        city="Villeurbanne",
        postcode="69100",
        private=_private(m.marker),
    )
    m.registration = await register(
        client, m.staff.organiser, m.event["id"], candidate_id=m.candidate_id
    )
    m.token = m.registration["ticket"]["token"]
    await observe(
        client,
        m.staff.coach,
        m.event["id"],
        m.candidate_id,
        "perseverance",
        3,
        activity="Escalade",
        note="Termine la voie.",
    )
    await review(client, m.staff.coach, m.candidate_id)
    await observe(
        client,
        m.staff.coach,
        m.event["id"],
        m.candidate_id,
        "perseverance",
        4,
        activity="Escalade",
        note="Brouillon pas relu.",
    )
    return m


def _page(m: Mine) -> str:
    return f"/t/{m.token}/moi"


async def _consent_by_ticket(client: AsyncClient, m: Mine, *, contact: bool = False) -> None:
    given = await client.post(
        f"/api/v1/candidates/{m.candidate_id}/consent",
        headers={"X-Ticket-Token": m.token},
        json={"recruiters": True, "contact": contact},
    )
    assert given.status_code == 200, given.text


def _search_ids(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


async def test_the_page_shows_registrations_and_only_the_reviewed_card(
    app: Litestar, mine: Mine
) -> None:
    async with client_of(app) as http:
        answer = await http.get(_page(mine))
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"
    words = text_of(answer.text)
    assert "Mes inscriptions" in words and mine.event["title"] in words
    assert "Gymnase Jean-Jaurès, Villeurbanne" in words and "Place confirmée" in words
    # The reviewed card, as recruiters see it: level 3 and its note; not the newer draft.
    assert "Termine la voie." in words and "Niveau 3 sur 4" in words
    assert "Brouillon pas relu." not in words and "Niveau 4 sur 4" not in words
    assert "attendent un coach" in words
    # No consent yet: recruiters see nothing, and the name they would see is the initial.
    assert "Vous avez dit non" in words and "c'est non" in words
    assert f"Awa {mine.last_name[0]}." in words and mine.last_name not in words
    assert mine.email not in words
    assert "Personne n'a encore vu votre carte." in words
    assert "Pas de CV." in words
    assert 'name="csrf_token"' in answer.text and "rencontres_csrf" in answer.headers["set-cookie"]


async def test_the_page_never_shows_the_social_situation(
    app: Litestar, client: AsyncClient, mine: Mine
) -> None:
    await _consent_by_ticket(client, mine, contact=True)
    async with client_of(app) as http:
        answer = await http.get(_page(mine))
        english = await http.get(_page(mine), params={"lang": "en"})
    for page in (answer.text, english.text):
        assert mine.marker not in page
        for word in PRIVATE_WORDS:
            assert word not in page, word
    # With contact agreed, the page shows what recruiters then see: the full name and e-mail.
    assert mine.last_name in text_of(answer.text) and mine.email in answer.text
    assert "My card, as recruiters see it" in text_of(english.text)


async def test_the_views_of_recruiters_are_listed_by_company(
    app: Litestar, client: AsyncClient, mine: Mine
) -> None:
    await _consent_by_ticket(client, mine)
    seen = await client.get(
        "/api/v1/skills-cards/search", params={"skill": "perseverance"}, headers=mine.recruiter
    )
    assert mine.candidate_id in _search_ids(seen)
    async with client_of(app) as http:
        answer = await http.get(_page(mine))
    words = text_of(answer.text)
    assert "Qui a vu ma carte" in words and mine.company_name in words
    assert "Personne n'a encore vu" not in words


async def test_withdrawing_on_the_page_hides_the_candidate_from_recruiters_at_once(
    app: Litestar, client: AsyncClient, pool: Any, mine: Mine
) -> None:
    await _consent_by_ticket(client, mine, contact=True)
    recruiter = client_of(app)
    await browser_log_in(recruiter, mine.recruiter_email)
    card_page = f"/cards/{mine.candidate_id}"
    assert (await recruiter.get(card_page)).status_code == 200
    search = {"skill": "perseverance"}
    found = await client.get("/api/v1/skills-cards/search", params=search, headers=mine.recruiter)
    assert mine.candidate_id in _search_ids(found)

    async with client_of(app) as http:
        page = await http.get(_page(mine))
        assert "Oui. Les recruteurs" in text_of(page.text)
        answer = await http.post(
            f"{_page(mine)}/consent",
            data={
                "recruiters": "no",
                "contact": "yes",
                "csrf_token": field(page.text, "csrf_token"),
            },
        )
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == f"{_page(mine)}?notice=saved"
        assert "no-store" in answer.headers["cache-control"]
        after = await http.get(answer.headers["location"])
    words = text_of(after.text)
    assert "C'est enregistré." in words and "Non. Aucun recruteur" in words
    row = await pool.fetchrow(
        "select recruiters, contact from consents where candidate_id = $1",
        UUID(mine.candidate_id),
    )
    assert (row["recruiters"], row["contact"]) == (False, False)  # no to see is no to contact
    via = await pool.fetchval(
        "select via from consent_history where candidate_id = $1 order by id desc limit 1",
        UUID(mine.candidate_id),
    )
    assert via == "ticket"

    found = await client.get("/api/v1/skills-cards/search", params=search, headers=mine.recruiter)
    assert mine.candidate_id not in _search_ids(found)
    refused = await recruiter.get(card_page)
    assert (refused.status_code, error_code(refused)) == (404, "candidate_not_found")
    await recruiter.aclose()


async def test_saying_yes_again_from_the_page_in_english(app: Litestar, mine: Mine) -> None:
    async with client_of(app) as http:
        page = await http.get(_page(mine), params={"lang": "en"})
        assert 'id="contact-form"' not in page.text  # contact needs consent to be seen first
        answer = await http.post(
            f"{_page(mine)}/consent",
            params={"lang": "en"},
            data={
                "recruiters": "yes",
                "contact": "no",
                "csrf_token": field(page.text, "csrf_token"),
            },
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == f"{_page(mine)}?notice=saved&lang=en"
        after = await http.get(answer.headers["location"])
    words = text_of(after.text)
    assert "Saved." in words and "Yes. Recruiters at the events" in words
    assert 'id="contact-form"' in after.text


async def test_a_form_without_its_csrf_token_changes_nothing(
    app: Litestar, pool: Any, mine: Mine
) -> None:
    async with client_of(app) as http:
        page = await http.get(_page(mine))
        token = field(page.text, "csrf_token")
        for sent in ("", "x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
            answer = await http.post(
                f"{_page(mine)}/consent", data={"recruiters": "yes", "csrf_token": sent}
            )
            assert (answer.status_code, error_code(answer)) == (403, "csrf_failed")
    async with client_of(app) as other_browser:  # no CSRF cookie: another site's form
        answer = await other_browser.post(
            f"{_page(mine)}/consent", data={"recruiters": "yes", "csrf_token": token}
        )
        assert (answer.status_code, error_code(answer)) == (403, "csrf_failed")
    assert (
        await pool.fetchval(
            "select count(*) from consents where candidate_id = $1", UUID(mine.candidate_id)
        )
        == 0
    )


async def test_a_replaced_or_unknown_token_gets_the_ticket_pages_refusal(
    app: Litestar, client: AsyncClient, mine: Mine
) -> None:
    reissued = await client.post(
        f"/api/v1/registrations/{mine.registration['id']}/ticket/reissue",
        headers=mine.staff.organiser,
    )
    assert reissued.status_code == 201, reissued.text
    async with client_of(app) as http:
        for token in (mine.token, "not-a-token"):
            ticket = await http.get(f"/t/{token}")
            own = await http.get(f"/t/{token}/moi")
            assert own.status_code == ticket.status_code != 200
            assert error_code(own) == error_code(ticket)
            assert own.headers["referrer-policy"] == "no-referrer"
        page = await http.get(_page(mine))  # the old ticket's form, refused on the new token
        assert (page.status_code, error_code(page)) == (409, "ticket_revoked")
        new = await http.get(f"/t/{reissued.json()['token']}/moi")
        assert new.status_code == 200
        posted = await http.post(
            f"{_page(mine)}/consent",
            data={"recruiters": "yes", "csrf_token": field(new.text, "csrf_token")},
        )
        assert (posted.status_code, error_code(posted)) == (409, "ticket_revoked")


async def test_the_ticket_page_links_to_my_page(app: Litestar, mine: Mine) -> None:
    async with client_of(app) as http:
        ticket = await http.get(f"/t/{mine.token}")
    assert f'href="{mine.token}/moi?lang=fr"' in ticket.text and "Ma page" in ticket.text


async def test_a_companys_ticket_opens_a_page_that_says_it_is_for_candidates(
    app: Litestar, client: AsyncClient, mine: Mine
) -> None:
    company = await make_company(client, mine.staff.organiser)
    registration = await register(
        client, mine.staff.organiser, mine.event["id"], company_id=company
    )
    async with client_of(app) as http:
        ticket = await http.get(f"/t/{registration['ticket']['token']}")
        own = await http.get(f"/t/{registration['ticket']['token']}/moi")
    assert "Ma page" not in ticket.text
    assert own.status_code == 200 and "Cette page est pour les candidats." in text_of(own.text)


async def test_the_cv_is_linked_and_opens_as_a_pdf(
    app: Litestar, client: AsyncClient, mine: Mine
) -> None:
    put = await client.put(
        f"/api/v1/candidates/{mine.candidate_id}/cv", headers=mine.staff.organiser,
        json=structured_cv(),
    )  # fmt: skip
    assert put.status_code == 200, put.text
    async with client_of(app) as http:
        page = await http.get(_page(mine))
        assert f'href="/t/{mine.token}/moi/cv.pdf?lang=fr"' in page.text
        pdf = await http.get(f"{_page(mine)}/cv.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["cache-control"] == "no-store"


async def test_without_a_cv_the_pdf_is_not_found(app: Litestar, mine: Mine) -> None:
    async with client_of(app) as http:
        pdf = await http.get(f"{_page(mine)}/cv.pdf")
    assert (pdf.status_code, error_code(pdf)) == (404, "cv_not_found")


def test_the_access_log_hides_the_token_of_my_page() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", "/t/v1.tok.en/moi/consent?lang=en", "1.1", 303), None,
    )  # fmt: skip
    assert redact.AccessLogFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "POST /t/[…]/moi/consent?lang=en HTTP/1.1" 303'
    assert redact.path("/t/v1.tok.en/moi") == "/t/[…]/moi"
