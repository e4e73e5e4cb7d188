"""Candidates: people far from employment, registered (often for them) by the organisers and
coaches of one organisation. Their social situation is kept apart and shown only to those who
follow them (``events.skills_cards.access.require_follower``)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from events import audit, db, pagination
from events.actors import Actor
from events.errors import CandidateNotFound, Forbidden, InvalidInput, OrganisationNotFound
from events.fields import Email, Name, Phone, Postcode
from events.i18n import Language
from events.skills_cards import access

Note = Annotated[str, msgspec.Meta(max_length=2000, pattern=r"^[^\x00]*$")]
# Mails and text messages follow it; pages follow the reader's browser instead.
MessageLanguage = Annotated[
    Language,
    msgspec.Meta(
        description="The language the candidate reads their mails, text messages and calendar "
        "invites in: `fr` (the default) or `en`."
    ),
]
RefugeeStatus = Literal[
    "asylum_seeker",
    "refugee",
    "subsidiary_protection",
    "temporary_protection",
    "stateless",
    "other",
]
# rsa: minimum income; ass: long-term unemployment allowance; aah: disabled adult allowance;
# are: unemployment benefit; cej: youth commitment contract allowance.
Benefit = Literal["rsa", "ass", "aah", "are", "cej", "other"]
Housing = Literal[
    "own_or_rented", "family_or_friends", "temporary", "emergency_shelter", "homeless", "other"
]
# The earliest birth year taken; the latest is the current one (``PrivateIn.__post_init__``).
FIRST_BIRTH_YEAR = 1900
# For funders' figures (issue 12): women's share, and the French diploma levels (3: CAP/BEP,
# 4: baccalauréat, 5: bac+2, 6: bac+3/4, 7-8: master and above); "none": no diploma.
Gender = Literal["woman", "man", "other"]
DiplomaLevel = Literal["none", "level_3", "level_4", "level_5", "level_6", "level_7_8"]


class PrivateIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The social situation as staff write it. In a change, a key left out stays as it was and
    null removes it."""

    refugee_status: RefugeeStatus | UnsetType | None = UNSET
    benefits: Annotated[list[Benefit], msgspec.Meta(max_length=6)] | UnsetType | None = UNSET
    rqth: bool | UnsetType | None = UNSET
    disability_notes: Note | UnsetType | None = UNSET
    housing: Housing | UnsetType | None = UNSET
    qpv: bool | UnsetType | None = UNSET
    health_notes: Note | UnsetType | None = UNSET
    justice: bool | UnsetType | None = UNSET
    other_barriers: Note | UnsetType | None = UNSET
    # For telling two people of the same name apart, and for funders' figures by age.
    birth_year: int | UnsetType | None = UNSET
    gender: Gender | UnsetType | None = UNSET
    diploma_level: DiplomaLevel | UnsetType | None = UNSET

    def __post_init__(self) -> None:
        if isinstance(self.benefits, list) and len(set(self.benefits)) != len(self.benefits):
            raise InvalidInput(
                field="private.benefits",
                reason_fr="Une aide est en double.",
                reason_en="A benefit is listed twice.",
            )
        if isinstance(self.birth_year, int):
            # Checked against the clock when the input is read: the year moves on.
            last = datetime.now(UTC).year
            if not FIRST_BIRTH_YEAR <= self.birth_year <= last:
                raise InvalidInput(
                    field="private.birth_year",
                    reason_fr=f"Écrivez une année de naissance entre {FIRST_BIRTH_YEAR} et "
                    f"{last}, par exemple 1990.",
                    reason_en=f"Write a year of birth between {FIRST_BIRTH_YEAR} and {last}, "
                    "for example 1990.",
                )


class Private(msgspec.Struct, frozen=True, kw_only=True):
    """The social situation as stored; every key, null when unknown."""

    refugee_status: RefugeeStatus | None = None
    benefits: list[Benefit] | None = None
    rqth: bool | None = None
    disability_notes: str | None = None
    housing: Housing | None = None
    qpv: bool | None = None
    health_notes: str | None = None
    justice: bool | None = None
    other_barriers: str | None = None
    birth_year: int | None = None
    gender: Gender | None = None
    diploma_level: DiplomaLevel | None = None


class CandidateIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    first_name: Name
    last_name: Name
    email: Email | None = None
    phone: Phone | None = None
    city: Name | None = None
    postcode: Postcode | None = None
    language: MessageLanguage = "fr"
    private: PrivateIn | None = None
    # Admins say which organisation; staff may repeat their own or leave it out.
    organisation_id: UUID | None = None


class CandidatePatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A partial change: a key left out stays as it was; null clears an optional field, and
    ``"private": null`` erases the whole social situation."""

    first_name: Name | UnsetType = UNSET
    last_name: Name | UnsetType = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Phone | UnsetType | None = UNSET
    city: Name | UnsetType | None = UNSET
    postcode: Postcode | UnsetType | None = UNSET
    language: MessageLanguage | UnsetType = UNSET
    private: PrivateIn | UnsetType | None = UNSET


class CandidateRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    city: str | None
    postcode: str | None
    language: Language
    created_at: datetime
    updated_at: datetime


class StaffCandidateRow(CandidateRow, frozen=True, kw_only=True):
    private: Private | None


class CandidatePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CandidateRow]
    next_cursor: str | None


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """Text as search compares it: no case, no accents, no spaces or punctuation, so that
    "ndiaye", "N'Diaye" and "n diaye" all find Zoé N'Diaye-Lefèvre."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if c.isalnum())


def _search_name(first_name: str, last_name: str) -> str:
    # Both orders, split by a character no folded query holds, so "Lefèvre Zoé" finds her too.
    return f"{fold(first_name + last_name)}|{fold(last_name + first_name)}"


def _organisation_for_new(candidate: CandidateIn, by: Actor | None) -> UUID:
    """Staff register into their own organisation only; admins and the command line name one."""
    if by is not None and not by.is_admin:
        by.require("organiser", "coach")
        if by.organisation_id is None or candidate.organisation_id not in (
            None,
            by.organisation_id,
        ):
            raise Forbidden
        return by.organisation_id
    if candidate.organisation_id is None:
        raise InvalidInput(
            field="organisation_id",
            reason_fr="Dites à quelle structure la personne est rattachée.",
            reason_en="Say which organisation the candidate belongs to.",
        )
    return candidate.organisation_id


async def create(
    conn: db.Conn, *, candidate: CandidateIn, by: Actor | None, now: datetime
) -> StaffCandidateRow:
    """Organisers and coaches register candidates into their own organisation, admins into the
    one they name; neither e-mail nor phone is needed. Recorded as done for the candidate."""
    organisation_id = _organisation_for_new(candidate, by)
    first_name, last_name = candidate.first_name.strip(), candidate.last_name.strip()
    candidate_id = await db.fetch_value(
        conn,
        "insert_candidate",
        organisation_id=organisation_id,
        first_name=first_name,
        last_name=last_name,
        email=candidate.email,
        phone=candidate.phone,
        city=candidate.city.strip() if candidate.city else None,
        postcode=candidate.postcode,
        language=candidate.language,
        search_name=_search_name(first_name, last_name),
        created_by=by.id if by else None,
    )
    if candidate_id is None:
        raise OrganisationNotFound
    if candidate.private is not None:
        await db.execute(
            conn,
            "merge_candidate_private",
            candidate_id=candidate_id,
            data=candidate.private,
            updated_by=by.id if by else None,
            now=now,
        )
    await audit.record(
        conn,
        by=by,
        action="candidate.create",
        subject_type="candidate",
        subject_id=candidate_id,
        on_behalf_of=candidate_id,
        # Which fields were filled, never their values: the log is not a second copy of them.
        data={"fields": _given(candidate), "private_fields": _given(candidate.private)},
    )
    return await _staff_view(conn, candidate_id)


async def get(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> StaffCandidateRow:
    """Those who follow the candidate (``access.require_follower``): admins, organisers of their
    organisation, and coaches of events they are registered to. To anyone else, a coach of the
    same organisation included, the candidate does not exist."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    return await _staff_view(conn, candidate_id)


async def update(
    conn: db.Conn, *, candidate_id: UUID, change: CandidatePatch, by: Actor, now: datetime
) -> StaffCandidateRow:
    """Same audience as ``get``; the row is locked while the change is merged into it, and the
    change is recorded as done for the candidate."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    row = await db.fetch_one(conn, "lock_candidate", CandidateRow, id=candidate_id)
    if row is None:  # pragma: no cover - seen by require_follower in this same transaction
        raise CandidateNotFound
    fields = {
        name: value.strip() if name in ("first_name", "last_name", "city") and value else value
        for name, value in msgspec.structs.asdict(change).items()
        if value is not UNSET and name != "private"
    }
    if fields:
        new = msgspec.structs.replace(row, **fields)
        await db.execute(
            conn,
            "update_candidate",
            id=row.id,
            first_name=new.first_name,
            last_name=new.last_name,
            email=new.email,
            phone=new.phone,
            city=new.city,
            postcode=new.postcode,
            language=new.language,
            search_name=_search_name(new.first_name, new.last_name),
            now=now,
        )
    if change.private is None:
        await db.execute(conn, "delete_candidate_private", candidate_id=row.id)
    elif isinstance(change.private, PrivateIn):
        await db.execute(
            conn,
            "merge_candidate_private",
            candidate_id=row.id,
            data=change.private,
            updated_by=by.id,
            now=now,
        )
    if fields or change.private is not UNSET:
        await audit.record(
            conn,
            by=by,
            action="candidate.update",
            subject_type="candidate",
            subject_id=row.id,
            on_behalf_of=row.id,
            data={
                "fields": sorted(fields),
                "private_fields": _private_fields(change.private),
            },
        )
    return await _staff_view(conn, row.id)


async def list_for_staff(
    conn: db.Conn,
    *,
    by: Actor,
    q: str | None,
    organisation_id: UUID | None,
    limit: int,
    cursor: str | None,
) -> CandidatePage:
    """Organisers and coaches list their organisation's candidates, admins any organisation's
    (or all); found by name whatever the accents, case or punctuation."""
    by.require("organiser", "coach")
    if not by.is_admin:
        if organisation_id not in (None, by.organisation_id):
            raise Forbidden
        organisation_id = by.organisation_id
    after = pagination.decode_cursor(cursor, tuple[UUID])
    folded = fold(q) if q else ""
    rows = await db.fetch_all(
        conn,
        "list_candidates_for_staff",
        CandidateRow,
        organisation_id=organisation_id,
        q=folded or None,
        after_id=after[0] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [str(r.id)])
    return CandidatePage(items=items, next_cursor=next_cursor)


async def _staff_view(conn: db.Conn, candidate_id: UUID) -> StaffCandidateRow:
    row = await db.fetch_one(conn, "get_candidate_for_staff", StaffCandidateRow, id=candidate_id)
    if row is None:  # pragma: no cover - written in this same transaction
        raise CandidateNotFound
    return row


def _private_fields(change: PrivateIn | UnsetType | None) -> list[str] | str:
    if not isinstance(change, PrivateIn):
        return "all" if change is None else []
    # A key set to null is a change too: that part of the situation was erased.
    return sorted(k for k, v in msgspec.structs.asdict(change).items() if v is not UNSET)


def _given(struct: msgspec.Struct | None) -> list[str]:
    if struct is None:
        return []
    return sorted(
        name for name, value in msgspec.structs.asdict(struct).items() if value not in (None, UNSET)
    )
