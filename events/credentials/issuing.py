"""Issuing a reviewed card as a signed credential, and handing it out again.

One credential per reviewed card version: asking again for the same version gives the same
credential (same id, same proof), so that a holder never has two versions of one fact — unless
the holder chose another form of their name: the old one is then replaced (its bit set). The card
issued is the last reviewed snapshot — what recruiters see — never a draft nobody read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec

from events import audit, db
from events.actors import Actor
from events.credentials import achievement, keys, proof, status
from events.errors import CredentialNotFound, SkillsCardNotReviewed
from events.skills_cards import access, card, vocabulary


class Issued(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    card_version: int
    credential: dict[str, Any]
    issued_at: datetime
    name_choice: achievement.NameChoice = "initial"
    # Withdrawn by staff (or, once erased, by the erasure): asking again gives it as it is.
    revoked: bool = False


async def issue(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, now: datetime, public_url: str
) -> Issued:
    """The credential of the candidate's last reviewed card, for those who follow the candidate
    (``access.require_follower``), signed with the key of the organisation whose staff reviewed
    it; made and audited the first time, the same one afterwards (see ``_issue``)."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    return await _issue(conn, candidate_id=candidate_id, by=by, now=now, public_url=public_url)


async def issue_for_holder(
    conn: db.Conn,
    *,
    candidate_id: UUID,
    name_choice: achievement.NameChoice,
    now: datetime,
    public_url: str,
) -> Issued:
    """The holder's own credential, asked for from their page (the caller has checked their
    ticket): their choice of name form is stored first, then the credential of the last
    reviewed card is issued with it — a new choice replaces the credential issued with the
    old one, whose bit is set (``replaced``). Never sent to anyone: the holder shares it."""
    before = await db.fetch_value(
        conn, "update_candidate_credential_name", candidate_id=candidate_id, name_choice=name_choice
    )
    if before != name_choice:
        await audit.record(
            conn,
            by=None,
            action="credential.name_choice",
            subject_type="candidate",
            subject_id=candidate_id,
            on_behalf_of=candidate_id,
            data={"name_choice": name_choice},
        )
    return await _issue(conn, candidate_id=candidate_id, by=None, now=now, public_url=public_url)


async def current(conn: db.Conn, *, candidate_id: UUID) -> Issued | None:
    """The credential of the last reviewed card as it stands (current or withdrawn by staff),
    without issuing one; None while none was issued, or the card was never reviewed."""
    reviewed = await card.last_review(conn, candidate_id=candidate_id)
    if reviewed is None:
        return None
    return await db.fetch_one(
        conn,
        "get_issued_credential_for_version",
        Issued,
        candidate_id=candidate_id,
        card_version=reviewed.version,
    )


async def _issue(
    conn: db.Conn, *, candidate_id: UUID, by: Actor | None, now: datetime, public_url: str
) -> Issued:
    """One credential per reviewed version and name form: the one already issued when it
    holds the holder's current name choice (or was withdrawn by staff: withdrawn it stays);
    otherwise the one issued with another name form is replaced, and a new one issued, by
    ``by`` (None: the holder)."""
    reviewed = await card.last_review(conn, candidate_id=candidate_id)
    if reviewed is None:
        raise SkillsCardNotReviewed
    holder = await db.fetch_one(
        conn,
        "get_credential_holder",
        achievement.Holder,
        candidate_id=candidate_id,
        reviewed_by=reviewed.reviewed_by,
    )
    if holder is None:  # pragma: no cover - the callers found the candidate
        raise SkillsCardNotReviewed
    already = await db.fetch_one(
        conn,
        "get_issued_credential_for_version",
        Issued,
        candidate_id=candidate_id,
        card_version=reviewed.version,
    )
    if already is not None and (already.revoked or already.name_choice == holder.name_choice):
        return already
    key = await keys.for_organisation(conn, organisation_id=holder.organisation_id, now=now)
    if already is not None:
        await db.execute(conn, "update_issued_credential_replaced", id=already.id, now=now)
        await audit.record(
            conn,
            by=by,
            action="credential.replace",
            subject_type="candidate",
            subject_id=candidate_id,
            on_behalf_of=candidate_id,
            data={"credential_id": str(already.id), "name_choice": holder.name_choice},
        )
    index: int = await db.fetch_value(
        conn, "next_status_index", organisation_id=holder.organisation_id
    )
    if index >= status.LENGTH:  # pragma: no cover - a second list is for later
        raise RuntimeError(f"the status list of organisation {holder.organisation_id} is full")
    skills = {skill.code: skill for skill in await vocabulary.list_skills(conn)}
    credential_id = uuid4()
    unsigned = achievement.credential(
        credential_id=credential_id,
        card=reviewed.card,
        skills=skills,
        holder=holder,
        issuer=proof.did_key(key.public_key),
        issued_at=now,
        public_url=public_url,
        status=status.entry(index, public_key=key.public_key, public_url=public_url),
    )
    signed = proof.sign(unsigned, private_key=key.private_key, created=now)
    stored = await db.fetch_one(
        conn,
        "insert_issued_credential",
        Issued,
        id=credential_id,
        candidate_id=candidate_id,
        card_version=reviewed.version,
        organisation_id=holder.organisation_id,
        credential=signed,
        issued_by=by.id if by else None,
        issued_at=now,
        status_index=index,
        name_choice=holder.name_choice,
    )
    if stored is None:  # issued meanwhile by someone else: theirs is the one
        return await _issue(conn, candidate_id=candidate_id, by=by, now=now, public_url=public_url)
    await audit.record(
        conn,
        by=by,
        action="credential.issue",
        subject_type="candidate",
        subject_id=candidate_id,
        on_behalf_of=candidate_id,
        data={
            "credential_id": str(credential_id),
            "version": reviewed.version,
            "issuer": proof.did_key(key.public_key),
            "skills": len(reviewed.card.skills),
        },
    )
    return stored


async def shared(conn: db.Conn, *, credential_id: UUID) -> dict[str, Any]:
    """A credential as issued, for whoever holds its address (the holder shares it); gone with
    its holder's erasure."""
    found = await db.fetch_one(conn, "get_issued_credential", Issued, id=credential_id)
    if found is None:
        raise CredentialNotFound
    return found.credential
