"""``events retention [--dry-run] [--organisation ID]``: a retention run now, its report
printed; with ``--dry-run`` what a run would do, and nothing written."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime

from events import db
from events.retention.run import Report, run
from events.settings import Settings

_STEPS = {"warn": "avertir", "anonymise": "anonymiser", "delete": "supprimer"}
_SCOPES = {
    "private": "situation sociale / social data",
    "observations": "observations, carte, CV, souhaits / observations, card, CV, wishes",
    "audit": "journal / audit rows",
}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "retention",
        help="warn about, then anonymise, the data past its retention period (see --dry-run)",
    )
    command.add_argument(
        "--dry-run", action="store_true", help="list what a run would do, change nothing"
    )
    command.add_argument("--organisation", type=str, default=None, help="only this organisation")
    command.add_argument(
        "--at",
        type=str,
        default=None,
        help="with --dry-run: what a run would do at this instant (ISO 8601, with its offset)",
    )
    command.set_defaults(func=main)


def lines(report: Report) -> list[str]:
    """The report as the command prints it, one action a line, then the counts."""
    head = "Fait / done"
    if report.dry_run:
        head = "Essai, rien n'est changé / dry run, nothing changed"
    out = [f"{head} — {report.at.isoformat(timespec='seconds')}"]
    for action in report.actions:
        who = f"candidate {action.candidate_id}" if action.candidate_id else f"{action.rows} rows"
        due = f" due {action.due_at.date().isoformat()}" if action.due_at else ""
        out.append(
            f"{_STEPS[action.step]:<11} {_SCOPES[action.scope]:<66} "
            f"organisation {action.organisation_id} {who}{due}"
        )
    out.append(
        f"avertis / warned: {report.warned}, anonymisés / anonymised: {report.anonymised}, "
        f"lignes du journal supprimées / audit rows deleted: {report.audit_rows_deleted}, "
        f"courriels / mails: {report.messages}"
    )
    return out


def main(args: argparse.Namespace) -> int:
    from uuid import UUID

    from events.cli import database
    from events.settings import from_env

    try:
        organisation = UUID(args.organisation) if args.organisation else None
    except ValueError:
        print("Identifiant d'organisation non valable / invalid organisation id", file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    if args.at:
        try:
            now = datetime.fromisoformat(args.at)
        except ValueError:
            now = now.replace(tzinfo=None)
        if not args.dry_run or now.tzinfo is None:
            print(
                "--at : seulement avec --dry-run, une date ISO 8601 avec son décalage / "
                "--at: only with --dry-run, an ISO 8601 instant with its offset",
                file=sys.stderr,
            )
            return 2

    async def go(settings: Settings) -> Report:
        await db.migrate_url(str(settings.database_url))
        pool = await db.create_pool(str(settings.database_url), min_size=1, max_size=2)
        try:
            async with db.transaction(pool) as conn:
                return await run(
                    conn,
                    now=now,
                    trigger="command",
                    dry_run=args.dry_run,
                    organisation_id=organisation,
                )
        finally:
            await pool.close()

    with database(from_env()) as settings:
        report = asyncio.run(go(settings))
    print("\n".join(lines(report)))
    return 0
