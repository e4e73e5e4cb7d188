"""The back office's messages page over HTTP (``events.web.admin.outbox``): failed messages by
default, each with what it was about, to whom (partly hidden), its attempts and why it failed in
plain words, and its event; "Renvoyer" puts one back in the queue through ``outbox.retry``, and
the worker then sends it. Another organisation neither sees nor sends it again."""

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
from tests.factories_outbox import (
    channels,
    deliver,
    park_earlier_messages,
    rows_for,
    smtp_server,
)
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def dead_message(client: httpx.AsyncClient, pool: Any, settings: Settings) -> Any:
    """A confirmation mail the SMTP server refused, dead after its one allowed attempt (as in
    tests/test_outbox.py)."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    address = f"{unique('refuse')}@example.org"
    candidate = await make_candidate(client, staff.coach, email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server("refuse") as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url, delivery_max_attempts=1))
    [row] = await rows_for(pool, registration["id"])
    assert row.status == "dead"
    return staff, event, row, address


def _row_of(page: str, message_id: Any) -> str:
    found = re.search(rf'<tr id="message-{message_id}">(.*?)</tr>', page, flags=re.S)
    assert found is not None, f"no row for message {message_id}"
    return found[1]


async def test_failed_messages_are_listed_with_their_error_in_plain_words(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff, event, row, address = await dead_message(client, pool, settings)
    await log_in(browser_like, staff.organiser_user.email)

    page = await browser_like.get("/admin/outbox")

    assert page.status_code == 200, page.text
    line = _row_of(page.text, row.id)
    words = text_of(line)
    assert "Inscription confirmée" in words
    assert "E-mail" in words
    assert f"{address[:2]}•••@example.org" in words and address not in line
    assert "Le serveur de messagerie refuse cette adresse. Vérifiez-la." in words
    assert "550" in words  # the server's own words, under "Détail technique"
    assert f'href="/admin/events/{event["id"]}">{event["title"]}</a>' in line
    assert f'action="/admin/outbox/{row.id}/retry"' in line
    english = await browser_like.get("/admin/outbox", params={"lang": "en"})
    assert "The mail server refuses this address. Check it." in text_of(english.text)


async def test_send_again_queues_the_message_and_the_worker_sends_it(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff, _, row, address = await dead_message(client, pool, settings)
    await log_in(browser_like, staff.organiser_user.email)
    page = await browser_like.get("/admin/outbox")

    answer = await browser_like.post(
        f"/admin/outbox/{row.id}/retry", data={"csrf_token": field(page.text, "csrf_token")}
    )

    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/admin/outbox?done=retried"
    stored = await pool.fetchrow("select status, attempts from outbox where id = $1", row.id)
    assert (stored["status"], stored["attempts"]) == ("pending", 0)
    audit = await pool.fetchval(
        "select count(*) from audit_log where action = 'outbox.retry' and subject_id = $1", row.id
    )
    assert audit == 1
    after = await browser_like.get(answer.headers["location"])
    assert "Le message est de nouveau en attente." in text_of(after.text)
    assert f"message-{row.id}" not in after.text  # no longer among the failed ones
    pending = await browser_like.get("/admin/outbox", params={"status": "pending"})
    assert f"message-{row.id}" in pending.text
    assert f"/admin/outbox/{row.id}/retry" not in pending.text  # only a failed one is sent again
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 1
    assert len(mailbox.to(address)) == 1


async def test_a_message_sent_again_twice_is_refused_the_second_time(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff, _, row, _ = await dead_message(client, pool, settings)
    await log_in(browser_like, staff.organiser_user.email)
    token = await csrf_of(browser_like, "/admin/outbox")
    first = await browser_like.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": token})
    assert first.status_code == 303

    second = await browser_like.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": token})

    assert second.status_code == 409
    assert error_code(second) == "message_not_dead"
    assert "« en attente »" in text_of(second.text)


async def test_another_organisation_neither_sees_nor_sends_it_again(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    _, _, row, _ = await dead_message(client, pool, settings)
    other = await make_staff(pool, settings, client)
    await log_in(browser_like, other.organiser_user.email)

    listed = await browser_like.get("/admin/outbox", params={"status": "all"})
    token = field(listed.text, "csrf_token")
    retried = await browser_like.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": token})

    assert listed.status_code == 200
    assert f"message-{row.id}" not in listed.text
    assert retried.status_code == 404
    assert error_code(retried) == "message_not_found"
    assert await pool.fetchval("select status from outbox where id = $1", row.id) == "dead"


async def test_coaches_are_refused_and_a_forged_form_changes_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff, _, row, _ = await dead_message(client, pool, settings)
    await log_in(browser_like, staff.coach_user.email)
    page = await browser_like.get("/admin/outbox")
    assert page.status_code == 403
    assert error_code(page) == "forbidden"
    token = field((await browser_like.get("/login")).text, "csrf_token")
    refused = await browser_like.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": token})
    assert refused.status_code == 403

    await log_in(browser_like, staff.organiser_user.email)
    await csrf_of(browser_like, "/admin/outbox")
    forged = await browser_like.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": "x" * 43})

    assert forged.status_code == 403
    assert error_code(forged) == "csrf_failed"
    assert await pool.fetchval("select status from outbox where id = $1", row.id) == "dead"


async def test_an_unknown_status_filter_is_refused(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    await log_in(browser_like, staff.organiser_user.email)

    answer = await browser_like.get("/admin/outbox", params={"status": "lost"})

    assert answer.status_code == 400
    assert error_code(answer) == "invalid_input"
