"""Portable skills cards (issue 15): a reviewed card issued as an Open Badges 3.0
AchievementCredential, its structure, who may issue it, and the public copy its holder shares.
The independent verifier's checks are in test_credentials_verifier.py."""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.credentials import proof, status
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_sport_session, observe, review

_EVENT_TITLE = "Festival des cuisines réfugiées"
_NOTE = "Situation administrative difficile, reste jusqu'au bout."
_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@dataclass
class Issued:
    candidate_id: str
    organiser: dict[str, str]
    credential: dict[str, Any]


async def observed_candidate(
    client: AsyncClient, pool: Any, settings: Settings, *, reviewed: bool = True
) -> tuple[str, dict[str, str], Any]:
    """A candidate with two skills observed by the coach at a sport session whose title tells a
    social situation; reviewed unless told otherwise. (candidate id, organiser, staff)"""
    staff = await make_staff(pool, settings, client)
    session = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    await pool.execute(
        "update events set title = $2 where id = $1", UUID(session["id"]), _EVENT_TITLE
    )
    candidate_id = await make_candidate(
        client, staff.organiser, first_name="Amina", last_name="kaya-Diallo"
    )
    await register(client, staff.organiser, session["id"], candidate_id=candidate_id)
    await observe(
        client,
        staff.coach,
        session["id"],
        candidate_id,
        "perseverance",
        3,
        activity="Escalade",
        note=_NOTE,
    )
    await observe(
        client, staff.coach, session["id"], candidate_id, "team_spirit", 2, activity="Football"
    )
    if reviewed:
        await review(client, staff.organiser, candidate_id)
    return candidate_id, staff.organiser, staff


async def issue(client: AsyncClient, headers: dict[str, str], candidate_id: str) -> Any:
    return await client.post(f"/api/v1/candidates/{candidate_id}/credentials", headers=headers)


async def issued_credential(client: AsyncClient, pool: Any, settings: Settings) -> Issued:
    candidate_id, organiser, _ = await observed_candidate(client, pool, settings)
    response = await issue(client, organiser, candidate_id)
    assert response.status_code == 201, response.text
    return Issued(candidate_id, organiser, response.json())


def _types(node: dict[str, Any]) -> list[str]:
    kinds = node["type"]
    return kinds if isinstance(kinds, list) else [kinds]


async def test_credential_has_the_open_badges_achievement_credential_fields_and_types(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    vc = issued.credential
    # VC 2.0 and Open Badges 3.0 (AchievementCredential, its required properties).
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in vc["@context"]
    assert _types(vc)[:1] == ["VerifiableCredential"]
    assert "AchievementCredential" in _types(vc)
    assert re.fullmatch(rf"{re.escape(settings.public_url)}/verify/[0-9a-f-]{{36}}", vc["id"])
    assert isinstance(vc["name"], str) and vc["name"]
    assert _INSTANT.match(vc["validFrom"])
    issuer = vc["issuer"]
    assert "Profile" in _types(issuer)
    assert issuer["id"].startswith("did:key:z6Mk")
    assert issuer["name"]
    subject = vc["credentialSubject"]
    assert "AchievementSubject" in _types(subject)
    assert subject["identifier"] == [
        {
            "type": ["IdentityObject"],
            "identityType": "name",
            "hashed": False,
            "identityHash": "Amina K.",
        }
    ]
    assert _INSTANT.match(subject["activityStartDate"])
    assert _INSTANT.match(subject["activityEndDate"])
    achievement = subject["achievement"]
    assert "Achievement" in _types(achievement)
    for required in ("id", "name", "description", "criteria"):
        assert achievement[required], required
    assert achievement["criteria"]["narrative"]
    descriptions = {d["id"]: d for d in achievement["resultDescription"]}
    assert set(descriptions) == {
        f"{settings.public_url}/skills/perseverance",
        f"{settings.public_url}/skills/team_spirit",
    }
    for description in descriptions.values():
        assert _types(description) == ["ResultDescription"]
        assert description["name"]
        assert description["resultType"] == "RubricCriterionLevel"
        levels = description["rubricCriterionLevel"]
        assert [level["id"] for level in levels] == [
            f"{description['id']}#level-{n}" for n in (1, 2, 3, 4)
        ]
        for level in levels:
            assert _types(level) == ["RubricCriterionLevel"]
            assert level["name"] and level["description"]
        (ours,) = description["alignment"]  # no ESCO URI is confirmed in the vocabulary yet
        assert _types(ours) == ["Alignment"]
        assert ours["targetUrl"] == description["id"]
        assert ours["targetName"] == description["name"]
    results = {r["resultDescription"]: r for r in subject["result"]}
    perseverance = results[f"{settings.public_url}/skills/perseverance"]
    assert _types(perseverance) == ["Result"]
    assert perseverance["value"] == "3"
    assert perseverance["achievedLevel"] == f"{settings.public_url}/skills/perseverance#level-3"
    # The achieved level's anchor is the vocabulary's level 3 of perseverance.
    anchors = {
        level["id"]: level["description"]
        for level in descriptions[f"{settings.public_url}/skills/perseverance"][
            "rubricCriterionLevel"
        ]
    }
    level_3 = await pool.fetchval("select levels_fr[3] from skills where code = 'perseverance'")
    assert anchors[perseverance["achievedLevel"]] == level_3
    # The evidence: counts and activities, per skill.
    evidence = {e["name"]: e for e in vc["evidence"]}
    assert evidence["persévérance"]["narrative"] == (
        "1 observation(s) par 1 coach(s). Activités\u00a0: Escalade."
    )
    assert all(_types(e) == ["Evidence"] for e in vc["evidence"])
    # The Data Integrity proof.
    signed = vc["proof"]
    assert signed["type"] == "DataIntegrityProof"
    assert signed["cryptosuite"] == "eddsa-rdfc-2022"
    assert signed["proofPurpose"] == "assertionMethod"
    assert signed["verificationMethod"].startswith(issuer["id"] + "#")
    assert signed["proofValue"].startswith("z")
    assert _INSTANT.match(signed["created"])
    entry = vc["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListCredential"] == (
        f"{settings.public_url}/credentials/status/{issuer['id'].removeprefix('did:key:')}.json"
    )
    assert entry["id"] == f"{entry['statusListCredential']}#{entry['statusListIndex']}"
    # Never the event's title, nor a coach's note, nor the full last name.
    text = json.dumps(vc, ensure_ascii=False)
    assert _EVENT_TITLE not in text
    assert _NOTE not in text
    assert "Diallo" not in text and "kaya" not in text


async def test_our_own_verifier_accepts_it_and_refuses_any_change(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    assert proof.verify(issued.credential)
    changed = copy.deepcopy(issued.credential)
    changed["credentialSubject"]["result"][0]["value"] = "4"
    assert not proof.verify(changed)


async def test_issuing_again_gives_the_same_credential_and_audits_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    again = await issue(client, issued.organiser, issued.candidate_id)
    assert again.status_code == 201
    assert again.json() == issued.credential
    audited = await pool.fetch(
        "select actor_role, data from audit_log where action = 'credential.issue' "
        "and subject_id = $1",
        UUID(issued.candidate_id),
    )
    assert len(audited) == 1
    assert audited[0]["actor_role"] == "organiser"
    assert issued.credential["id"].endswith(audited[0]["data"]["credential_id"])
    stored = await pool.fetchval(
        "select count(*) from issued_credentials where candidate_id = $1",
        UUID(issued.candidate_id),
    )
    assert stored == 1


async def test_one_organisation_signs_all_its_credentials_with_one_key(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    candidate_id, organiser, staff = await observed_candidate(client, pool, settings)
    first = (await issue(client, organiser, candidate_id)).json()
    other = await make_candidate(client, organiser, first_name="Sam", last_name="Lee")
    session = await make_sport_session(client, organiser, coach_ids=[staff.coach_user.id])
    await register(client, organiser, session["id"], candidate_id=other)
    await observe(client, staff.coach, session["id"], other, "communication", 4)
    await review(client, organiser, other)
    second = (await issue(client, staff.coach, other)).json()
    assert first["issuer"]["id"] == second["issuer"]["id"]
    assert first["id"] != second["id"]
    assert second["credentialSubject"]["identifier"][0]["identityHash"] == "Sam L."


async def test_a_card_never_reviewed_is_refused_and_nothing_is_issued(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    candidate_id, organiser, _ = await observed_candidate(client, pool, settings, reviewed=False)
    response = await issue(client, organiser, candidate_id)
    assert response.status_code == 409
    assert response.json()["code"] == "skills_card_not_reviewed"
    stored = await pool.fetchval(
        "select count(*) from issued_credentials where candidate_id = $1", UUID(candidate_id)
    )
    assert stored == 0


async def test_staff_of_another_organisation_cannot_issue_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    candidate_id, _, _ = await observed_candidate(client, pool, settings)
    stranger = await make_staff(pool, settings, client)
    for headers in (stranger.organiser, stranger.coach):
        response = await issue(client, headers, candidate_id)
        assert response.status_code == 404
        assert response.json()["code"] == "candidate_not_found"
    anonymous = await client.post(f"/api/v1/candidates/{candidate_id}/credentials")
    assert anonymous.status_code == 401
    stored = await pool.fetchval(
        "select count(*) from issued_credentials where candidate_id = $1", UUID(candidate_id)
    )
    assert stored == 0


async def test_the_holder_shares_the_credential_at_its_public_address(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    credential_id = issued.credential["id"].rsplit("/", 1)[1]
    shared = await client.get(f"/credentials/{credential_id}.json")
    assert shared.status_code == 200
    assert shared.headers["content-type"].startswith("application/json")
    assert shared.json() == issued.credential
    assert proof.verify(shared.json())
    for missing in (
        "/credentials/00000000-0000-4000-8000-000000000000.json",
        f"/credentials/{credential_id}",
        "/credentials/not-an-id.json",
    ):
        response = await client.get(missing)
        assert response.status_code == 404, missing
        assert response.json()["code"] == "credential_not_found"


async def test_each_alignment_leads_to_a_public_page_with_the_levels(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    achieved = issued.credential["credentialSubject"]["result"][0]["achievedLevel"]
    page_url, _, fragment = achieved.partition("#")
    page = await client.get(page_url.removeprefix(settings.public_url))
    assert page.status_code == 200
    assert f'id="{fragment}"' in page.text
    level_3 = await pool.fetchval("select levels_fr[3] from skills where code = 'perseverance'")
    assert level_3 in html.unescape(page.text)
    english = await client.get("/skills/perseverance?lang=en")
    assert "Level 4" in english.text
    every = await client.get("/skills")
    assert every.status_code == 200
    assert 'href="/skills/team_spirit?lang=fr"' in every.text
    unknown = await client.get("/skills/flying")
    assert unknown.status_code == 404


async def _bit(client: AsyncClient, settings: Settings, credential: dict[str, Any]) -> bool:
    entry = credential["credentialStatus"]
    response = await client.get(entry["statusListCredential"].removeprefix(settings.public_url))
    assert response.status_code == 200, response.text
    listed = response.json()
    assert proof.verify(listed)
    assert listed["issuer"] == credential["issuer"]["id"]
    return status.revoked_in(
        listed["credentialSubject"]["encodedList"], int(entry["statusListIndex"])
    )


async def test_withdrawing_sets_the_bit_once_and_only_for_those_who_follow_the_holder(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    credential_id = issued.credential["id"].rsplit("/", 1)[1]
    url = f"/api/v1/credentials/{credential_id}/revoke"
    assert await _bit(client, settings, issued.credential) is False
    stranger = await make_staff(pool, settings, client)
    refused = await client.post(url, headers=stranger.organiser)
    assert refused.status_code == 404
    assert refused.json()["code"] == "credential_not_found"
    assert await _bit(client, settings, issued.credential) is False
    first = await client.post(url, headers=issued.organiser)
    again = await client.post(url, headers=issued.organiser)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert await _bit(client, settings, issued.credential) is True
    audited = await pool.fetchval(
        "select count(*) from audit_log where action = 'credential.revoke' and subject_id = $1",
        UUID(issued.candidate_id),
    )
    assert audited == 1
    unknown = await client.post(
        "/api/v1/credentials/00000000-0000-4000-8000-000000000000/revoke",
        headers=issued.organiser,
    )
    assert unknown.status_code == 404


async def test_the_holders_erasure_revokes_it_and_takes_the_shared_copy_away(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    issued = await issued_credential(client, pool, settings)
    credential_id = issued.credential["id"].rsplit("/", 1)[1]
    await pool.execute(
        "update candidates set erased_at = now() where id = $1", UUID(issued.candidate_id)
    )
    assert await _bit(client, settings, issued.credential) is True
    shared = await client.get(f"/credentials/{credential_id}.json")
    assert shared.status_code == 404


async def test_an_unknown_status_list_is_not_found(client: AsyncClient) -> None:
    for name in ("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK.json", "nothing.json", "x"):
        response = await client.get(f"/credentials/status/{name}")
        assert response.status_code == 404, name
        assert response.json()["code"] == "credential_not_found"


def test_the_bitstring_puts_index_zero_at_the_left_most_bit() -> None:
    encoded = status.encoded_list([0, 9, status.LENGTH - 1])
    assert encoded.startswith("u")
    assert [status.revoked_in(encoded, i) for i in (0, 1, 8, 9, status.LENGTH - 1)] == [
        True,
        False,
        False,
        True,
        True,
    ]
