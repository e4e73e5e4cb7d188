"""CVs over HTTP: the structured template, PDF uploads checked by content, who may write and
read them, and what a refused request leaves behind (nothing)."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.cvs.upload import MAX_PDF_BYTES
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_cvs import (
    PRIVATE_MARKER,
    make_card_world,
    observe,
    pdf_bytes,
    put_pdf,
    review_and_consent,
    stored_cv,
    structured_cv,
)
from tests.factories_directory import count
from tests.factories_registrations import make_candidate
from tests.pages import error_code


async def _cv_audit(pool: Any, candidate_id: Any, action: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select actor_id, actor_role, on_behalf_of, data from audit_log"
        " where subject_type = 'candidate' and subject_id = $1 and action = $2 order by id",
        UUID(str(candidate_id)),
        action,
    )
    return [dict(row) for row in rows]


async def test_structured_cv_is_stored_for_the_candidate_and_read_back_by_staff(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser, first_name="Aïcha")
    body = structured_cv()

    response = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv", headers=staff.coach, json=body
    )

    assert response.status_code == 200, response.text
    assert response.json()["cv"]["kind"] == "structured"
    assert response.json()["cv"]["version"] == 1
    read = await client.get(f"/api/v1/candidates/{candidate_id}/cv", headers=staff.organiser)
    assert read.status_code == 200
    cv = read.json()
    assert cv["first_name"] == "Aïcha"
    structured = cv["cv"]["structured"]
    for key in ("headline", "experiences", "languages", "driving_licences", "mobility"):
        assert structured[key] == body[key], key
    # Optional fields left out come back as null: every CV has the same shape.
    assert structured["trainings"] == [
        {
            "title": "Hygiène alimentaire HACCP",
            "organisation": "GRETA",
            "place": None,
            "start": None,
            "end": "2024",
            "description": None,
        }
    ]
    assert cv["cv"]["sectors"] == ["restauration", "agroalimentaire"]
    assert cv["cv"]["postcode"] == "69003"
    assert cv["cv"]["pdf"] is None
    assert cv["pdf_url"] == f"/api/v1/candidates/{candidate_id}/cv.pdf"
    stored = await stored_cv(pool, candidate_id)
    assert stored is not None and stored["kind"] == "structured" and stored["pdf"] is None
    [audit] = await _cv_audit(pool, candidate_id, "cv.put")
    assert audit["on_behalf_of"] == UUID(candidate_id)
    assert audit["actor_role"] == "coach"
    assert audit["data"] == {"kind": "structured", "version": 1}


async def test_a_candidate_without_cv_reads_as_no_cv_since_a_cv_is_never_mandatory(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)

    response = await client.get(f"/api/v1/candidates/{candidate_id}/cv", headers=staff.coach)

    assert response.status_code == 200
    assert response.json()["cv"] is None
    assert await stored_cv(pool, candidate_id) is None


async def test_pdf_upload_is_stored_with_its_sha256_and_page_count(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    content = pdf_bytes(2)

    response = await put_pdf(
        client,
        staff.organiser,
        candidate_id,
        content,
        data={"sectors": ["logistique", "bâtiment"], "postcode": "93100"},
    )

    assert response.status_code == 200, response.text
    cv = response.json()["cv"]
    digest = hashlib.sha256(content).hexdigest()
    assert cv["kind"] == "pdf"
    assert cv["pdf"] == {"pages": 2, "size": len(content), "sha256": digest}
    assert cv["sectors"] == ["logistique", "bâtiment"]
    assert cv["postcode"] == "93100"
    stored = await stored_cv(pool, candidate_id)
    assert stored is not None
    assert bytes(stored["pdf"]) == content
    assert stored["pdf_sha256"] == digest
    [audit] = await _cv_audit(pool, candidate_id, "cv.put")
    assert audit["data"]["sha256"] == digest


async def test_a_new_cv_replaces_the_old_one_and_raises_the_version(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    assert (await put_pdf(client, staff.coach, candidate_id, pdf_bytes(1))).status_code == 200

    response = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv", headers=staff.coach, json=structured_cv()
    )

    assert response.status_code == 200
    assert response.json()["cv"]["version"] == 2
    stored = await stored_cv(pool, candidate_id)
    assert stored is not None
    assert (stored["kind"], stored["pdf"], stored["pdf_sha256"]) == ("structured", None, None)
    assert len(await _cv_audit(pool, candidate_id, "cv.put")) == 2


async def test_a_cv_can_be_removed_and_a_second_removal_is_not_found(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    await put_pdf(client, staff.coach, candidate_id, pdf_bytes(1))
    url = f"/api/v1/candidates/{candidate_id}/cv"

    assert (await client.delete(url, headers=staff.organiser)).status_code == 204
    again = await client.delete(url, headers=staff.organiser)

    assert again.status_code == 404
    assert again.json()["code"] == "cv_not_found"
    assert await stored_cv(pool, candidate_id) is None
    assert len(await _cv_audit(pool, candidate_id, "cv.delete")) == 1


async def test_a_non_pdf_renamed_pdf_is_refused_with_not_a_pdf_and_nothing_is_stored(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000

    response = await put_pdf(client, staff.coach, candidate_id, png, filename="mon-cv.pdf")

    assert response.status_code == 422
    assert response.json()["code"] == "not_a_pdf"
    assert "PDF" in response.json()["detail"]
    assert await stored_cv(pool, candidate_id) is None
    assert await _cv_audit(pool, candidate_id, "cv.put") == []


async def test_a_file_with_a_pdf_header_but_no_pdf_inside_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    truncated = pdf_bytes(1)[:300]

    for content in (b"%PDF-1.7\nnot really a pdf at all", truncated):
        response = await put_pdf(client, staff.coach, candidate_id, content)
        assert response.status_code == 422, content[:40]
        assert response.json()["code"] == "not_a_pdf"
    assert await stored_cv(pool, candidate_id) is None


async def test_a_password_protected_pdf_is_refused_with_pdf_protected(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    from fpdf import FPDF

    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    locked = FPDF()
    locked.set_encryption(owner_password="owner-secret", user_password="user-secret")
    locked.add_page()
    locked.set_font("helvetica", size=12)
    locked.cell(0, 10, "CV")

    response = await put_pdf(client, staff.coach, candidate_id, bytes(locked.output()))

    assert response.status_code == 422
    assert response.json()["code"] == "pdf_protected"
    assert await stored_cv(pool, candidate_id) is None


async def test_an_upload_over_five_megabytes_is_refused_with_cv_too_large(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    base = pdf_bytes(1)
    # Still a valid PDF (trailing bytes after %%EOF are ignored), one byte over the limit.
    oversized = base + b"\n%" + b"x" * (MAX_PDF_BYTES - len(base) - 1)
    assert len(oversized) == MAX_PDF_BYTES + 1

    response = await put_pdf(client, staff.coach, candidate_id, oversized)

    assert response.status_code == 413
    assert response.json()["code"] == "cv_too_large"
    assert "5 Mo" in response.json()["detail"]
    assert await stored_cv(pool, candidate_id) is None


async def test_a_pdf_of_exactly_five_megabytes_is_accepted(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    base = pdf_bytes(1)
    at_limit = base + b"\n%" + b"x" * (MAX_PDF_BYTES - len(base) - 2)

    response = await put_pdf(client, staff.coach, candidate_id, at_limit)

    assert response.status_code == 200, response.text
    assert response.json()["cv"]["pdf"]["size"] == MAX_PDF_BYTES


async def test_a_body_far_over_the_upload_limit_is_refused_before_it_is_read(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)

    response = await put_pdf(client, staff.coach, candidate_id, b"%PDF-" + b"0" * 7_000_000)

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert await stored_cv(pool, candidate_id) is None


async def test_a_json_cv_is_held_to_the_apps_json_limit_on_the_upload_route(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    padded = json.dumps(structured_cv()) + " " * settings.max_body_bytes

    response = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv",
        headers={**staff.coach, "content-type": "application/json"},
        content=padded.encode(),
    )

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert await stored_cv(pool, candidate_id) is None


async def test_unknown_field_in_a_structured_cv_is_refused_and_named(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)

    response = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv",
        headers={**staff.coach, "accept-language": "en"},
        json=structured_cv(experiences=[{"title": "Plongeur", "start": "2020", "salary": 9}]),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "experiences[0]" in response.json()["extra"]["field"]
    assert "salary" in response.json()["detail"]
    assert await stored_cv(pool, candidate_id) is None


async def test_structured_cv_bounds_are_enforced(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    url = f"/api/v1/candidates/{candidate_id}/cv"
    bad = {
        "headline": structured_cv(headline="x" * 201),
        "experiences[0].start": structured_cv(experiences=[{"title": "Vendeur", "start": "21"}]),
        "languages[0].level": structured_cv(languages=[{"language": "peul", "level": "fluent"}]),
        "postcode": structured_cv(postcode="7500"),
        "sectors": structured_cv(sectors=["logistique"] * 11),
        "headline\x00": structured_cv(headline="Commis\x00"),
    }
    for field, body in bad.items():
        response = await client.put(url, headers=staff.coach, json=body)
        assert response.status_code == 400, field
        assert response.json()["code"] == "invalid_input", field
        assert response.json()["extra"]["field"] == field.rstrip("\x00"), response.json()
    assert await stored_cv(pool, candidate_id) is None


async def test_an_experience_ending_before_it_starts_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    url = f"/api/v1/candidates/{candidate_id}/cv"

    refused = await client.put(
        url,
        headers=staff.coach,
        json=structured_cv(experiences=[{"title": "Cariste", "start": "2022-05", "end": "2021"}]),
    )
    # A bare year spans the whole year: these two read as the same year, not as a reversal.
    fine = await client.put(
        url,
        headers=staff.coach,
        json=structured_cv(
            experiences=[
                {"title": "Cariste", "start": "2022-05", "end": "2022"},
                {"title": "Magasinier", "start": "2021", "end": "2021-02"},
            ]
        ),
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_input"
    assert refused.json()["extra"]["field"] == "experiences[0].end"
    assert fine.status_code == 200, fine.text


async def test_a_form_without_a_file_or_with_unknown_fields_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    url = f"/api/v1/candidates/{candidate_id}/cv"

    no_file = await client.put(url, headers=staff.coach, files={"cv": ("a.pdf", pdf_bytes(1))})
    extra = await put_pdf(client, staff.coach, candidate_id, pdf_bytes(1), data={"salary": "9"})
    bad_postcode = await put_pdf(
        client, staff.coach, candidate_id, pdf_bytes(1), data={"postcode": "abc"}
    )

    assert (no_file.status_code, no_file.json()["code"]) == (400, "invalid_input")
    assert (extra.status_code, extra.json()["extra"]["field"]) == (400, "salary")
    assert (bad_postcode.status_code, bad_postcode.json()["extra"]["field"]) == (400, "postcode")
    assert await stored_cv(pool, candidate_id) is None


async def test_a_cv_in_another_format_is_refused_with_unsupported_media_type(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)

    response = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv",
        headers={**staff.coach, "content-type": "application/pdf"},
        content=pdf_bytes(1),
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert await stored_cv(pool, candidate_id) is None


async def test_staff_of_another_organisation_get_404_writing_or_reading_a_cv(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    own = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, own.organiser)
    await client.put(
        f"/api/v1/candidates/{candidate_id}/cv", headers=own.coach, json=structured_cv()
    )
    before = await stored_cv(pool, candidate_id)
    url = f"/api/v1/candidates/{candidate_id}/cv"

    for headers in (other.organiser, other.coach):
        put = await put_pdf(client, headers, candidate_id, pdf_bytes(1))
        put_json = await client.put(url, headers=headers, json=structured_cv(headline="Volé"))
        get = await client.get(url, headers=headers)
        get_pdf = await client.get(f"{url}.pdf", headers=headers)
        removed = await client.delete(url, headers=headers)
        for response in (put, put_json, get, get_pdf, removed):
            assert response.status_code == 404, response.request.url
            assert response.json()["code"] == "candidate_not_found"
    assert await stored_cv(pool, candidate_id) == before
    assert len(await _cv_audit(pool, candidate_id, "cv.put")) == 1


async def test_an_unknown_candidate_is_not_found_and_anonymous_callers_must_log_in(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    url = "/api/v1/candidates/00000000-0000-4000-8000-000000000000/cv"

    unknown = await client.put(url, headers=staff.coach, json=structured_cv())
    anonymous = await client.get(url)

    assert (unknown.status_code, unknown.json()["code"]) == (404, "candidate_not_found")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")


async def test_recruiter_of_a_company_that_did_not_attend_gets_404_and_no_view_is_logged(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await client.put(
        f"/api/v1/candidates/{world.candidate_id}/cv",
        headers=world.staff.coach,
        json=structured_cv(),
    )
    await observe(client, world, skill="perseverance", level=3)
    await review_and_consent(client, world)
    url = f"/api/v1/candidates/{world.candidate_id}/cv"

    for path in (url, f"{url}.pdf"):
        response = await client.get(path, headers=world.outsider.headers)
        assert response.status_code == 404
        assert response.json()["code"] == "candidate_not_found"
    writing = await put_pdf(client, world.attending.headers, world.candidate_id, pdf_bytes(1))
    assert (writing.status_code, writing.json()["code"]) == (404, "candidate_not_found")
    assert await _cv_audit(pool, world.candidate_id, "cv.view") == []


async def test_recruiter_of_an_attending_company_sees_cv_and_reviewed_card_but_nothing_private(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await client.put(
        f"/api/v1/candidates/{world.candidate_id}/cv",
        headers=world.staff.coach,
        json=structured_cv(),
    )
    await observe(client, world, skill="perseverance", level=3, note="Ne lâche rien")
    await review_and_consent(client, world)

    response = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/cv", headers=world.attending.headers
    )

    assert response.status_code == 200, response.text
    body = response.json()
    # Without consent to be contacted: the initial of the last name and no contact details.
    assert (body["first_name"], body["last_name"], body["contact"]) == ("Łukasz", "T.", None)
    assert body["cv"]["structured"]["headline"] == structured_cv()["headline"]
    card = body["skills_card"]
    assert card["reviewed_at"] is not None
    assert "review" not in card  # who reviewed it is staff business
    [line] = card["skills"]
    assert (line["code"], line["level"], line["observations"]) == ("perseverance", 3, 1)
    assert PRIVATE_MARKER not in response.text
    assert "rsa" not in response.text
    assert "private" not in body and "email" not in body and "phone" not in body
    assert "Traoré" not in response.text
    [audit] = await _cv_audit(pool, world.candidate_id, "cv.view")
    assert audit["actor_role"] == "recruiter"
    assert audit["data"]["channel"] == "json"


async def test_staff_see_the_current_draft_card_and_no_view_is_logged_for_them(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="team_spirit", level=2)

    response = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/cv", headers=world.staff.organiser
    )

    assert response.status_code == 200
    card = response.json()["skills_card"]
    assert card["review"]["status"] == "draft"
    assert [s["code"] for s in card["skills"]] == ["team_spirit"]
    assert await count(pool, "cvs", "candidate_id = $1", UUID(world.candidate_id)) == 0
    assert await _cv_audit(pool, world.candidate_id, "cv.view") == []


async def test_withdrawing_consent_hides_the_cv_from_recruiters_at_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await put_pdf(client, world.staff.coach, world.candidate_id, pdf_bytes(1))
    await observe(client, world, skill="motivation", level=4)
    await review_and_consent(client, world)
    url = f"/api/v1/candidates/{world.candidate_id}/cv"
    assert (await client.get(url, headers=world.attending.headers)).status_code == 200

    withdrawn = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/consent",
        headers=world.staff.coach,
        json={"recruiters": False},
    )

    assert withdrawn.status_code in (200, 201), withdrawn.text
    for path in (url, f"{url}.pdf", f"/cards/{world.candidate_id}"):
        response = await client.get(path, headers=world.attending.headers)
        assert response.status_code == 404, path
        code = error_code(response) if path.startswith("/cards/") else response.json()["code"]
        assert code == "candidate_not_found"
    assert len(await _cv_audit(pool, world.candidate_id, "cv.view")) == 1
    # Staff still see it: the CV is the candidate's, consent only governs recruiters.
    assert (await client.get(url, headers=world.staff.coach)).status_code == 200


async def test_the_openapi_schema_documents_the_cv_endpoints(client: AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]

    cv = paths["/api/v1/candidates/{candidate_id}/cv"]
    assert {"get", "put", "delete"} <= cv.keys()
    assert "not_a_pdf" in cv["put"]["description"]
    assert "get" in paths["/api/v1/candidates/{candidate_id}/cv.pdf"]
    assert "get" in paths["/cards/{candidate_id}"]
