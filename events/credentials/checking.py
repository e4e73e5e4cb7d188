"""What the public verification page says about a credential: whether it is valid, revoked or
tampered with, who issued it, and what it says, in plain words.

- **tampered**: the proof does not hold (a field changed, a forged signature, a key that is not
  the issuer's, contexts that are not the ones we ship): nothing it says can be trusted;
- **foreign**: the proof holds but the key is none of our organisations': we cannot say more;
- **revoked**: ours, and its bit is set (withdrawn by staff, replaced by a newer review or by
  the holder's choice of another name form, or its holder was erased — the page says which,
  except for erasure, which it does not reveal);
- **valid**: ours, intact, not revoked.

Every check is audited (who looked is unknown: the page is public)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.credentials import keys, proof
from events.errors import CredentialNotFound

Verdict = Literal["valid", "revoked", "tampered", "foreign"]
Reason = Literal["withdrawn", "superseded", "other"]


class SkillSaid(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    level: str
    anchor: str
    evidence: str


class Said(msgspec.Struct, frozen=True, kw_only=True):
    """What the credential claims, read defensively: a pasted document may hold anything."""

    title: str
    holder: str
    issuer_name: str
    issuer: str
    valid_from: str
    skills: list[SkillSaid]


class Check(msgspec.Struct, frozen=True, kw_only=True):
    verdict: Verdict
    reason: Reason | None
    # The issuing organisation's name as we know it, when the key is one of ours.
    issued_by: str | None
    said: Said


class _Status(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    revoked_at: datetime | None
    erased: bool
    superseded: bool
    # Revoked by the holder's choice of another name form: a newer credential replaces it.
    replaced: bool = False


class _Stored(msgspec.Struct, frozen=True, kw_only=True):
    credential: dict[str, Any]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _nodes(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def said(document: dict[str, Any]) -> Said:
    """The claims of a credential shaped as ours, whatever is missing."""
    issuer = document.get("issuer")
    subject = next(iter(_nodes(document.get("credentialSubject"))), {})
    achievement = next(iter(_nodes(subject.get("achievement"))), {})
    descriptions = {_text(d.get("id")): d for d in _nodes(achievement.get("resultDescription"))}
    evidence = {
        _text(e.get("name")): _text(e.get("narrative")) for e in _nodes(document.get("evidence"))
    }
    skills = []
    for result in _nodes(subject.get("result")):
        description = descriptions.get(_text(result.get("resultDescription")), {})
        levels = {_text(r.get("id")): r for r in _nodes(description.get("rubricCriterionLevel"))}
        level = levels.get(_text(result.get("achievedLevel")), {})
        name = _text(description.get("name"))
        skills.append(
            SkillSaid(
                name=name,
                level=_text(result.get("value")),
                anchor=_text(level.get("description")),
                evidence=evidence.get(name, ""),
            )
        )
    identifiers = _nodes(subject.get("identifier"))
    return Said(
        title=_text(document.get("name")),
        holder=next((_text(i.get("identityHash")) for i in identifiers if not i.get("hashed")), ""),
        issuer_name=_text(issuer.get("name")) if isinstance(issuer, dict) else "",
        issuer=proof.issuer_of(document) or "",
        valid_from=_text(document.get("validFrom")),
        skills=skills,
    )


def _credential_id(document: dict[str, Any], public_url: str) -> UUID | None:
    prefix = f"{public_url.rstrip('/')}/verify/"
    found = _text(document.get("id"))
    if not found.startswith(prefix):
        return None
    try:
        return UUID(found.removeprefix(prefix))
    except ValueError:
        return None


async def check(
    conn: db.Conn, *, document: dict[str, Any], public_url: str, seen: Literal["link", "pasted"]
) -> Check:
    """The verdict on ``document`` (see the module's docstring), audited."""
    claims = said(document)
    if not proof.verify(document):
        return await _audited(
            conn, Check(verdict="tampered", reason=None, issued_by=None, said=claims), None, seen
        )
    key = await keys.by_public_key(
        conn, public_key=proof.public_key_of(str(document["proof"]["verificationMethod"]))
    )
    if key is None:
        return await _audited(
            conn, Check(verdict="foreign", reason=None, issued_by=None, said=claims), None, seen
        )
    organisation: str = await db.fetch_value(
        conn, "get_organisation_name", organisation_id=key.organisation_id
    )
    credential_id = _credential_id(document, public_url)
    status = (
        None
        if credential_id is None
        else await db.fetch_one(conn, "get_credential_status", _Status, id=credential_id)
    )
    if status is None:  # signed by one of our keys, yet never stored: say no more than that
        return await _audited(
            conn, Check(verdict="foreign", reason=None, issued_by=None, said=claims), None, seen
        )
    reason: Reason | None = (
        "superseded"
        if status.replaced or status.superseded
        else "withdrawn"
        if status.revoked_at is not None
        else "other"
        if status.erased
        else None
    )
    return await _audited(
        conn,
        Check(
            verdict="valid" if reason is None else "revoked",
            reason=reason,
            issued_by=organisation,
            said=claims,
        ),
        status,
        seen,
    )


async def _audited(
    conn: db.Conn, found: Check, status: _Status | None, seen: Literal["link", "pasted"]
) -> Check:
    await audit.record(
        conn,
        by=None,
        action="credential.check",
        subject_type="candidate" if status else "credential",
        subject_id=status.candidate_id if status else None,
        on_behalf_of=status.candidate_id if status else None,
        data={
            "credential_id": str(status.id) if status else None,
            "verdict": found.verdict,
            "seen": seen,
        },
    )
    return found


async def check_issued(conn: db.Conn, *, credential_id: UUID, public_url: str) -> Check:
    """The verdict on a credential we issued, as the QR code on paper leads to it; not found
    after its holder's erasure."""
    stored = await db.fetch_one(conn, "get_issued_credential", _Stored, id=credential_id)
    if stored is None:
        raise CredentialNotFound
    return await check(conn, document=stored.credential, public_url=public_url, seen="link")
