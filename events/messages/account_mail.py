"""What an account's owner is mailed about the account itself: the welcome mail of a new account
and the reset mail of a forgotten password, each with its link to choose a password
(``events.directory.passwords``). In French, in plain words (accounts have no language), and
each says what to do when one did not ask for it.

The words are written at delivery from the link as it is then: a link used, replaced by a newer
one, expired, or whose account was deactivated is not worth a mail (the newer one has its own).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Final, Literal
from uuid import UUID

import msgspec

from events.messages.types import Rendered


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """The link and its account at delivery time."""

    link_id: UUID
    purpose: Literal["welcome", "reset"]
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    name: str
    email: str
    deactivated_at: datetime | None
    organisation_name: str | None
    company_name: str | None


_SUBJECTS: Final = {
    "welcome": "Bienvenue sur Rencontres : choisissez votre mot de passe",
    "reset": "Rencontres : choisissez un nouveau mot de passe",
}


def stale_reason(context: Context, *, now: datetime) -> str | None:
    """Why the mail should no longer go out, or ``None``."""
    if context.deactivated_at is not None:
        return "deactivated"
    if context.used_at is not None:
        return "link_used"
    if context.revoked_at is not None:
        return "superseded"
    if now >= context.expires_at:
        return "too_late"
    return None


def validity(lifetime: timedelta) -> str:
    """How long a link works, in words: "7 jours", "1 heure"."""
    days, hours = lifetime.days, round(lifetime.total_seconds() / 3600)
    if days >= 1 and lifetime == timedelta(days=days):
        return f"{days} jour" if days == 1 else f"{days} jours"
    return f"{hours} heure" if hours == 1 else f"{hours} heures"


def _lines(context: Context, url: str) -> tuple[list[str], int]:
    """The mail as paragraphs of plain text, and which one holds the link."""
    valid = f"(valable {validity(context.expires_at - context.created_at)})"
    if context.purpose == "welcome":
        who = context.company_name or context.organisation_name
        lines = [
            f"Bonjour {context.name},",
            "Bienvenue sur Rencontres. Un compte vient d'être ouvert pour vous"
            + (f" ({who})." if who else "."),
            f"Choisissez votre mot de passe : {url} {valid}",
            f"Ensuite, connectez-vous avec votre adresse e-mail : {context.email}",
            "Vous n'attendiez pas ce message ? Ne faites rien : sans mot de passe choisi, "
            "personne ne peut utiliser ce compte.",
        ]
    else:
        lines = [
            f"Bonjour {context.name},",
            "Quelqu'un a demandé un nouveau mot de passe pour votre compte Rencontres "
            f"({context.email}).",
            f"Choisissez un nouveau mot de passe : {url} {valid}",
            "Vous n'avez rien demandé ? Ne faites rien : votre mot de passe ne change pas.",
        ]
    return lines, 2


def mail(context: Context, *, url: str) -> Rendered:
    """Subject, plain text and HTML of the welcome or reset mail, ``url`` being its link."""
    subject = _SUBJECTS[context.purpose]
    lines, with_link = _lines(context, url)
    paragraphs = []
    for n, line in enumerate(lines):
        if n == with_link:
            before, _, after = line.partition(url)
            link = f'<a href="{escape(url)}">{escape(url)}</a>'
            paragraphs.append(f"<p>{escape(before)}{link}{escape(after)}</p>")
        else:
            paragraphs.append(f"<p>{escape(line)}</p>")
    html = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(paragraphs)}</body></html>"
    )
    return Rendered(subject=subject, text="\n\n".join(lines) + "\n", html=html)
