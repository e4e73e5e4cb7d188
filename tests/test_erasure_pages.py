"""The back office's erasure page (a confirmation step, then the record) and retention page
(the organisation's periods, what is due soon) over HTTP: the same domain calls as the API,
refusals next to their field, CSRF on every form."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.factories import Staff, make_staff
from tests.factories_directory import count
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.pages import error_code


async def _seen_forty_days_ago(client: httpx.AsyncClient, pool: Any, staff: Staff) -> str:
    """A person with a social situation, whose only event ended forty days ago."""
    event = await make_published_event(client, staff.organiser)
    person = await make_candidate(client, staff.organiser, private={"qpv": True})
    await register(client, staff.organiser, event["id"], candidate_id=person)
    await pool.execute(
        "update events set starts_at = now() - interval '40 days',"
        " ends_at = now() - interval '40 days' + interval '3 hours' where id = $1",
        UUID(event["id"]),
    )
    return person


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def test_erasing_from_the_back_office_takes_a_confirmation(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    person = await make_candidate(client, staff.organiser, first_name="Mariam")
    await log_in(browser_like, staff.organiser_user.email)
    fiche = await browser_like.get(f"/admin/candidates/{person}")
    assert f'href="/admin/candidates/{person}/erasure"' in fiche.text

    path = f"/admin/candidates/{person}/erasure"
    page = await browser_like.get(path)
    assert page.status_code == 200
    assert "Mariam" in page.text and "Cela ne peut pas être annulé" in page.text
    token = await csrf_of(browser_like, path)

    # Without the reason nor the box: the form again, nothing erased.
    refused = await browser_like.post(path, data={"csrf_token": token})
    assert refused.status_code == 400
    assert 'id="error-reason"' in refused.text and 'id="error-sure"' in refused.text
    no_csrf = await browser_like.post(path, data={"reason": "objection", "sure": "yes"})
    assert no_csrf.status_code == 403
    assert await count(pool, "candidates", "id = $1 and erased_at is null", UUID(person)) == 1

    done = await browser_like.post(
        f"{path}?lang=en", data={"csrf_token": token, "reason": "objection", "sure": "yes"}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"{path}?lang=en"
    record = await browser_like.get(done.headers["location"])
    assert record.status_code == 200
    assert "was erased on" in record.text and "objects to the use" in record.text
    assert "Mariam" not in record.text
    gone = await browser_like.get(f"/admin/candidates/{person}")
    assert gone.status_code == 410
    assert error_code(gone) == "candidate_erased"
    assert (
        await count(pool, "erasures", "candidate_id = $1 and reason = 'objection'", UUID(person))
        == 1
    )


async def test_the_retention_page_changes_the_organisations_periods(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    followed = await _seen_forty_days_ago(client, pool, staff)
    await log_in(browser_like, staff.organiser_user.email)
    page = await browser_like.get("/admin/retention")
    assert 'id="preview"' in page.text and f"/admin/candidates/{followed}" not in page.text
    assert page.status_code == 200
    assert 'name="private_months" min="1" max="120" step="1" inputmode="numeric" value="12"' in (
        page.text
    )
    token = await csrf_of(browser_like, "/admin/retention")

    wrong = await browser_like.post(
        "/admin/retention",
        data={
            "csrf_token": token,
            "private_months": "0",
            "observations_months": "36",
            "audit_months": "60",
        },
    )
    assert wrong.status_code == 400
    assert 'id="error-private_months"' in wrong.text
    assert 'value="36"' in wrong.text
    saved = await browser_like.post(
        "/admin/retention",
        data={
            "csrf_token": token,
            "private_months": "6",
            "observations_months": "36",
            "audit_months": "60",
        },
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/admin/retention?done=saved"
    again = await browser_like.get(saved.headers["location"])
    assert 'id="notice"' in again.text and 'value="6"' in again.text
    # Six months is long: nothing due. One month after an event forty days ago: the coach is
    # to be told now.
    assert f"/admin/candidates/{followed}" not in again.text
    one_month = await browser_like.post(
        "/admin/retention",
        data={
            "csrf_token": token,
            "private_months": "1",
            "observations_months": "36",
            "audit_months": "60",
        },
    )
    assert one_month.status_code == 303
    due = await browser_like.get("/admin/retention")
    assert f'href="/admin/candidates/{followed}"' in due.text
    assert "Prévenir le coach\u00a0: situation sociale" in due.text
    stored = await client.get(
        f"/api/v1/organisations/{staff.organisation.id}/retention", headers=staff.organiser
    )
    assert stored.json()["private_months"] == 1
    assert stored.json()["observations_months"] == 36


async def test_coaches_may_not_open_the_erasure_or_retention_pages(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    person = await make_candidate(client, staff.organiser)
    await log_in(browser_like, staff.coach_user.email)
    for path in (f"/admin/candidates/{person}/erasure", "/admin/retention"):
        page = await browser_like.get(path)
        assert page.status_code == 403, path
        assert error_code(page) == "forbidden"
