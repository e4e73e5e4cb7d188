"""The skills vocabulary: the twelve skills of DOMAIN.md, each with labels in both languages,
a description and four behavioural levels; the same codes events name in their activities."""

from __future__ import annotations

import typing

from httpx import AsyncClient

from events.catalog import SkillCode

DOMAIN_SKILLS = {
    "perseverance": ("persévérance", "perseverance"),
    "concentration": ("concentration", "focus"),
    "self_discipline": ("auto-discipline", "self-discipline"),
    "team_spirit": ("esprit d'équipe", "teamwork"),
    "following_instructions": ("respect des consignes", "following instructions"),
    "reactivity": ("réactivité", "responsiveness"),
    "leadership": ("leadership", "leadership"),
    "motivation": ("motivation", "motivation"),
    "punctuality": ("assiduité, ponctualité", "attendance and punctuality"),
    "communication": ("communication, écoute", "communication and listening"),
    "adaptability": ("adaptabilité", "adaptability"),
    "self_confidence": ("confiance en soi", "self-confidence"),
}


async def test_skills_list_holds_the_twelve_skills_of_the_domain_with_their_labels(
    client: AsyncClient,
) -> None:
    response = await client.get("/api/v1/skills")
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    found = {s["code"]: (s["label_fr"], s["label_en"]) for s in body["items"]}
    assert found == DOMAIN_SKILLS


async def test_every_skill_describes_four_distinct_levels_in_french_and_english(
    client: AsyncClient,
) -> None:
    items = (await client.get("/api/v1/skills")).json()["items"]
    for skill in items:
        assert [level["level"] for level in skill["levels"]] == [1, 2, 3, 4]
        french = [level["fr"] for level in skill["levels"]]
        english = [level["en"] for level in skill["levels"]]
        assert len(set(french)) == 4 and len(set(english)) == 4, skill["code"]
        assert all(text.strip() for text in french + english)
        assert skill["description_fr"] and skill["description_en"]
        assert skill["description_fr"] != skill["description_en"]
        assert skill["esco_uri"] is None or skill["esco_uri"].startswith(
            "http://data.europa.eu/esco/skill/"
        )


async def test_description_follows_the_requested_language(client: AsyncClient) -> None:
    french = (await client.get("/api/v1/skills")).json()["items"][0]
    english = (await client.get("/api/v1/skills", headers={"Accept-Language": "en"})).json()[
        "items"
    ][0]
    assert french["code"] == english["code"] == "perseverance"
    assert french["description"] == french["description_fr"]
    assert english["description"] == english["description_en"]


async def test_the_vocabulary_table_and_the_codes_events_accept_are_the_same(
    client: AsyncClient,
) -> None:
    items = (await client.get("/api/v1/skills")).json()["items"]
    assert {s["code"] for s in items} == set(typing.get_args(SkillCode))
