"""What the import pages show beyond the domain's answers (``events.web.admin.imports``): the
choices offered (organisations for an admin, the organisation's coming events), the columns'
names, numbers as the reader writes them, the mapping form as sent, and the notes beside a
row's outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from events import catalog, i18n
from events.actors import Actor
from events.directory import imports, organisations
from events.errors import InvalidInput, read_validation
from events.web.admin.common import FormCtx
from events.web.admin.imports_texts import FIELDS, REASONS, WORDS

EVENT_CHOICES: Final = 100
ORGANISATION_CHOICES: Final = 500


def number(n: int, language: i18n.Language) -> str:
    """2 000 in French (a narrow no-break space), 2,000 in English."""
    return f"{n:,}".replace(",", "\u202f" if language == "fr" else ",")


async def organisation_choices(conn: Any, actor: Actor) -> list[organisations.Organisation]:
    """An admin chooses the organisation to import into; anyone else imports into theirs."""
    if not actor.is_admin:
        return []
    found = await organisations.list_visible(
        conn, by=actor, limit=ORGANISATION_CHOICES, cursor=None
    )
    return found.items


async def event_choices(
    conn: Any, actor: Actor, batch: imports.ImportRow, now: datetime
) -> list[catalog.EventRow]:
    """The import's organisation's published events still to come (the domain checks the one
    chosen: ``imports.set_mapping``)."""
    found = await catalog.list_events(
        conn,
        own_only=True,
        by=actor,
        status="published",
        starts_from=now,
        limit=EVENT_CHOICES,
        cursor=None,
    )
    return [
        e
        for e in found.items
        if isinstance(e, catalog.EventRow) and e.organisation_id == batch.organisation_id
    ]


def column_names(header: list[str], language: i18n.Language) -> list[str]:
    words = WORDS[language]
    return [
        words["imp_column"].format(title=title) if title else words["imp_untitled"].format(n=index)
        for index, title in enumerate(header, start=1)
    ]


def mapping_refusal(sent: dict[str, Any], error: Exception) -> InvalidInput:
    if isinstance(error, InvalidInput):
        return error
    return InvalidInput.from_validation(
        read_validation(str(error)), shape=imports.MappingIn, sent=sent
    )


def notes_of(line: imports.ResultLine, language: i18n.Language) -> list[str]:
    """What a row's outcome adds: the fields a merge filled, the look-alikes of another name."""
    words, fields, reasons = WORDS[language], FIELDS[language], REASONS[language]
    notes = []
    if line.outcome == "merged":
        filled = ", ".join(fields.get(f, f) for f in line.filled or [])
        notes.append(
            words["imp_filled"].format(fields=filled) if filled else words["imp_nothing_filled"]
        )
    for d in line.look_alikes or []:
        why = ", ".join(reasons[r] for r in d.reasons)
        notes.append(
            words["imp_looks_like"].format(name=f"{d.first_name} {d.last_name}", reasons=why)
        )
    return notes


def mapping_sent(form: FormCtx, width: int) -> dict[str, Any]:
    """The mapping form as sent, to show again if refused."""
    return {
        "columns": [form.value(f"column_{i}").strip() for i in range(1, width + 1)],
        "duplicates": form.value("duplicates") or "skip",
        "event_id": form.value("event_id").strip(),
    }
