"""Why an event was called off reaches its participants (issue 9, item 20): the ``reason`` given
with the cancellation is kept with the event and its audit row, and told in plain words in the
cancellation mail (French or English) and text message. A reason that cannot be told (empty,
invisible, too long, an unknown field beside it) refuses the cancellation: nothing changes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_staff, unique
from tests.factories_events import stored_event
from tests.factories_outbox import (
    channels,
    deliver,
    park_earlier_messages,
    rows_for,
    sms_gateway,
    smtp_server,
)
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.factories_state import table_counts
from tests.test_mail_delivery import text_of

REASON = "La salle est inondée : nous vous proposerons une autre date."


async def test_the_reason_reaches_participants_by_mail_and_text_message_and_is_kept(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('awa')}@example.org"
    by_mail = await make_candidate(client, staff.coach, first_name="Awa", email=address)
    by_phone = await make_candidate(client, staff.coach, first_name="Moussa", phone="0612345678")
    registrations = [
        await register(client, staff.coach, event["id"], candidate_id=by_mail),
        await register(client, staff.coach, event["id"], candidate_id=by_phone),
    ]
    await park_earlier_messages(pool)

    cancelled = await client.post(
        f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser, json={"reason": REASON}
    )

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert (await stored_event(pool, event["id"]))["cancellation_reason"] == REASON
    audited = await pool.fetchval(
        "select data ->> 'reason' from audit_log"
        " where subject_id = $1 and action = 'event.cancelled'",
        UUID(event["id"]),
    )
    assert audited == REASON
    async with smtp_server() as mailbox, sms_gateway() as gateway:
        chan = channels(
            settings,
            smtp_url=mailbox.url,
            sms_provider="webhook",
            sms_webhook_url=gateway.url,
            sms_webhook_secret="webhook-secret-for-tests",
        )
        await deliver(pool, chan)
    [mail] = mailbox.to(address)
    assert mail["Subject"].startswith("Rencontre annulée")
    assert f"Pourquoi : {REASON}" in text_of(mail, "plain")
    assert "Pourquoi : La salle est inondée" in text_of(mail, "html")
    [sms] = [msgspec.json.decode(r.body) for r in gateway.requests]
    assert sms["number"] == "+33612345678"
    assert "est annulé" in sms["text"]
    assert "Pourquoi : La salle est inondée" in sms["text"]
    for registration in registrations:
        [*_, last] = await rows_for(pool, registration["id"])
        assert (last.kind, last.status) == ("event_cancelled", "sent")


async def test_a_reader_of_english_is_told_why_in_english(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('sam')}@example.org"
    candidate = await make_candidate(client, staff.coach, first_name="Sam", email=address)
    await pool.execute("update candidates set language = 'en' where id = $1", candidate)
    await register(client, staff.coach, event["id"], candidate_id=candidate)
    await park_earlier_messages(pool)
    cancelled = await client.post(
        f"/api/v1/events/{event['id']}/cancel",
        headers=staff.organiser,
        json={"reason": "The hall is flooded."},
    )
    assert cancelled.status_code == 200, cancelled.text
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    [mail] = mailbox.to(address)
    assert "Why: The hall is flooded." in text_of(mail, "plain")


async def test_without_a_reason_the_cancellation_says_no_why(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('lina')}@example.org"
    candidate = await make_candidate(client, staff.coach, first_name="Lina", email=address)
    await register(client, staff.coach, event["id"], candidate_id=candidate)
    await park_earlier_messages(pool)
    cancelled = await client.post(f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser)
    assert cancelled.status_code == 200, cancelled.text
    assert (await stored_event(pool, event["id"]))["cancellation_reason"] is None
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    [mail] = mailbox.to(address)
    assert "annulée" in text_of(mail, "plain")
    assert "Pourquoi" not in text_of(mail, "plain")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "\u200b\u200b"}, "reason"),
        ({"reason": "Salle\x00fermée"}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"reason": 42}, "reason"),
        ({"raison": REASON}, "raison"),
        ({"reason": REASON, "notify": False}, "notify"),
    ],
    ids=["empty", "invisible", "nul", "too-long", "number", "misspelt", "unknown-field"],
)
async def test_a_reason_that_cannot_be_told_refuses_the_cancellation(
    client: AsyncClient, pool: Any, settings: Settings, body: dict[str, Any], field: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    before_event = await stored_event(pool, event["id"])
    before = await table_counts(pool)
    response = await client.post(
        f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser, json=body
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == field
    assert await stored_event(pool, event["id"]) == before_event
    assert await table_counts(pool) == before
