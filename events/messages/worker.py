"""The delivery worker: takes due outbox messages one at a time, each in its own transaction
holding the message's row, renders it from the current state, hands it over, and records the
outcome in that same transaction. Several workers (and several tasks in one) share the outbox
through ``FOR UPDATE SKIP LOCKED``: a message is in one worker's hands at a time.

A worker that dies between handing a message over and committing leaves it pending (its lock
goes with its connection): the message goes out again, with the same id. It also writes the
reminders whose time has come.

A message for a user (an organiser, coach or recruiter) goes the same way, with that user's own
invite and French words; so does a user's account mail, with its link to choose a password
(``account_mail``), the link's token made again here from its id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import urlsplit
from uuid import UUID

import asyncpg
import msgspec

from events import db, invites, links, retention
from events.directory import passwords
from events.errors import DomainError
from events.interview_grid import schedule_messages
from events.messages import account_mail, mail, notifications, outbox, sms, staff_mail
from events.messages.types import DeliveryFailed, Rendered
from events.outcomes import reminders as follow_up_mail
from events.pairings import schedules as pairing_schedules
from events.settings import Settings
from events.workshops import reminders as session_reminders

log = logging.getLogger(__name__)

# Reminders are due by the hour: looking every minute is soon enough.
REMINDER_SCAN_SECONDS: Final = 60.0


class Channels:
    """Where messages go, as the settings say; ``None`` for a channel that is switched off."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp = mail.parse_url(settings.smtp_url) if settings.smtp_url else None
        self.sms: sms.SmsProvider | None = None
        if settings.sms_provider == "console":
            self.sms = sms.ConsoleProvider()
        elif settings.sms_provider == "webhook":
            if not settings.sms_webhook_url or not settings.sms_webhook_secret:
                raise ValueError(
                    "EVENTS_SMS_PROVIDER=webhook needs EVENTS_SMS_WEBHOOK_URL and "
                    "EVENTS_SMS_WEBHOOK_SECRET"
                )
            self.sms = sms.WebhookProvider(
                url=settings.sms_webhook_url,
                secret=settings.sms_webhook_secret,
                timeout=settings.delivery_timeout_seconds,
            )
        self.backoff = outbox.Backoff(
            base_seconds=settings.delivery_backoff_seconds,
            max_seconds=settings.delivery_backoff_max_seconds,
            max_attempts=settings.delivery_max_attempts,
        )
        self.domain = urlsplit(settings.public_url).hostname or "localhost"


class Sent(msgspec.Struct, frozen=True):
    pass


class Skipped(msgspec.Struct, frozen=True):
    reason: str


async def _hand_over(
    conn: db.Conn, message: outbox.Claimed, *, channels: Channels, now: datetime
) -> Sent | Skipped:
    """Render the message from the state as it is now and give it to its channel."""
    if message.kind == "follow_ups_due":
        return await follow_up_mail.hand_over(conn, message, channels=channels, now=now)
    if message.kind in session_reminders.KINDS:
        return await session_reminders.hand_over(conn, message, channels=channels, now=now)
    if message.kind == "retention_warning":
        return await retention.hand_over_warning(conn, message, channels=channels, now=now)
    if message.kind == "pairing_schedule":
        return await pairing_schedules.hand_over(conn, message, channels=channels, now=now)
    if message.kind == "interview_schedule":
        return await schedule_messages.hand_over(conn, message, channels=channels, now=now)
    if message.password_link_id is not None:
        return await _hand_over_account_mail(conn, message, message.password_link_id, channels, now)
    if message.user_id is not None:
        return await _hand_over_to_user(conn, message, message.user_id, channels, now)
    if message.registration_id is None:  # pragma: no cover - outbox_addressee_check
        return Skipped("no_addressee")
    context = await db.fetch_one(
        conn,
        "get_message_context",
        notifications.Context,
        registration_id=message.registration_id,
    )
    if context is None:  # pragma: no cover - a registration is never deleted
        return Skipped("registration_gone")
    stale = notifications.stale_reason(
        message.kind, sequence=message.sequence, context=context, now=now
    )
    if stale is not None:
        return Skipped(stale)
    settings = channels.settings
    recipient = message.recipient or ""
    if message.channel == "email":
        if channels.smtp is None:
            return Skipped("mail_disabled")
        address = mail.check_address(recipient)
        invite = None
        if notifications.wants_invite(message.kind):
            invite = await invites.for_registration(
                conn,
                registration_id=message.registration_id,
                public_url=settings.public_url,
                mail_from=settings.mail_from,
            )
        rendered = notifications.mail(message.kind, context, message.language, settings.public_url)
        return await _send_mail(message, address, rendered, invite, channels.smtp, channels, now)
    if channels.sms is None:
        return Skipped("sms_disabled")
    number = sms.normalise_number(recipient)
    text = notifications.sms(message.kind, context, message.language, settings.public_url)
    await channels.sms.send(number=number, text=text, message_id=message.id, now=now)
    return Sent()


async def _hand_over_to_user(
    conn: db.Conn, message: outbox.Claimed, user_id: UUID, channels: Channels, now: datetime
) -> Sent | Skipped:
    """A staff member's or recruiter's mail, with their own invite (for a recruiter, that of the
    registration the message is about)."""
    event_id = message.event_id
    if event_id is None:  # pragma: no cover - outbox_subject_check
        return Skipped("no_event")
    context = await db.fetch_one(
        conn,
        "get_user_message_context",
        staff_mail.Context,
        event_id=event_id,
        user_id=user_id,
        registration_id=message.registration_id,
    )
    if context is None:  # pragma: no cover - events and users are never deleted
        return Skipped("user_gone")
    stale = staff_mail.stale_reason(
        message.kind, sequence=message.sequence, context=context, now=now
    )
    if stale is not None:
        return Skipped(stale)
    smtp = channels.smtp
    if smtp is None:
        return Skipped("mail_disabled")
    address = mail.check_address(message.recipient or "")
    settings = channels.settings
    try:
        invite = await invites.for_staff(
            conn,
            event_id=event_id,
            user_id=user_id,
            public_url=settings.public_url,
            mail_from=settings.mail_from,
            registration_id=message.registration_id,
        )
    except DomainError:
        # The user no longer takes part (another organisation's now): nothing to tell them.
        return Skipped("not_taking_part")
    rendered = staff_mail.mail(
        message.kind, context, event_id=event_id, public_url=settings.public_url
    )
    return await _send_mail(message, address, rendered, invite, smtp, channels, now)


async def _hand_over_account_mail(
    conn: db.Conn, message: outbox.Claimed, link_id: UUID, channels: Channels, now: datetime
) -> Sent | Skipped:
    """A welcome or reset mail, while its link still works (``account_mail.stale_reason``)."""
    context = await db.fetch_one(
        conn, "get_password_link_message_context", account_mail.Context, id=link_id
    )
    if context is None:  # pragma: no cover - a link is never deleted
        return Skipped("link_gone")
    stale = account_mail.stale_reason(context, now=now)
    if stale is not None:
        return Skipped(stale)
    smtp = channels.smtp
    if smtp is None:
        return Skipped("mail_disabled")
    address = mail.check_address(message.recipient or "")
    settings = channels.settings
    token = passwords.link_token(settings.secret_key, context.link_id, context.purpose)
    rendered = account_mail.mail(context, url=links.password_url(token, settings.public_url))
    return await _send_mail(message, address, rendered, None, smtp, channels, now)


async def _send_mail(
    message: outbox.Claimed,
    address: str,
    rendered: Rendered,
    invite: invites.Invite | None,
    smtp: mail.SmtpConfig,
    channels: Channels,
    now: datetime,
) -> Sent:
    settings = channels.settings
    email = mail.build(
        message_id=message.id,
        sender=settings.mail_from,
        recipient=address,
        rendered=rendered,
        language=message.language,
        domain=channels.domain,
        invite=invite,
        now=now,
    )
    await mail.send(email, config=smtp, limit_seconds=settings.delivery_timeout_seconds)
    return Sent()


async def deliver_one(pool: Any, *, channels: Channels, now: datetime) -> bool:
    """Deliver the oldest due message nobody else holds; ``False`` when there is none."""
    async with pool.acquire() as conn, conn.transaction():
        message = await outbox.claim(conn, now=now)
        if message is None:
            return False
        try:
            # A savepoint: a query that fails while rendering leaves the claim usable, so
            # that the failure is recorded on the message.
            async with conn.transaction():
                outcome = await asyncio.wait_for(
                    _hand_over(conn, message, channels=channels, now=now),
                    timeout=channels.settings.delivery_timeout_seconds * 3,
                )
        except DeliveryFailed as failure:
            await _failed(conn, message, failure.error, failure.permanent, channels, now)
        except TimeoutError:
            await _failed(conn, message, "delivery took too long", False, channels, now)
        except Exception as error:
            # A fault of ours: counted like any failed attempt, so it ends dead, not in a loop.
            log.exception("outbox message %s could not be delivered", message.id)
            await _failed(conn, message, f"{type(error).__name__}: {error}", False, channels, now)
        else:
            if isinstance(outcome, Skipped):
                await outbox.skip(conn, message_id=message.id, reason=outcome.reason)
            else:
                await outbox.ack(conn, message_id=message.id, now=now)
        return True


async def _failed(
    conn: db.Conn,
    message: outbox.Claimed,
    error: str,
    permanent: bool,
    channels: Channels,
    now: datetime,
) -> None:
    dead = await outbox.fail(
        conn, message=message, error=error, permanent=permanent, now=now, backoff=channels.backoff
    )
    log.warning(
        "outbox message %s (%s, %s) failed%s: %s",
        message.id,
        message.kind,
        message.channel,
        " for good" if dead else "",
        error,
    )


async def run_once(pool: Any, *, channels: Channels, now: datetime) -> int:
    """Write due reminders, then deliver every message due at ``now`` with the configured
    number of concurrent tasks; return how many were handled."""
    async with db.transaction(pool) as conn:
        await outbox.enqueue_due_reminders(conn, now=now)
        await session_reminders.enqueue_due(conn, now=now)
    return await drain(pool, channels=channels, now=now)


async def drain(pool: Any, *, channels: Channels, now: datetime) -> int:
    """Deliver every message due at ``now``; return how many were handled."""

    async def lane() -> int:
        handled = 0
        while await deliver_one(pool, channels=channels, now=now):
            handled += 1
        return handled

    # A task group: should one lane fail (the database gone), the others stop with it.
    async with asyncio.TaskGroup() as group:
        lanes = [
            group.create_task(lane()) for _ in range(max(channels.settings.worker_concurrency, 1))
        ]
    return sum(task.result() for task in lanes)


async def run(pool: Any, *, channels: Channels, stop: asyncio.Event) -> None:
    """Deliver until ``stop`` is set: drain what is due, then wait a poll interval."""
    settings = channels.settings
    last_scan = 0.0
    loop = asyncio.get_running_loop()
    log.info("outbox worker started")
    while not stop.is_set():
        now = datetime.now(UTC)
        try:
            if loop.time() - last_scan >= REMINDER_SCAN_SECONDS:
                async with db.transaction(pool) as conn:
                    await outbox.enqueue_due_reminders(conn, now=now)
                    await session_reminders.enqueue_due(conn, now=now)
                    await follow_up_mail.enqueue_due(conn, now=now)
                await retention.run_daily(pool, now=now)
                last_scan = loop.time()
            handled = await drain(pool, channels=channels, now=now)
        except Exception:
            # The database is away, or a fault of ours outside any one message: wait a poll
            # interval and go on, rather than stop delivering for good.
            log.exception("outbox worker: delivery round failed")
            handled = 0
        if handled:
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.worker_poll_seconds)
    log.info("outbox worker stopped")


# How often a process that does not lead tries to take the lead, and how often the leader checks
# that its lock's connection still answers (a silent network cut is seen no later than that).
LEADER_CHECK_SECONDS: Final = 5.0


async def run_as_leader(
    dsn: str,
    pool: Any,
    *,
    channels: Channels,
    stop: asyncio.Event,
    check_seconds: float = LEADER_CHECK_SECONDS,
) -> None:
    """The outbox worker of ``events serve``, in one process only, however many serve (``serve
    --workers N``, several machines on one database): the process that holds the database's
    advisory lock ``lock_delivery_leader`` delivers; the others try again every
    ``check_seconds``. The lock is held on a connection of its own and goes with it: when the
    leader stops, dies or loses the database, another process takes over. ``events worker``
    processes do not take part: each delivers (``FOR UPDATE SKIP LOCKED`` shares the outbox
    between all of them, so that even a brief overlap sends nothing twice)."""
    while not stop.is_set():
        try:
            await _lead_while_locked(dsn, pool, channels=channels, stop=stop, every=check_seconds)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.info("outbox leadership: the database is away (%r); trying again", error)
        except Exception:  # a fault of ours: said loudly, and tried again all the same
            log.exception("outbox leadership failed; trying again")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=check_seconds)


async def _lead_while_locked(
    dsn: str, pool: Any, *, channels: Channels, stop: asyncio.Event, every: float
) -> None:
    """Take the lock if free, and then deliver until ``stop`` or until its connection fails."""
    conn = await asyncpg.connect(dsn, timeout=every)
    try:
        if not await db.fetch_value(conn, "lock_delivery_leader"):
            return
        log.info("process %d delivers the outbox (it holds the delivery lock)", os.getpid())
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _conn: lost.set())
        resign = asyncio.Event()
        task = asyncio.create_task(run(pool, channels=channels, stop=resign))
        try:
            while not stop.is_set() and not lost.is_set() and not task.done():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=every)
                if not stop.is_set():
                    try:
                        await asyncio.wait_for(db.fetch_value(conn, "ping"), timeout=every)
                    except Exception:
                        lost.set()
            if lost.is_set():
                log.warning("the delivery lock's connection was lost: no more delivering here")
        finally:
            resign.set()
            await task
    finally:
        try:
            await asyncio.wait_for(conn.close(), timeout=every)
        except Exception:  # a connection that no longer answers: drop it (the lock goes with it)
            conn.terminate()
