"""A person's export (issue 12 §3), made by staff on their behalf: JSON with every section filled
for a richly seeded person and no ticket token, a PDF that reads back with their name and the
sections' titles, audited; refused to another organisation's organiser (404) and to a coach
(403), with nothing audited. ``Rich`` is the seeded person the other export tests use."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient
from pypdf import PdfReader

from events.settings import Settings
from tests.factories import Staff, log_in, make_staff, make_user
from tests.factories_cvs import structured_cv
from tests.factories_registrations import make_candidate, make_company, register
from tests.factories_skills import make_sport_session, observe, review
from tests.test_recruiter_views import _private


class Rich:
    """A candidate with something in every section of the export."""

    staff: Staff
    event: dict[str, Any]
    candidate_id: str
    registration: dict[str, Any]
    token: str
    short_code: str
    observation_id: str
    corrected_id: str
    last_name: str
    email: str
    marker: str


async def seed_rich(client: AsyncClient, pool: Any, settings: Settings) -> Rich:
    r = Rich()
    r.staff = await make_staff(pool, settings, client)
    r.event = await make_sport_session(client, r.staff.organiser, coach_ids=[r.staff.coach_user.id])
    company = await make_company(client, r.staff.organiser)
    await register(client, r.staff.organiser, r.event["id"], company_id=company)
    recruiter_user = await make_user(pool, settings, role="recruiter", company_id=UUID(company))
    recruiter = await log_in(client, recruiter_user.email)
    r.marker = f"MARK-{secrets.token_hex(4)}"
    r.last_name = f"Diallo-{secrets.token_hex(3)}"
    r.email = f"export-{secrets.token_hex(3)}@example.org"
    r.candidate_id = await make_candidate(
        client,
        r.staff.organiser,
        first_name="Mariam",
        last_name=r.last_name,
        email=r.email,
        phone="+33 6 11 22 33 44",
        city="Vénissieux",
        postcode="69200",
        private=_private(r.marker),
    )
    r.registration = await register(
        client, r.staff.organiser, r.event["id"], candidate_id=r.candidate_id
    )
    r.token = r.registration["ticket"]["token"]
    r.short_code = r.registration["ticket"]["short_code"]
    first = await observe(
        client,
        r.staff.coach,
        r.event["id"],
        r.candidate_id,
        "perseverance",
        3,
        activity="Escalade",
        note="Termine la voie.",
    )
    r.observation_id = first["id"]
    corrected = await client.post(
        f"/api/v1/observations/{first['id']}/correct",
        headers=r.staff.coach,
        json={"level": 2, "reason": "Confondue avec une autre personne."},
    )
    assert corrected.status_code == 201, corrected.text
    r.corrected_id = corrected.json()["id"]
    await review(client, r.staff.coach, r.candidate_id)
    issued = await client.post(
        f"/api/v1/candidates/{r.candidate_id}/credentials", headers=r.staff.coach
    )
    assert issued.status_code == 201, issued.text
    given = await client.post(
        f"/api/v1/candidates/{r.candidate_id}/consent",
        headers={"X-Ticket-Token": r.token},
        json={"recruiters": True, "contact": True},
    )
    assert given.status_code == 200, given.text
    seen = await client.get(f"/api/v1/events/{r.event['id']}/candidates", headers=recruiter)
    assert seen.status_code == 200, seen.text
    liked = await client.post(f"/api/v1/candidates/{r.candidate_id}/interest", headers=recruiter)
    assert liked.status_code == 200, liked.text
    cv = await client.put(
        f"/api/v1/candidates/{r.candidate_id}/cv", headers=r.staff.organiser, json=structured_cv()
    )
    assert cv.status_code in (200, 201), cv.text
    # What other parts of issue 12 write, written here as they store it.
    candidate, event = UUID(r.candidate_id), UUID(r.event["id"])
    registration = UUID(r.registration["id"])
    now = datetime.now(UTC)
    ticket = await pool.fetchval(
        "select id from tickets where registration_id = $1 and revoked_at is null", registration
    )
    await pool.execute(
        "insert into scans (event_id, ticket_id, registration_id, result, scanned_by, scanned_at)"
        " values ($1, $2, $3, 'checked_in', $4, $5)",
        event,
        ticket,
        registration,
        r.staff.coach_user.id,
        now,
    )
    await pool.execute(
        "insert into outcomes (candidate_id, event_id, kind, happened_on, note, recorded_by,"
        " recorded_at) values ($1, $2, 'interview', $3, $4, $5, $6)",
        candidate,
        event,
        now.date(),
        f"Entretien chez le boulanger {r.marker}",
        r.staff.organiser_user.id,
        now,
    )
    batch = await pool.fetchval(
        "insert into candidate_imports (organisation_id, created_at, updated_at, filename,"
        " header, total_rows, mapping, status, finished_at)"
        " values ($1, $2, $2, 'inscrits.xlsx', '[\"Nom\", \"Prénom\"]', 1,"
        " '[\"last_name\", \"first_name\"]', 'done', $2) returning id",
        r.staff.organisation.id,
        now,
    )
    await pool.execute(
        "insert into candidate_import_rows (import_id, n, line, cells, outcome, candidate_id,"
        " done_at) values ($1, 1, 2, $2, 'created', $3, $4)",
        batch,
        [r.last_name, "Mariam"],
        candidate,
        now,
    )
    await pool.execute(
        "insert into registration_profiles (registration_id, qpv, rqth, frozen_at)"
        " values ($1, true, true, $2)",
        registration,
        now,
    )
    await pool.execute(
        "insert into retention_warnings (candidate_id, scope, due_at, warned_at)"
        " values ($1, 'private', $2, $2)",
        candidate,
        now,
    )
    await pool.execute(
        "insert into observation_comments (observation_id, candidate_id, body, created_at)"
        " values ($1, $2, $3, $4)",
        UUID(r.corrected_id),
        candidate,
        "Je suis allée au bout de la voie.",
        now,
    )
    return r


@pytest.fixture
async def rich(client: AsyncClient, pool: Any, settings: Settings) -> Rich:
    return await seed_rich(client, pool, settings)


SECTIONS = (
    "registrations",
    "tickets",
    "scans",
    "observations",
    "observation_comments",
    "card_reviews",
    "credentials",
    "consent_history",
    "card_views",
    "outcomes",
    "recruiter_interests",
    "messages",
    "imports",
    "statistical_profiles",
    "retention_warnings",
    "history",
)


async def _exports(pool: Any, candidate_id: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select actor_role, data from audit_log where action = 'data_rights.export'"
        " and subject_id = $1 order by id",
        UUID(candidate_id),
    )
    return [dict(row) for row in rows]


async def test_staff_export_json_holds_every_section_and_no_token(
    client: AsyncClient, pool: Any, rich: Rich
) -> None:
    answer = await client.get(
        f"/api/v1/candidates/{rich.candidate_id}/export.json", headers=rich.staff.organiser
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    found = answer.json()
    assert found["format_version"] == 1
    assert found["person"]["last_name"] == rich.last_name
    assert found["person"]["email"] == rich.email
    assert rich.marker in found["private"]["data"]["other_barriers"]
    for section in SECTIONS:
        assert found[section], f"{section} is empty"
    assert found["cv"]["kind"] == "structured" and found["cv"]["structured"]["headline"]
    assert found["card"]["version"] >= 2
    assert found["consent"]["contact"] is True and found["erasure"] is None
    # Both versions, the correction with its reason, the comment beside it.
    versions = {o["id"]: o for o in found["observations"]}
    assert versions[rich.observation_id]["current"] is False
    assert versions[rich.corrected_id]["reason"] == "Confondue avec une autre personne."
    assert found["observation_comments"][0]["observation_id"] == rich.corrected_id
    assert found["outcomes"][0]["kind"] == "interview"
    assert found["credentials"][0]["status"] == "valid"
    assert found["statistical_profiles"][0]["qpv"] is True
    assert found["imports"][0]["cells"][0] == rich.last_name
    # A ticket says whether it works, never its token or its code.
    assert rich.token not in answer.text and rich.short_code.replace("-", "") not in answer.text
    assert set(found["tickets"][0]) == {
        "registration_id",
        "event_title",
        "serial",
        "created_at",
        "revoked_at",
    }
    assert await _exports(pool, rich.candidate_id) == [
        {"actor_role": "organiser", "data": {"format": "json", "via": "staff"}}
    ]


def pdf_text(content: bytes) -> str:
    """The document's words, lines joined (a sentence may wrap anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


async def test_staff_export_pdf_reads_back_in_french_and_english(
    client: AsyncClient, pool: Any, rich: Rich
) -> None:
    french = await client.get(
        f"/api/v1/candidates/{rich.candidate_id}/export.pdf", headers=rich.staff.organiser
    )
    assert french.status_code == 200, french.text
    assert french.headers["content-type"] == "application/pdf"
    text = pdf_text(french.content)
    assert f"Mariam {rich.last_name}" in text
    for title in (
        "Qui je suis",
        "Mes inscriptions",
        "toutes les versions",
        "Qui a vu ma carte",
        "Après les rencontres",
        "Messages envoyés",
        "Pour les statistiques",
        "Mes badges de compétences",
    ):
        assert title in text, title
    assert "Confondue avec une autre personne." in text
    assert "Je suis allée au bout de la voie." in text
    assert rich.token not in text
    english = await client.get(
        f"/api/v1/candidates/{rich.candidate_id}/export.pdf?lang=en", headers=rich.staff.organiser
    )
    assert english.status_code == 200
    assert "Who saw my card" in pdf_text(english.content)
    assert [e["data"]["format"] for e in await _exports(pool, rich.candidate_id)] == ["pdf", "pdf"]


async def test_staff_of_another_organisation_and_coaches_get_no_export(
    client: AsyncClient, pool: Any, settings: Settings, rich: Rich
) -> None:
    other = await make_staff(pool, settings, client)
    for headers, status in ((other.organiser, 404), (other.coach, 404), (rich.staff.coach, 403)):
        for ending in ("export.json", "export.pdf"):
            answer = await client.get(
                f"/api/v1/candidates/{rich.candidate_id}/{ending}", headers=headers
            )
            assert answer.status_code == status, answer.text
            assert rich.last_name not in answer.text
    assert await _exports(pool, rich.candidate_id) == []
    unknown = await client.get(
        f"/api/v1/candidates/{UUID(int=7)}/export.json", headers=rich.staff.organiser
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "candidate_not_found"


async def test_back_office_candidate_page_links_to_both_exports(
    app: Any, pool: Any, rich: Rich
) -> None:
    from tests.admin_http import client_of
    from tests.admin_http import log_in as browser_log_in

    async with client_of(app) as http:
        await browser_log_in(http, rich.staff.organiser_user.email)
        page = await http.get(f"/admin/candidates/{rich.candidate_id}")
        assert page.status_code == 200, page.text
        assert f"/admin/candidates/{rich.candidate_id}/export.pdf" in page.text
        pdf = await http.get(f"/admin/candidates/{rich.candidate_id}/export.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert rich.last_name in pdf_text(pdf.content)
        json = await http.get(f"/api/v1/candidates/{rich.candidate_id}/export.json")
        assert json.status_code == 200 and json.json()["person"]["last_name"] == rich.last_name
    assert [e["data"]["format"] for e in await _exports(pool, rich.candidate_id)] == [
        "pdf",
        "json",
    ]
