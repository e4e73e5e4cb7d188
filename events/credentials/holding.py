"""The holder's own credential, from their page (``/t/{token}/moi``): they choose how their name
appears, and get the credential of their last reviewed card to download (JSON, baked SVG) and
the address of its verification page. The holder shares it, or not: the service never sends it
to anyone."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import db
from events.credentials import achievement, issuing
from events.errors import CandidateNotFound
from events.skills_cards import card
from events.tickets import by_token


class NameOption(msgspec.Struct, frozen=True, kw_only=True):
    choice: achievement.NameChoice
    name: str


class Mine(msgspec.Struct, frozen=True, kw_only=True):
    """What the holder's page shows of their credential."""

    reviewed: bool
    name_choice: achievement.NameChoice
    # The three ways their name can appear, in the order of ``achievement.NAME_CHOICES``.
    names: list[NameOption]
    # The credential of the last reviewed card, if one was issued.
    credential_id: UUID | None
    # Withdrawn by staff: the holder cannot get a new one for this version.
    withdrawn: bool


class _Names(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    last_name: str
    name_choice: achievement.NameChoice


async def mine(conn: db.Conn, *, candidate_id: UUID) -> Mine:
    """The holder's credential as their page shows it (the caller found them by their ticket)."""
    names = await db.fetch_one(
        conn, "get_credential_name_choice", _Names, candidate_id=candidate_id
    )
    if names is None:  # pragma: no cover - a ticket's candidate is never deleted
        raise CandidateNotFound
    reviewed = await card.last_review(conn, candidate_id=candidate_id)
    issued = await issuing.current(conn, candidate_id=candidate_id)
    return Mine(
        reviewed=reviewed is not None,
        name_choice=names.name_choice,
        names=[
            NameOption(
                choice=choice,
                name=achievement.holder_name(names.first_name, names.last_name, choice),
            )
            for choice in achievement.NAME_CHOICES
        ],
        credential_id=issued.id if issued else None,
        withdrawn=issued.revoked if issued else False,
    )


async def get_mine(
    conn: db.Conn,
    *,
    token: str,
    name_choice: achievement.NameChoice,
    now: datetime,
    public_url: str,
) -> issuing.Issued:
    """The holder, with one of their tickets, gets the credential of their last reviewed card
    with the name as they chose it (``issuing.issue_for_holder``); a company's ticket has no
    candidate (``candidate_not_found``)."""
    ticket = await by_token.find_for_holder(conn, token=token)
    if ticket.candidate_id is None:
        raise CandidateNotFound
    return await issuing.issue_for_holder(
        conn,
        candidate_id=ticket.candidate_id,
        name_choice=name_choice,
        now=now,
        public_url=public_url,
    )
