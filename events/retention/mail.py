"""The warning mail: a coach (or an organiser) is told, 30 days before, that some data of a
person they follow will be anonymised, so that nothing they still need goes unseen. Written at
delivery from the state then: once the person is erased, or nothing is due any more, nothing
is sent."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec

from events import db
from events.messages.types import Rendered

if TYPE_CHECKING:
    from events.messages import outbox
    from events.messages.worker import Channels, Sent, Skipped

_PARIS = ZoneInfo("Europe/Paris")


class Context(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    last_name: str
    event_title: str
    recipient_name: str
    private_due_at: datetime | None
    observations_due_at: datetime | None


def _day(moment: datetime) -> str:
    return moment.astimezone(_PARIS).strftime("%d/%m/%Y")


def render(context: Context) -> Rendered:
    """In French (staff have no language of their own)."""
    name = f"{context.first_name} {context.last_name}"
    lines = [
        f"Bonjour {context.recipient_name},",
        f"Vous suivez {name} (dernière rencontre\u00a0: «\u00a0{context.event_title}\u00a0»).",
        "Pour protéger ses données, certaines seront bientôt effacées\u00a0:",
    ]
    if context.private_due_at is not None:
        lines.append(f"- sa situation sociale, à partir du {_day(context.private_due_at)}\u00a0;")
    if context.observations_due_at is not None:
        lines.append(
            "- les notes des observations, sa carte de compétences, son CV, et ce qui a été "
            "noté de ses souhaits et de ses disponibilités pour les rencontres, à partir du "
            f"{_day(context.observations_due_at)}."
        )
    lines.append(
        "Les chiffres des rencontres ne changent pas. Si cette personne revient à une "
        "rencontre, le délai repart de zéro."
    )
    return Rendered(
        subject=f"Données bientôt effacées\u00a0: {name}",
        text="\n\n".join(lines) + "\n",
        html="".join(f"<p>{escape(line)}</p>" for line in lines),
    )


async def hand_over(
    conn: db.Conn, message: outbox.Claimed, *, channels: Channels, now: datetime
) -> Sent | Skipped:
    """The worker's hand-over of a ``retention_warning`` (``events.messages.worker``)."""
    from events.messages import mail, worker

    context = None
    if message.user_id is not None and message.registration_id is not None:
        context = await db.fetch_one(
            conn,
            "get_retention_message_context",
            Context,
            registration_id=message.registration_id,
            user_id=message.user_id,
        )
    if context is None or (context.private_due_at is None and context.observations_due_at is None):
        return worker.Skipped("nothing_due")
    if channels.smtp is None:
        return worker.Skipped("mail_disabled")
    address = mail.check_address(message.recipient or "")
    return await worker._send_mail(
        message, address, render(context), None, channels.smtp, channels, now
    )
