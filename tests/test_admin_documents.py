"""The back office's downloads over HTTP (``events/web/admin/documents.py``): an event's
registrations as CSV and XLSX (the social situation only when asked, only for who follows the
candidates, audited), its attendance sheet, badges and tickets as PDFs read back with pypdf (the
tickets' QR codes decoded by zxing-cpp), and the events and candidates lists."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
import zxingcpp
from litestar import Litestar
from pypdf import PdfReader

from events.documents import attendance, texts
from events.settings import Settings
from tests.admin_http import client_of, log_in
from tests.factories import Staff, make_staff, unique
from tests.factories_directory import make_recruiter
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.pages import error_code

PARIS = ZoneInfo("Europe/Paris")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = '=HYPERLINK("http://evil.example/","clic")'


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


class Scene:
    """An event of one organisation: two confirmed candidates (one with a social situation, one
    named like a formula), one waitlisted, one cancelled, a company with a recruiter account,
    and a candidate of another organisation registered then cancelled."""

    staff: Staff
    other: Staff
    event: dict[str, Any]
    confirmed: list[str]  # last names
    waitlisted: str
    cancelled: str
    company: str
    tickets: dict[str, dict[str, Any]]  # registration id -> ticket
    registrations: dict[str, str]  # last name -> registration id
    foreign: str  # the other organisation's candidate's last name


async def _scene(
    client: httpx.AsyncClient, pool: Any, settings: Settings, *, hours: int = 8
) -> Scene:
    scene = Scene()
    scene.staff = await make_staff(pool, settings, client)
    scene.other = await make_staff(pool, settings, client)
    organiser = scene.staff.organiser
    start = (datetime.now(PARIS) + timedelta(days=12)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    scene.event = await make_published_event(
        client, organiser, candidates=3, companies=2, starts_at=start, hours=hours
    )
    event_id = scene.event["id"]
    first, hostile, third = unique("Lefèvre"), HOSTILE, unique("Diallo")
    cancelled, waitlisted, foreign = unique("Nguyễn"), unique("Attente"), unique("Brun")
    scene.tickets, scene.registrations = {}, {}

    async def add(last_name: str, staff: dict[str, str], **fields: Any) -> str:
        candidate_id = await make_candidate(client, staff, last_name=last_name, **fields)
        registration = await register(client, staff, event_id, candidate_id=candidate_id)
        scene.registrations[last_name] = registration["id"]
        if registration["status"] == "confirmed":
            scene.tickets[registration["id"]] = registration["ticket"]
        return str(registration["status"])

    async def cancel(last_name: str) -> None:
        registration_id = scene.registrations[last_name]
        answer = await client.post(
            f"/api/v1/registrations/{registration_id}/cancel", headers=organiser
        )
        assert answer.status_code == 200, answer.text
        scene.tickets.pop(registration_id, None)

    private = {"refugee_status": "refugee", "housing": "emergency_shelter", "rqth": True}
    assert await add(first, organiser, first_name="Zoé", private=private) == "confirmed"
    assert await add(hostile, organiser, first_name="Awa") == "confirmed"
    # The other organisation's candidate, with a situation of their own, registered then
    # cancelled: the organiser no longer follows them.
    assert await add(foreign, scene.other.organiser, private={"justice": True}) == "confirmed"
    await cancel(foreign)
    assert await add(third, organiser) == "confirmed"
    assert await add(cancelled, organiser) == "waitlisted"
    await cancel(cancelled)
    assert await add(waitlisted, organiser) == "waitlisted"
    scene.confirmed = [first, hostile, third]
    scene.waitlisted, scene.cancelled, scene.foreign = waitlisted, cancelled, foreign
    company_id = await make_company(client, organiser)
    recruiter = await make_recruiter(pool, settings, client, company_id=UUID(company_id))
    await pool.execute("update users set name = 'Claire Martin' where id = $1", recruiter.user.id)
    registration = await register(client, organiser, event_id, company_id=company_id)
    scene.tickets[registration["id"]] = registration["ticket"]
    scene.company = str(
        await pool.fetchval("select name from companies where id = $1", UUID(company_id))
    )
    return scene


def _csv(response: httpx.Response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _xlsx(response: httpx.Response) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _pdf_text(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


async def _audits(pool: Any, event_id: str) -> list[Any]:
    return list(
        await pool.fetch(
            "select actor_id, actor_role, subject_type, data from audit_log"
            " where action = 'event.export_private' and subject_id = $1",
            UUID(event_id),
        )
    )


# --- the registrations as CSV and XLSX -------------------------------------------------------


async def test_the_csv_holds_every_registration_with_its_code_and_opens_in_french_excel(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings)
    await log_in(browser_like, scene.staff.organiser_user.email)
    event_id = scene.event["id"]
    answer = await browser_like.get(f"/admin/events/{event_id}/registrations.csv")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == CSV_TYPE
    assert answer.headers["cache-control"] == "no-store"
    assert answer.content.startswith(b"\xef\xbb\xbf")
    day = datetime.fromisoformat(scene.event["starts_at"]).astimezone(PARIS).date().isoformat()
    slug = scene.event["title"].lower().replace(" ", "-")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="{day}-{slug}-inscriptions.csv"'
    )
    rows = _csv(answer)
    assert rows[0][:10] == [
        "Nom",
        "Prénom",
        "Entreprise",
        "Rôle",
        "Statut",
        "Rang en liste d'attente",
        "Code du billet",
        "Arrivée",
        "Téléphone",
        "E-mail",
    ]
    assert "Statut administratif" not in rows[0]
    by_name = {row[0] or row[2]: row for row in rows[1:]}
    codes = {ticket["short_code"] for ticket in scene.tickets.values()}
    for name in scene.confirmed:
        shown = name if name != HOSTILE else "'" + HOSTILE
        assert by_name[shown][4] == "place confirmée"
        assert by_name[shown][6] in codes
    assert by_name[scene.waitlisted][4:6] == ["sur liste d'attente", "1"]
    assert by_name[scene.cancelled][4] == "inscription annulée"
    assert by_name[scene.cancelled][6] == ""
    assert by_name[scene.company][3] == "entreprise"
    assert by_name[scene.company][6] in codes
    # A name spreadsheets would run stays text.
    assert ["'" + HOSTILE, "Awa"] == by_name["'" + HOSTILE][:2]
    assert await _audits(pool, event_id) == []


async def test_the_xlsx_holds_the_same_lines_in_english_when_asked(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings)
    await log_in(browser_like, scene.staff.organiser_user.email)
    answer = await browser_like.get(
        f"/admin/events/{scene.event['id']}/registrations.xlsx", params={"lang": "en"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == XLSX_TYPE
    assert answer.headers["content-disposition"].endswith('-registrations.xlsx"')
    rows = _xlsx(answer)
    assert rows[0][:3] == ["Last name", "First name", "Company"]
    by_name = {row[0] or row[2]: row for row in rows[1:]}
    assert by_name[scene.confirmed[0]][4] == "place confirmed"
    assert by_name[scene.confirmed[0]][6] in {t["short_code"] for t in scene.tickets.values()}
    assert by_name["'" + HOSTILE][0] == "'" + HOSTILE
    assert by_name[scene.waitlisted][5] == 1


async def test_the_social_situation_only_when_asked_only_for_followed_candidates_and_audited(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings)
    await log_in(browser_like, scene.staff.organiser_user.email)
    event_id = scene.event["id"]
    answer = await browser_like.get(
        f"/admin/events/{event_id}/registrations.csv", params={"private": "1"}
    )
    assert answer.status_code == 200, answer.text
    rows = _csv(answer)
    header = rows[0]
    status, housing, rqth, justice = (
        header.index(name) for name in ("Statut administratif", "Logement", "RQTH", "Justice")
    )
    by_name = {row[0] or row[2]: row for row in rows[1:]}
    followed = by_name[scene.confirmed[0]]
    assert (followed[status], followed[housing], followed[rqth]) == (
        "Statut de réfugié",
        "Hébergement d'urgence",
        "oui",
    )
    # Cancelled, from another organisation: no longer followed, nothing of their situation.
    assert by_name[scene.foreign][justice] == ""
    assert by_name[scene.company][status] == ""
    (audit,) = await _audits(pool, event_id)
    assert audit["actor_id"] == scene.staff.organiser_user.id
    assert (audit["actor_role"], audit["subject_type"]) == ("organiser", "event")
    shown = audit["data"]["candidate_ids"]
    foreign_id = await pool.fetchval(
        "select candidate_id from registrations where id = $1",
        UUID(scene.registrations[scene.foreign]),
    )
    assert str(foreign_id) not in shown
    assert len(shown) == 5  # three confirmed, the waitlisted and the cancelled one of ours
    english = await browser_like.get(
        f"/admin/events/{event_id}/registrations.xlsx", params={"private": "1", "lang": "en"}
    )
    rows = _xlsx(english)
    column = rows[0].index("Refugee status")
    assert {row[column] for row in rows[1:] if row[0] == scene.confirmed[0]} == {"Refugee"}
    assert len(await _audits(pool, event_id)) == 2


@pytest.mark.parametrize("who", ["coach", "recruiter", "other_organiser"])
async def test_who_does_not_run_the_event_gets_no_export_and_leaves_no_audit(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    who: str,
) -> None:
    scene = await _scene(client, pool, settings, hours=2)
    if who == "coach":
        await log_in(browser_like, scene.staff.coach_user.email)
    elif who == "recruiter":
        await log_in(browser_like, (await make_recruiter(pool, settings, client)).user.email)
    else:
        await log_in(browser_like, scene.other.organiser_user.email)
    event_id = scene.event["id"]
    for path in (
        f"/admin/events/{event_id}/registrations.csv?private=1",
        f"/admin/events/{event_id}/registrations.xlsx?private=1",
        f"/admin/events/{event_id}/attendance.pdf",
        f"/admin/events/{event_id}/badges.pdf",
        f"/admin/events/{event_id}/tickets.pdf",
    ):
        answer = await browser_like.get(path)
        if who == "other_organiser":
            assert answer.status_code == 404, path
            assert error_code(answer) == "event_not_found"
        else:
            assert answer.status_code == 403, path
            assert error_code(answer) == "forbidden"
    assert await _audits(pool, event_id) == []


async def test_a_browser_without_log_in_is_sent_to_the_log_in_form_and_back(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    for path in (
        f"/admin/events/{event['id']}/registrations.csv",
        f"/admin/events/{event['id']}/tickets.pdf",
        "/admin/events.xlsx",
        "/admin/candidates.csv",
    ):
        answer = await browser_like.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next=%2Fadmin%2F"), path


# --- the printed documents --------------------------------------------------------------------


async def test_the_attendance_sheet_lists_every_confirmed_participant_with_both_half_days(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings, hours=8)
    await log_in(browser_like, scene.staff.organiser_user.email)
    answer = await browser_like.get(f"/admin/events/{scene.event['id']}/attendance.pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"].startswith('inline; filename="')
    assert answer.headers["content-disposition"].endswith('-emargement.pdf"')
    text = _pdf_text(answer)
    for name in scene.confirmed:
        assert name in text, name
    for name in (scene.waitlisted, scene.cancelled, scene.foreign):
        assert name not in text
    assert "Claire Martin" in text and scene.company in text
    assert "Signature matin" in text and "Signature après-midi" in text
    assert scene.staff.organisation.name in text
    assert "Opération cofinancée par" in text
    assert "Page 1 sur 1" in text
    assert "Inscrits\u00a0: 4 (candidats\u00a0: 3, entreprises\u00a0: 1)." in text


async def test_a_morning_event_has_a_morning_column_only(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings, hours=2)
    await log_in(browser_like, scene.staff.organiser_user.email)
    answer = await browser_like.get(
        f"/admin/events/{scene.event['id']}/attendance.pdf", params={"lang": "en"}
    )
    text = _pdf_text(answer)
    assert "Morning signature" in text
    assert "Afternoon signature" not in text
    assert answer.headers["content-disposition"].endswith('-attendance.pdf"')


async def test_badges_hold_the_first_names_and_the_company(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings)
    await log_in(browser_like, scene.staff.organiser_user.email)
    answer = await browser_like.get(f"/admin/events/{scene.event['id']}/badges.pdf")
    assert answer.status_code == 200, answer.text
    text = _pdf_text(answer)
    assert "Zoé L." in text and "Awa =." in text
    assert "Claire M." in text and scene.company in text
    # The two confirmed Zoés, not the waitlisted one; no last name in full.
    assert text.count("Zoé") == 2
    assert scene.confirmed[0] not in text


async def test_every_confirmed_ticket_is_printed_and_its_qr_opens_the_live_ticket(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    scene = await _scene(client, pool, settings)
    # A lost ticket replaced: the sheet prints the new one.
    lost = scene.registrations[scene.confirmed[0]]
    reissued = await client.post(
        f"/api/v1/registrations/{lost}/ticket/reissue", headers=scene.staff.organiser
    )
    assert reissued.status_code == 201, reissued.text
    old = scene.tickets[lost]
    scene.tickets[lost] = reissued.json()
    await log_in(browser_like, scene.staff.organiser_user.email)
    answer = await browser_like.get(f"/admin/events/{scene.event['id']}/tickets.pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].endswith('-billets.pdf"')
    reader = PdfReader(io.BytesIO(answer.content))
    decoded = []
    for page in reader.pages:
        for image in page.images:
            found = zxingcpp.read_barcodes(image.image)
            decoded += [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert sorted(decoded) == sorted(t["url"] for t in scene.tickets.values())
    assert old["url"] not in decoded
    assert all(url.startswith(f"{settings.public_url}/t/") for url in decoded)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for ticket in scene.tickets.values():
        assert ticket["short_code"] in text
    assert len(reader.pages) == 1  # four tickets, one sheet


# --- the other lists -------------------------------------------------------------------------


async def test_the_events_list_is_exported_with_its_filters(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await log_in(browser_like, staff.organiser_user.email)
    answer = await browser_like.get("/admin/events.csv")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == CSV_TYPE
    assert answer.headers["content-disposition"].startswith('attachment; filename="rencontres-')
    rows = _csv(answer)
    assert rows[0][:4] == ["Titre", "Format", "Statut", "Début"]
    (line,) = [row for row in rows if row[0] == event["title"]]
    assert line[1:3] == ["Job dating", "publiée"]
    drafts = await browser_like.get("/admin/events.xlsx", params={"status": "draft"})
    assert drafts.headers["content-type"] == XLSX_TYPE
    assert event["title"] not in [row[0] for row in _xlsx(drafts)]
    start = _xlsx(await browser_like.get("/admin/events.xlsx"))
    (line_x,) = [row for row in start if row[0] == event["title"]]
    # The start in the event's zone, as a date (to the second: Excel keeps milliseconds).
    expected = datetime.fromisoformat(event["starts_at"]).astimezone(PARIS).replace(tzinfo=None)
    assert abs(line_x[3] - expected) < timedelta(seconds=1)


async def test_the_candidates_list_is_exported_without_the_social_situation(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    name = unique("Bakayoko")
    await make_candidate(
        client, staff.organiser, last_name=name, phone="+33 6 12 34 56 78", private={"qpv": True}
    )
    await log_in(browser_like, staff.organiser_user.email)
    answer = await browser_like.get("/admin/candidates.csv")
    assert answer.status_code == 200, answer.text
    rows = _csv(answer)
    assert "QPV" not in rows[0]
    (line,) = [row for row in rows if row[0] == name]
    assert line[3] == "'+33 6 12 34 56 78"
    found = await browser_like.get("/admin/candidates.xlsx", params={"q": name[-8:]})
    assert [row[0] for row in _xlsx(found)[1:]] == [name]


# --- the words and the half-days, without the app ----------------------------------------------


def test_the_words_exist_in_both_languages_and_french_keeps_its_no_break_spaces() -> None:
    assert set(texts.WORDS["fr"]) == set(texts.WORDS["en"])
    french = [*texts.WORDS["fr"].values(), *(v[0] for v in texts.PRIVATE_COLUMNS.values())]
    assert not [w for w in french if re.search(r"[^\u00a0][:?!](\s|$)", w)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-05-04 09:00", "2026-05-04 17:00", [(4, True, True)]),
        ("2026-05-04 09:00", "2026-05-04 12:30", [(4, True, False)]),
        ("2026-05-04 12:00", "2026-05-04 13:00", [(4, False, True)]),
        ("2026-05-04 14:00", "2026-05-05 12:00", [(4, False, True), (5, True, False)]),
        ("2026-05-04 18:00", "2026-05-05 00:00", [(4, False, True)]),
    ],
)
def test_the_sheet_has_the_half_days_the_event_spans_in_its_own_zone(
    start: str, end: str, expected: list[tuple[int, bool, bool]]
) -> None:
    def paris(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=PARIS)

    # Given in UTC: the zone decides, not the instant's offset.
    found = attendance.days(paris(start).astimezone(ZoneInfo("UTC")), paris(end), "Europe/Paris")
    assert [(d.day.day, d.morning, d.afternoon) for d in found] == expected
