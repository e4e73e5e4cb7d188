"""The independent verifier of issue 15: Digital Bazaar's @digitalbazaar/vc with the
eddsa-rdfc-2022 cryptosuite, in Node, from the npm registry via package.json, with a document
loader holding the contexts of their npm packages and no network (tests/node/
verify_credential.mjs). It must accept the credential the service issues, and refuse it after
any single change."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID
from xml.etree import ElementTree

import pytest
import resvg_py
from httpx import AsyncClient

from events.credentials import badge, status
from events.settings import Settings
from tests.factories_registrations import register
from tests.factories_skills import make_sport_session, observe, review
from tests.test_credentials import issue, issued_credential, observed_candidate

_SCRIPT = Path(__file__).resolve().parent / "node" / "verify_credential.mjs"
OUTPUT = Path(__file__).resolve().parent / "output" / "credentials"


def verify_in_node(
    credentials: list[dict[str, Any]], documents: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One Node process for them all: each credential's verdict, in order. ``documents``: the
    status lists the credentials name, by address, as fetched from the service."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the independent verifier runs in Node (apt-get install npm)")
    if not (_SCRIPT.parents[2] / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        pytest.fail("node_modules lacks @digitalbazaar/vc: run `make assets` (npm ci)")
    done = subprocess.run(  # noqa: S603 - node found on PATH, our own script
        [node, str(_SCRIPT)],
        input=json.dumps({"credentials": credentials, "documents": documents or {}}),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(verdicts) == len(credentials), done.stdout
    return verdicts


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change of one field, by its path (keys and list indexes, dot-separated)."""

    def change(credential: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = credential
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _flip_signature(credential: dict[str, Any]) -> None:
    value = credential["proof"]["proofValue"]
    last = value[-1]
    credential["proof"]["proofValue"] = value[:-1] + ("2" if last != "2" else "3")


def _drop_result(credential: dict[str, Any]) -> None:
    credential["credentialSubject"]["result"].pop()


CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "name": _set("name", "Carte de compétences de Paul D."),
    "holder": _set("credentialSubject.identifier.0.identityHash", "Paul D."),
    "level": _set("credentialSubject.result.0.value", "4"),
    "achieved level": _set(
        "credentialSubject.result.0.achievedLevel",
        "http://127.0.0.1:8000/skills/perseverance#level-4",
    ),
    "anchor": _set(
        "credentialSubject.achievement.resultDescription.0.rubricCriterionLevel.2.description",
        "Excellent en tout.",
    ),
    "evidence": _set("evidence.0.narrative", "12 observation(s) par 5 coach(s)."),
    "issuer name": _set("issuer.name", "Une autre association"),
    "issuer": _set("issuer.id", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
    "valid from": _set("validFrom", "2020-01-01T00:00:00Z"),
    "activity dates": _set("credentialSubject.activityStartDate", "2020-01-01T00:00:00Z"),
    "id": _set("id", "http://127.0.0.1:8000/verify/00000000-0000-4000-8000-000000000000"),
    "result dropped": _drop_result,
    "proof created": _set("proof.created", "2020-01-01T00:00:00Z"),
    "signature": _flip_signature,
    "added field": _set("credentialSubject.achievement.fieldOfStudy", "Excellence"),
    "status bit": _set("credentialStatus.statusListIndex", "7"),
}


async def status_documents(
    client: AsyncClient, settings: Settings, *credentials: dict[str, Any]
) -> dict[str, Any]:
    """The status lists the credentials name, fetched from the service as a verifier would."""
    documents = {}
    for credential in credentials:
        url = credential["credentialStatus"]["statusListCredential"]
        response = await client.get(url.removeprefix(settings.public_url))
        assert response.status_code == 200, response.text
        documents[url] = response.json()
    return documents


async def test_an_independent_verifier_accepts_our_credential_and_refuses_any_single_change(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    credential = (await issued_credential(client, pool, settings)).credential
    changed = []
    for change in CHANGES.values():
        copied = copy.deepcopy(credential)
        change(copied)
        assert copied != credential
        changed.append(copied)
    documents = await status_documents(client, settings, credential)
    original, *verdicts = verify_in_node([credential, *changed], documents)
    assert original == {"verified": True, "errors": [], "revoked": [False]}
    for (what, _), verdict in zip(CHANGES.items(), verdicts, strict=True):
        assert verdict["verified"] is False, what
        assert verdict["errors"], what


async def test_the_verifier_fetches_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    """A credential naming a context the loader does not hold is refused, not fetched: the
    verifier's acceptance above owes nothing to the network."""
    credential = (await issued_credential(client, pool, settings)).credential
    elsewhere = copy.deepcopy(credential)
    elsewhere["@context"].append("https://example.org/contexts/extra.json")
    (verdict,) = verify_in_node([elsewhere], await status_documents(client, settings, credential))
    assert verdict["verified"] is False
    assert any("example.org/contexts/extra.json" in error for error in verdict["errors"])


async def test_the_status_check_reports_it_revoked_once_staff_withdraw_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    credential = issued.credential
    before = await status_documents(client, settings, credential)
    credential_id = credential["id"].rsplit("/", 1)[1]
    withdrawn = await client.post(
        f"/api/v1/credentials/{credential_id}/revoke", headers=issued.organiser
    )
    assert withdrawn.status_code == 200, withdrawn.text
    after = await status_documents(client, settings, credential)
    (valid,) = verify_in_node([credential], before)
    (revoked,) = verify_in_node([credential], after)
    assert valid == {"verified": True, "errors": [], "revoked": [False]}
    # The proof still holds (the credential is what was issued); its status says revoked.
    assert revoked == {"verified": True, "errors": [], "revoked": [True]}
    audited = await pool.fetchval(
        "select count(*) from audit_log where action = 'credential.revoke' and subject_id = $1",
        UUID(issued.candidate_id),
    )
    assert audited == 1


async def test_a_newer_review_revokes_the_older_credential_but_not_the_new_one(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    candidate_id, organiser, staff = await observed_candidate(client, pool, settings)
    first = (await issue(client, organiser, candidate_id)).json()
    session = await make_sport_session(client, organiser, coach_ids=[staff.coach_user.id])
    await register(client, organiser, session["id"], candidate_id=candidate_id)
    await observe(client, staff.coach, session["id"], candidate_id, "communication", 2)
    await review(client, organiser, candidate_id)
    second = (await issue(client, organiser, candidate_id)).json()
    assert second["id"] != first["id"]
    documents = await status_documents(client, settings, first, second)
    verdicts = verify_in_node([first, second], documents)
    assert [v["revoked"] for v in verdicts] == [[True], [False]]
    assert all(v["verified"] for v in verdicts)


async def test_a_tampered_status_list_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    credential = (await issued_credential(client, pool, settings)).credential
    documents = await status_documents(client, settings, credential)
    (listed,) = documents.values()
    listed["credentialSubject"]["encodedList"] = status.encoded_list(
        [int(credential["credentialStatus"]["statusListIndex"])]
    )
    (verdict,) = verify_in_node([credential], documents)
    assert verdict["verified"] is False
    assert any("not verified" in error for error in verdict["errors"]), verdict


async def test_the_baked_svg_carries_the_credential_the_verifier_accepts(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    credential = (await issued_credential(client, pool, settings)).credential
    credential_id = credential["id"].rsplit("/", 1)[1]
    image = await client.get(f"/credentials/{credential_id}.svg")
    assert image.status_code == 200
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in image.headers["content-security-policy"]
    root = ElementTree.fromstring(image.content)  # noqa: S314 - our own answer, in a test
    (baked,) = root.iter(f"{{{badge.NAMESPACE}}}credential")
    assert json.loads(baked.text or "") == credential
    (verdict,) = verify_in_node(
        [json.loads(baked.text or "")], await status_documents(client, settings, credential)
    )
    assert verdict == {"verified": True, "errors": [], "revoked": [False]}
    # A real SVG renderer draws it; the picture shows the holder's card.
    png = resvg_py.svg_to_bytes(svg_string=image.text)
    assert bytes(png).startswith(b"\x89PNG")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "badge.png").write_bytes(bytes(png))
    assert "Amina K." in image.text
    missing = await client.get("/credentials/00000000-0000-4000-8000-000000000000.svg")
    assert missing.status_code == 404
