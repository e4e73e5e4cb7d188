"""One writer of the audit log: every row goes through ``events.audit`` and its one statement, so
that every row has the same keys, one row or many at once."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from events import audit, db
from events.actors import Actor

ROOT = Path(__file__).resolve().parent.parent


# The hot paths write their audit row in their own single statement (issue 13: one round trip
# per check-in and per registration); every other write of the audit log goes through
# events.audit. A new writer must be added here, with its reason, or this test fails.
ONE_STATEMENT_WRITERS = {
    "record_scan": "a check-in: scan, mark and audit row in one statement",
    "insert_candidate_registration": "a registration: place, rows and audit row in one statement",
    "search_cards_for_recruiter": "a search: the hits and the views of the cards shown at once",
}


def test_only_insert_audit_writes_the_audit_log_and_only_events_audit_calls_it() -> None:
    writers = {
        name: query.sql
        for name, query in db.queries().items()
        if re.search(r"\binsert\s+into\s+audit_log\b", query.sql, re.I)
    }
    assert sorted(writers) == sorted(["insert_audit", *ONE_STATEMENT_WRITERS])
    columns = set(_audit_columns(writers["insert_audit"]))
    for name in ONE_STATEMENT_WRITERS:
        # The same row as events.audit writes: no column of its own, none without a value.
        assert set(_audit_columns(writers[name])) <= columns, name
        assert {"actor_id", "actor_role", "action", "subject_type", "subject_id"} <= set(
            _audit_columns(writers[name])
        ), name
    callers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "events").rglob("*.py")
        if '"insert_audit"' in path.read_text(encoding="utf-8")
    )
    assert callers == ["events/audit.py"]


def _audit_columns(sql: str) -> list[str]:
    found = re.search(r"insert\s+into\s+audit_log\s*\(([^)]*)\)", sql, re.I)
    assert found is not None
    return [c.strip() for c in found.group(1).split(",")]


async def test_one_row_and_many_rows_are_written_with_the_same_keys(pool: Any) -> None:
    recruiter = Actor(id=uuid.uuid4(), role="recruiter", company_id=uuid.uuid4())
    alone, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        try:
            await audit.record(
                conn,
                by=recruiter,
                action="test.one",
                subject_type="candidate",
                subject_id=alone,
                data={"version": 1},
            )
            await audit.record_each(
                conn,
                by=recruiter,
                action="test.many",
                subject_type="candidate",
                subjects=[(first, {"version": 2}), (second, {"version": 3, "via": "search"})],
            )
            await audit.record_each(
                conn, by=recruiter, action="test.none", subject_type="candidate", subjects=[]
            )
            rows = await conn.fetch(
                "select actor_id, actor_role, on_behalf_of, action, subject_type, subject_id,"
                " data from audit_log where actor_id = $1 order by id",
                recruiter.id,
            )
        finally:
            await tx.rollback()

    assert [dict(row) for row in rows] == [
        {
            "actor_id": recruiter.id,
            "actor_role": "recruiter",
            "on_behalf_of": None,
            "action": action,
            "subject_type": "candidate",
            "subject_id": subject,
            "data": data,
        }
        for action, subject, data in (
            ("test.one", alone, {"version": 1}),
            ("test.many", first, {"version": 2}),
            ("test.many", second, {"version": 3, "via": "search"}),
        )
    ]
