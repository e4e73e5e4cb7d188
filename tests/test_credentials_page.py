"""The public verification page of a credential (issue 15 §4): its verdict on an issued
credential, on one pasted by a recruiter, and the audit row every check leaves."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from httpx import AsyncClient

from events.credentials import proof
from events.settings import Settings
from tests.test_credentials import issued_credential


def _path(credential: dict[str, Any], settings: Settings) -> str:
    return str(credential["id"]).removeprefix(settings.public_url)


def _verdict(html: str) -> str:
    found = re.search(r'data-verdict="([a-z]+)"', html)
    assert found, html[-2000:]
    return found.group(1)


async def _paste(client: AsyncClient, text: str, *, csrf: bool = True) -> Any:
    form = await client.get("/verify")
    assert form.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    return await client.post(
        "/verify",
        data={"credential": text, "csrf_token": token.group(1) if csrf else "stale"},
    )


async def _checks(pool: Any, candidate_id: str) -> list[str]:
    rows = await pool.fetch(
        "select data from audit_log where action = 'credential.check' and subject_id = $1 "
        "order by id",
        UUID(candidate_id),
    )
    return [row["data"]["verdict"] for row in rows]


async def test_the_link_shows_a_valid_credential_then_withdrawn_and_audits_each_view(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    page = await client.get(_path(issued.credential, settings))
    assert page.status_code == 200
    assert _verdict(page.text) == "valid"
    assert "Amina K." in page.text
    assert issued.credential["issuer"]["name"] in page.text
    assert "Niveau 3 sur 4" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    credential_id = issued.credential["id"].rsplit("/", 1)[1]
    await client.post(f"/api/v1/credentials/{credential_id}/revoke", headers=issued.organiser)
    page = await client.get(_path(issued.credential, settings) + "?lang=en")
    assert _verdict(page.text) == "revoked"
    assert "The organisation withdrew this card." in page.text
    assert await _checks(pool, issued.candidate_id) == ["valid", "revoked"]


async def test_a_pasted_credential_is_valid_intact_and_tampered_after_any_change(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    intact = await _paste(client, json.dumps(issued.credential))
    assert intact.status_code == 200
    assert _verdict(intact.text) == "valid"
    changed = copy.deepcopy(issued.credential)
    changed["credentialSubject"]["result"][0]["value"] = "4"
    tampered = await _paste(client, json.dumps(changed))
    assert tampered.status_code == 200
    assert _verdict(tampered.text) == "tampered"
    # A tampered card's claims are not shown as if they were true.
    assert "Amina K." not in tampered.text
    assert await _checks(pool, issued.candidate_id) == ["valid"]
    anonymous = await pool.fetchval(
        "select count(*) from audit_log where action = 'credential.check' "
        "and subject_type = 'credential' and data->>'verdict' = 'tampered'"
    )
    assert anonymous >= 1


async def test_a_credential_signed_by_a_key_not_ours_is_foreign(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    unsigned = {k: v for k, v in issued.credential.items() if k != "proof"}
    other = Ed25519PrivateKey.generate()
    unsigned["issuer"] = {
        **unsigned["issuer"],
        "id": proof.did_key(other.public_key().public_bytes_raw()),
    }
    unsigned["id"] = f"{settings.public_url}/verify/{uuid4()}"
    forged = proof.sign(unsigned, private_key=other.private_bytes_raw(), created=datetime.now(UTC))
    answer = await _paste(client, json.dumps(forged))
    assert _verdict(answer.text) == "foreign"


async def _upload(client: AsyncClient, name: str, content: bytes, kind: str) -> Any:
    form = await client.get("/verify")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    return await client.post(
        "/verify",
        data={"credential": "", "csrf_token": token.group(1)},
        files={"file": (name, content, kind)},
    )


async def test_an_uploaded_file_or_badge_image_is_checked_as_a_pasted_one(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    image = await client.get(
        _path(issued.credential, settings).replace("/verify/", "/credentials/") + ".svg"
    )
    assert image.status_code == 200, image.text
    from_image = await _upload(client, "badge.svg", image.content, "image/svg+xml")
    assert from_image.status_code == 200
    assert _verdict(from_image.text) == "valid"
    as_file = await _upload(
        client, "carte.json", json.dumps(issued.credential).encode(), "application/json"
    )
    assert _verdict(as_file.text) == "valid"
    # The image with one level changed inside it: the signature no longer holds.
    forged = image.content.replace(b'"value":"', b'"value":"9', 1)
    assert forged != image.content
    assert _verdict((await _upload(client, "badge.svg", forged, "image/svg+xml")).text) == (
        "tampered"
    )
    other = await _upload(client, "photo.svg", b"<svg></svg>", "image/svg+xml")
    assert other.status_code == 400
    assert await _checks(pool, issued.candidate_id) == ["valid", "valid"]


async def test_what_is_not_a_credential_gets_the_form_again_with_a_plain_error(
    client: AsyncClient,
) -> None:
    for text in ("bonjour", "[1, 2]", ""):
        answer = await _paste(client, text)
        assert answer.status_code == 400, text
        assert "Ce texte n&#39;est pas une carte" in answer.text
        assert 'aria-invalid="true"' in answer.text
    expired = await _paste(client, "{}", csrf=False)
    assert expired.status_code == 403
    assert "La page a expiré" in expired.text


async def test_after_the_holders_erasure_the_link_leads_nowhere(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    await pool.execute(
        "update candidates set erased_at = now() where id = $1", UUID(issued.candidate_id)
    )
    page = await client.get(_path(issued.credential, settings))
    assert page.status_code == 404
    pasted = await _paste(client, json.dumps(issued.credential))
    assert _verdict(pasted.text) == "revoked"
    assert "Cette carte n&#39;est plus valable." in pasted.text


async def test_odd_documents_are_tampered_never_an_error(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    credential = (await issued_credential(client, pool, settings)).credential
    odd: list[Any] = [
        {},
        {"proof": "x", "issuer": ["a"], "credentialSubject": "x", "evidence": 3},
        {**credential, "@context": 5},
        {**credential, "@context": [*credential["@context"], "https://example.org/ctx"]},
        {**credential, "proof": {**credential["proof"], "verificationMethod": "did:web:x#k"}},
        {**credential, "proof": {**credential["proof"], "proofValue": "not-base58!"}},
        {"@context": [[[[[[[[1]]]]]]]], "proof": {"verificationMethod": 1}},
    ]
    for document in odd:
        answer = await _paste(client, json.dumps(document))
        assert answer.status_code == 200, document
        assert _verdict(answer.text) == "tampered", document
    deep = await _paste(client, "[" * 50_000 + "]" * 50_000)
    assert deep.status_code == 400
