"""Text messages through the webhook provider, received by a real HTTP server on 127.0.0.1 that
answers 200, 500 or not at all, and checks the signature."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from httpx import AsyncClient

from events.messages import sms
from events.messages.types import DeliveryFailed
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_outbox import (
    SmsMode,
    channels,
    deliver,
    park_earlier_messages,
    rows_for,
    sms_gateway,
    soon,
)
from tests.factories_registrations import make_candidate, make_published_event, register

SECRET = "webhook-secret-for-tests"


async def _registered_by_phone(
    client: AsyncClient, pool: Any, settings: Settings, phone: str, **event: Any
) -> dict[str, Any]:
    staff = await make_staff(pool, settings, client)
    published = await make_published_event(client, staff.organiser, **event)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    candidate = await make_candidate(client, staff.coach, first_name="Moussa", phone=phone)
    return await register(client, staff.coach, published["id"], candidate_id=candidate)


def _webhook(settings: Settings, url: str, **overrides: Any) -> Any:
    return channels(
        settings,
        sms_provider="webhook",
        sms_webhook_url=url,
        sms_webhook_secret=SECRET,
        **overrides,
    )


async def test_the_webhook_gets_the_number_a_short_text_and_a_valid_signature(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    registration = await _registered_by_phone(client, pool, settings, "06 12 34 56 78")
    async with sms_gateway() as gateway:
        assert await deliver(pool, _webhook(settings, gateway.url)) == 1

    [request] = gateway.requests
    body = msgspec.json.decode(request.body)
    [row] = await rows_for(pool, registration["id"])
    assert (row.channel, row.status, row.attempts) == ("sms", "sent", 1)
    assert body["number"] == "+33612345678"
    assert body["message_id"] == str(row.id)
    assert request.headers["x-rencontres-message-id"] == str(row.id)
    timestamp = request.headers["x-rencontres-timestamp"]
    expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256)
    assert hmac.compare_digest(
        request.headers["x-rencontres-signature"], f"sha256={expected.hexdigest()}"
    )
    text = body["text"]
    ticket = registration["ticket"]
    code = ticket["short_code"]
    assert "votre place est confirmée" in text
    assert ticket["url"] in text
    assert code in text and code[4] == "-", "shown as ABCD-EFGH, as everywhere"
    assert "\u00a0" not in text and "«" not in text
    assert len(text) - len(ticket["url"]) < 250, "short, the link aside"


async def _failing_gateway_is_retried_then_dead(
    client: AsyncClient, pool: Any, settings: Settings, mode: SmsMode, error: str
) -> None:
    registration = await _registered_by_phone(client, pool, settings, "+33 6 98 76 54 32")
    async with sms_gateway(mode) as gateway:
        chan = _webhook(settings, gateway.url, delivery_timeout_seconds=0.3)
        start = soon()
        assert await deliver(pool, chan, start) == 1
        [row] = await rows_for(pool, registration["id"])
        assert (row.status, row.attempts) == ("pending", 1)
        assert error in (row.last_error or "")
        assert row.next_attempt_at == start + timedelta(seconds=60)

        assert await deliver(pool, chan, start + timedelta(seconds=60)) == 1
        assert await deliver(pool, chan, start + timedelta(seconds=180)) == 1
        [row] = await rows_for(pool, registration["id"])
        assert (row.status, row.attempts) == ("dead", 3)
        assert error in (row.last_error or "")
    assert len(gateway.requests) == 3
    assert len({r.headers["x-rencontres-message-id"] for r in gateway.requests}) == 1


async def test_a_webhook_answering_500_is_retried_with_backoff_then_the_message_is_dead(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await _failing_gateway_is_retried_then_dead(client, pool, settings, "fail", "answered 500")


async def test_a_hanging_webhook_times_out_and_is_retried_then_dead(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await _failing_gateway_is_retried_then_dead(client, pool, settings, "hang", "timed out")


async def test_an_invalid_phone_number_is_dead_at_once_and_nothing_is_sent(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    registration = await _registered_by_phone(client, pool, settings, "06 12 34 56 78")
    await pool.execute(
        "update outbox set recipient = '12' where registration_id = $1", registration["id"]
    )
    async with sms_gateway() as gateway:
        assert await deliver(pool, _webhook(settings, gateway.url)) == 1
    [row] = await rows_for(pool, registration["id"])
    assert (row.status, row.attempts) == ("dead", 1)
    assert "invalid phone number" in (row.last_error or "")
    assert gateway.requests == []


async def test_with_sms_switched_off_the_message_is_skipped_and_says_why(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    registration = await _registered_by_phone(client, pool, settings, "06 12 34 56 78")
    assert await deliver(pool, channels(settings, sms_provider="none")) == 1
    [row] = await rows_for(pool, registration["id"])
    assert (row.status, row.reason) == ("skipped", "sms_disabled")


async def test_the_console_provider_takes_the_message_for_development(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    registration = await _registered_by_phone(client, pool, settings, "0692 12 34 56")
    assert await deliver(pool, channels(settings, sms_provider="console")) == 1
    [row] = await rows_for(pool, registration["id"])
    assert row.status == "sent"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("0639 12 34 56", "+262639123456"),  # Mayotte
        ("0694 12 34 56", "+594694123456"),  # Guyane
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("+44 7700 900123", "+447700900123"),
    ],
)
def test_numbers_are_written_internationally_with_overseas_country_codes(
    typed: str, number: str
) -> None:
    assert sms.normalise_number(typed) == number


@pytest.mark.parametrize("typed", ["12", "06 12 34", "abc", "+0612345678", "06 12 34 56 78 90 12"])
def test_what_is_not_a_phone_number_fails_for_good(typed: str) -> None:
    with pytest.raises(DeliveryFailed) as failure:
        sms.normalise_number(typed)
    assert failure.value.permanent
