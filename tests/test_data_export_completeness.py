"""The export covers every table that can hold a person's data (issue 12, decision 5).

The test reads the schema (``information_schema``): a table holds a person's data when one of
its columns references ``candidates``, or references a table that does (registrations, tickets,
observations …, found transitively through foreign keys); some tables name the person without a
foreign key (the audit log). Each such table must be either COVERED — read by a query of
``sql/queries/data_export.sql`` into a section of ``PersonExport`` — or LEFT_OUT with the reason.
A new table that can hold a person's data fails here until the export covers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import msgspec

from events.data_rights.export import PersonExport

ROOT = Path(__file__).resolve().parent.parent
EXPORT_SQL = (ROOT / "sql" / "queries" / "data_export.sql").read_text(encoding="utf-8")

# Table -> the export's sections that hold its rows.
COVERED: Final[dict[str, tuple[str, ...]]] = {
    "candidates": ("person",),
    "candidate_private": ("private",),
    "registrations": ("registrations",),
    "tickets": ("tickets",),  # status only: never the token nor the short code
    "scans": ("scans",),
    "outbox": ("messages",),  # no body is stored: kind, channel, recipient, status, dates
    "observations": ("observations",),  # every version, with the correction's reason
    "observation_comments": ("observation_comments",),
    "skills_cards": ("card",),
    "skills_card_reviews": ("card_reviews",),
    "issued_credentials": ("credentials",),  # which, when, status; the JSON is the download
    "consents": ("consent",),
    "consent_history": ("consent_history",),
    "cvs": ("cv",),  # the template's content; an uploaded PDF described, not copied
    "candidate_import_rows": ("imports",),
    "recruiter_interests": ("recruiter_interests",),
    "outcomes": ("outcomes",),
    "registration_profiles": ("statistical_profiles",),
    "retention_warnings": ("retention_warnings",),  # what retention will remove, and when
    "erasures": ("erasure",),  # when and the kind of reason: nothing else is kept
    "bibs": ("bibs",),
    "bib_interests": ("bib_interests",),
    "workshop_signups": ("workshop_signups",),
    "interviews_sent": ("interviews_sent",),  # what each schedule sent told them
    "interview_candidates": ("interview_frames",),  # their hours and sectors for a grid
    "interview_wishes": ("interview_wishes",),
    "interviews": ("interviews",),  # their interviews in the current grid
    "pairing_cooks": ("pairing_sides",),  # what they cook, wish, where they can go
    "pairings": ("pairings",),  # their restaurant at a food festival, days, what followed
    # No foreign key: `on_behalf_of` and `subject_id` name the person. Views of the card and
    # what was done (action, when, by which role).
    "audit_log": ("card_views", "history"),
}
# Tables reached through foreign keys that the export deliberately leaves out, and why.
LEFT_OUT: Final[dict[str, str]] = {
    "skills_card_reviewed_lines": "derived from the latest review, exported in card_reviews",
    "skills_card_search_ranks": "the recruiters' search index, derived from the reviewed card",
    "data_access_failures": "wrong short codes: a ticket and a moment, nothing typed, no data "
    "about the person",
}
# Tables that name a person without a foreign key to them.
WITHOUT_KEY: Final = {"audit_log"}
# Not reached, and so not listed: the tables a person's rows reference without holding the
# person (events, organisations, companies, users, skills, candidate_imports …): the export
# names the event, the company and the staff member where they touched the person's data.

_KEYS = """
select distinct tc.table_name as from_table, ccu.table_name as to_table
from information_schema.table_constraints tc
join information_schema.constraint_column_usage ccu
    on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'
"""
_TABLES = """
select table_name from information_schema.tables
where table_schema = 'public' and table_type = 'BASE TABLE'
"""


def person_tables(keys: list[tuple[str, str]]) -> set[str]:
    """``candidates`` and every table referencing it, directly or through such a table."""
    found = {"candidates"}
    grown = True
    while grown:
        grown = False
        for from_table, to_table in keys:
            if to_table in found and from_table not in found:
                found.add(from_table)
                grown = True
    return found | WITHOUT_KEY


async def test_every_table_that_can_hold_a_person_is_exported_or_left_out_with_a_reason(
    pool: Any,
) -> None:
    keys = [(r["from_table"], r["to_table"]) for r in await pool.fetch(_KEYS)]
    tables = {r["table_name"] for r in await pool.fetch(_TABLES)}
    holding = person_tables(keys)
    missing = sorted(holding - set(COVERED) - set(LEFT_OUT))
    assert missing == [], (
        f"tables holding a person's data that the export does not cover: {missing}"
    )
    # The lists stay true: no table named that does not exist any more.
    assert set(COVERED) | set(LEFT_OUT) <= tables


def test_each_covered_table_is_read_by_the_export_into_a_section_it_has() -> None:
    sections = {f.name for f in msgspec.structs.fields(PersonExport)}
    for table, named in COVERED.items():
        assert set(named) <= sections, f"{table}: no such section {named}"
        assert f" {table} " in EXPORT_SQL or f" {table}\n" in EXPORT_SQL, (
            f"{table} is not read by data_export.sql"
        )


def test_the_closure_finds_tables_reached_through_other_tables() -> None:
    keys = [
        ("registrations", "candidates"),
        ("tickets", "registrations"),
        ("scans", "tickets"),
        ("events", "organisations"),
        ("registrations", "events"),
    ]
    assert person_tables(keys) == {"candidates", "registrations", "tickets", "scans", "audit_log"}
