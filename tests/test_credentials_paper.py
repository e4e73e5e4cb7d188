"""The skills badge on paper (issue 15 §4): staff print it from the back office candidate page;
the page says in plain words what the credential says, and its QR code, read by a real decoder
(zxing-cpp), leads to the credential's public verification page."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

import zxingcpp
from httpx import AsyncClient
from litestar import Litestar
from PIL import Image
from pypdf import PdfReader

from events.settings import Settings
from tests.admin_http import client_of, log_in
from tests.factories import make_staff
from tests.pages import error_code
from tests.test_credentials import _EVENT_TITLE, _NOTE, observed_candidate


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _qr_codes(content: bytes) -> list[str]:
    """What the QR codes of the PDF's images say, decoded by zxing-cpp."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for picture in page.images:
            image = Image.open(io.BytesIO(picture.data)).convert("L")
            found += [
                b.text
                for b in zxingcpp.read_barcodes(image)
                if b.format == zxingcpp.BarcodeFormat.QRCode
            ]
    return found


async def test_staff_print_the_badge_whose_qr_code_leads_to_its_verification_page(
    client: AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    candidate_id, _, staff = await observed_candidate(client, pool, settings)
    await pool.execute(
        "update candidates set credential_name = 'full' where id = $1", UUID(candidate_id)
    )
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        page = await http.get(f"/admin/candidates/{candidate_id}")
        assert f'href="/admin/candidates/{candidate_id}/credential.pdf"' in page.text
        answer = await http.get(f"/admin/candidates/{candidate_id}/credential.pdf")
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        english = await http.get(f"/admin/candidates/{candidate_id}/credential.pdf?lang=en")
    text = _text(answer.content)
    for said in ("Badge de compétences", "Amina kaya-Diallo", "Niveau 3 sur 4", "Niveau 2 sur 4"):
        assert said in text, said
    assert "Persévérance" in text or "persévérance" in text.lower()
    assert "Escalade" in text  # the activities, as evidence
    assert _EVENT_TITLE not in text and _NOTE not in text
    assert "Level 3 of 4" in _text(english.content)

    (link,) = _qr_codes(answer.content)
    credential = (
        await client.get(f"/api/v1/candidates/{candidate_id}/export.json", headers=staff.organiser)
    ).json()["credentials"]
    assert link == f"{settings.public_url}/verify/{credential[0]['id']}"
    assert link in text  # the address is printed too, for whoever cannot scan
    verified = await client.get(link.removeprefix(settings.public_url))
    assert 'data-verdict="valid"' in verified.text
    actions = await pool.fetch(
        "select action from audit_log where subject_id = $1 and action in"
        " ('credential.issue', 'credential.print') order by id",
        UUID(candidate_id),
    )
    assert [a["action"] for a in actions] == [
        "credential.issue",
        "credential.print",
        "credential.print",
    ]


async def test_no_paper_badge_without_a_review_after_withdrawal_or_for_outsiders(
    client: AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    not_reviewed, _, staff = await observed_candidate(client, pool, settings, reviewed=False)
    other = await make_staff(pool, settings, client)
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        refused = await http.get(f"/admin/candidates/{not_reviewed}/credential.pdf")
        assert (refused.status_code, error_code(refused)) == (409, "skills_card_not_reviewed")
        assert "pas encore été relue" in refused.text
    reviewed, organiser, staff = await observed_candidate(client, pool, settings)
    issued = await client.post(f"/api/v1/candidates/{reviewed}/credentials", headers=organiser)
    credential_id = issued.json()["id"].rsplit("/", 1)[1]
    assert (
        await client.post(f"/api/v1/credentials/{credential_id}/revoke", headers=organiser)
    ).status_code == 200
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        withdrawn = await http.get(f"/admin/candidates/{reviewed}/credential.pdf")
        assert (withdrawn.status_code, error_code(withdrawn)) == (409, "credential_withdrawn")
    async with client_of(app) as http:
        await log_in(http, other.organiser_user.email)
        outsider = await http.get(f"/admin/candidates/{reviewed}/credential.pdf")
        assert (outsider.status_code, error_code(outsider)) == (404, "candidate_not_found")
