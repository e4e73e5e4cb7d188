"""Food festival pairings through the API (``events.pairings``): the suggestions, the hard rules
(one pairing per cook, a restaurant's places) also under concurrent requests on separate
connections, who may, what came of a pairing and the person's outcome, and the schedules sent
to each side (mail, text message, ticket page, recruiter's page) with nothing social in what a
restaurant sees."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from httpx import AsyncClient
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of
from tests.admin_http import log_in as log_in_page
from tests.factories import log_in, make_staff, make_user
from tests.factories_events import make_event
from tests.factories_outbox import (
    channels,
    deliver,
    park_earlier_messages,
    sms_gateway,
    smtp_server,
)
from tests.factories_pairings import day, make_festival
from tests.factories_registrations import make_candidate
from tests.test_mail_delivery import text_of

# A result is dated within a year from now (outcomes.records), the festival decades ahead.
TODAY = datetime.now(UTC).date().isoformat()
COOKS = {"Amal": "93100", "Dawit": "75011", "Nasrin": "69003"}
RESTAURANTS = {
    "Le Petit Zinc": ("75011", "Paris"),
    "Saveurs du Levant": ("93100", "Montreuil"),
    "Bouchon des Pentes": ("69001", "Lyon"),
}


async def _sides(client: AsyncClient, festival: Any) -> None:
    headers, base = festival.staff.organiser, f"/api/v1/events/{festival.id}"
    for name, body in {
        "Amal": {"cuisines": ["Syrienne"], "areas": ["93", "75"]},
        "Dawit": {"cuisines": ["érythréenne"], "wishes": ["Petit Zinc"]},
        "Nasrin": {"cuisines": ["afghane"], "areas": ["69"]},
    }.items():
        answer = await client.put(
            f"{base}/pairing-cooks/{festival.cooks[name]}", headers=headers, json=body
        )
        assert answer.status_code == 200, answer.text
    for name, body in {
        "Le Petit Zinc": {"cuisines": ["Érythréenne", "syrienne"]},
        "Saveurs du Levant": {"cuisines": ["syrienne"], "address": "4 rue de Paris"},
        "Bouchon des Pentes": {"cuisines": ["lyonnaise"], "seats": 2},
    }.items():
        answer = await client.put(
            f"{base}/pairing-restaurants/{festival.restaurants[name]}", headers=headers, json=body
        )
        assert answer.status_code == 200, answer.text


async def test_suggestions_follow_cuisine_place_and_wishes_and_are_accepted_at_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    festival = await make_festival(pool, settings, client, cooks=COOKS, restaurants=RESTAURANTS)
    await _sides(client, festival)
    headers, base = festival.staff.organiser, f"/api/v1/events/{festival.id}"
    board = (await client.get(f"{base}/pairings", headers=headers)).json()
    by_cook = {s["candidate_id"]: s for s in board["suggestions"]}
    names = {v: k for k, v in festival.restaurants.items()}
    assert {name: names[by_cook[cid]["company_id"]] for name, cid in festival.cooks.items()} == {
        "Amal": "Saveurs du Levant",
        "Dawit": "Le Petit Zinc",
        "Nasrin": "Bouchon des Pentes",
    }
    dawit = by_cook[festival.cooks["Dawit"]]
    assert dawit["reasons"] == ["cuisine", "same_postcode", "wish"]
    assert dawit["score"] == 170
    # Nasrin goes only to Lyon (her area), even though no cuisine is shared there.
    assert by_cook[festival.cooks["Nasrin"]]["reasons"] == ["same_department"]

    accepted = await client.post(
        f"{base}/pairings/batch",
        headers=headers,
        json={
            "pairs": [
                {
                    "candidate_id": s["candidate_id"],
                    "company_id": s["company_id"],
                    "source": "suggested",
                    "service_days": [day(festival, 1)],
                }
                for s in board["suggestions"]
            ]
        },
    )
    assert accepted.status_code == 201, accepted.text
    assert {p["source"] for p in accepted.json()["items"]} == {"suggested"}
    after = (await client.get(f"{base}/pairings", headers=headers)).json()
    assert after["suggestions"] == []
    assert len(after["pairings"]) == 3
    assert after["unsent"] == 3
    taken = {r["name"]: r["taken"] for r in after["restaurants"]}
    assert taken == {"Le Petit Zinc": 1, "Saveurs du Levant": 1, "Bouchon des Pentes": 1}
    actions = await pool.fetch(
        "select action from audit_log where action like 'pairing.%' and (subject_id = $1"
        " or data ->> 'event_id' = $2)",
        UUID(festival.id),
        festival.id,
    )
    assert sorted({r["action"] for r in actions}) == [
        "pairing.cook_set",
        "pairing.create",
        "pairing.restaurant_set",
    ]


async def test_the_rules_refuse_with_their_code_and_leave_nothing_behind(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    festival = await make_festival(
        pool,
        settings,
        client,
        cooks={"Amal": "93100", "Dawit": "75011"},
        restaurants={"Le Petit Zinc": ("75011", "Paris"), "Chez Rose": ("93100", "Montreuil")},
    )
    headers, base = festival.staff.organiser, f"/api/v1/events/{festival.id}"
    zinc, rose = festival.restaurants["Le Petit Zinc"], festival.restaurants["Chez Rose"]
    amal, dawit = festival.cooks["Amal"], festival.cooks["Dawit"]

    async def pair(candidate_id: str, company_id: str, **more: Any) -> Any:
        return await client.post(
            f"{base}/pairings",
            headers=headers,
            json={"candidate_id": candidate_id, "company_id": company_id, **more},
        )

    made = await pair(amal, zinc, preparation_days=[day(festival, -3)])
    assert made.status_code == 201, made.text
    again = await pair(amal, rose)
    assert (again.status_code, again.json()["code"]) == (409, "cook_already_paired")
    full = await pair(dawit, zinc)
    assert (full.status_code, full.json()["code"]) == (409, "restaurant_full")
    outside = await pair(dawit, rose, service_days=[day(festival, 5)])
    assert (outside.status_code, outside.json()["code"]) == (400, "invalid_input")
    assert outside.json()["extra"]["field"] == "service_days"
    stranger = await make_candidate(client, festival.staff.organiser)
    unregistered = await pair(stranger, rose)
    assert (unregistered.status_code, unregistered.json()["code"]) == (422, "cook_not_confirmed")
    # Two places at the Zinc, then back to one while it has one cook: fine; to fewer: refused
    # by the schema (at least one place).
    two = await client.put(f"{base}/pairing-restaurants/{zinc}", headers=headers, json={"seats": 2})
    assert two.status_code == 200 and two.json()["taken"] == 1
    assert (await pair(dawit, zinc)).status_code == 201
    lower = await client.put(
        f"{base}/pairing-restaurants/{zinc}", headers=headers, json={"seats": 1}
    )
    assert (lower.status_code, lower.json()["code"]) == (409, "seats_below_pairings")
    count = await pool.fetchval(
        "select count(*) from pairings where event_id = $1", UUID(festival.id)
    )
    assert count == 2
    # Moving a cook to a full restaurant is refused; to a free one it makes a new version.
    [pairing_id] = await pool.fetch("select id from pairings where candidate_id = $1", UUID(dawit))
    moved = await client.patch(
        f"/api/v1/pairings/{pairing_id['id']}", headers=headers, json={"company_id": rose}
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["restaurant_name"], moved.json()["version"]) == ("Chez Rose", 2)
    # Another format has no pairings.
    dating = await make_event(client, headers, "job_dating", status="published")
    other = await client.get(f"/api/v1/events/{dating['id']}/pairings", headers=headers)
    assert (other.status_code, other.json()["code"]) == (409, "not_a_food_festival")


async def test_only_the_organisers_of_the_festival_may(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    festival = await make_festival(
        pool, settings, client, cooks={"Amal": "93100"}, restaurants={"Zinc": ("75011", "Paris")}
    )
    base = f"/api/v1/events/{festival.id}"
    made = await client.post(
        f"{base}/pairings",
        headers=festival.staff.organiser,
        json={"candidate_id": festival.cooks["Amal"], "company_id": festival.restaurants["Zinc"]},
    )
    assert made.status_code == 201
    pairing_id = made.json()["id"]
    other = await make_staff(pool, settings, client)
    recruiter = await make_user(
        pool, settings, role="recruiter", company_id=festival.restaurants["Zinc"]
    )
    recruiter_headers = await log_in(client, recruiter.email)
    for headers, status in (
        (festival.staff.coach, 403),
        (other.organiser, 403),
        (recruiter_headers, 403),
    ):
        seen = await client.get(f"{base}/pairings", headers=headers)
        assert (seen.status_code, seen.json()["code"]) == (status, "forbidden"), headers
        sent = await client.post(f"{base}/pairings/send", headers=headers)
        assert sent.status_code == status
        gone = await client.delete(f"/api/v1/pairings/{pairing_id}", headers=headers)
        assert (gone.status_code, gone.json()["code"]) == (404, "pairing_not_found")
    assert await pool.fetchval("select count(*) from pairings where id = $1", UUID(pairing_id))


async def test_concurrent_pairings_never_overfill_a_restaurant_nor_pair_a_cook_twice(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    cooks = {f"Cuisinier{n}": "93100" for n in range(6)}
    festival = await make_festival(
        pool,
        settings,
        client,
        cooks=cooks,
        restaurants={
            "A": ("93100", "Montreuil"),
            "B": ("93200", "Saint-Denis"),
            "C": ("75011", "Paris"),
        },
    )
    headers, base = festival.staff.organiser, f"/api/v1/events/{festival.id}"
    a, b, c = (festival.restaurants[n] for n in "ABC")
    assert (
        await client.put(f"{base}/pairing-restaurants/{a}", headers=headers, json={"seats": 2})
    ).status_code == 200
    # Five cooks at once for A's two places, each request on its own connection.
    answers = await asyncio.gather(
        *(
            client.post(
                f"{base}/pairings",
                headers=headers,
                json={"candidate_id": festival.cooks[f"Cuisinier{n}"], "company_id": a},
            )
            for n in range(5)
        )
    )
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201, 201, 409, 409, 409]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"restaurant_full"}
    # One cook to three restaurants at once: one pairing.
    last = festival.cooks["Cuisinier5"]
    await client.put(f"{base}/pairing-restaurants/{b}", headers=headers, json={"seats": 3})
    answers = await asyncio.gather(
        *(
            client.post(
                f"{base}/pairings", headers=headers, json={"candidate_id": last, "company_id": r}
            )
            for r in (b, c, b)
        )
    )
    assert sorted(r.status_code for r in answers) == [201, 409, 409]
    refused = {r.json()["code"] for r in answers if r.status_code == 409}
    assert refused <= {"cook_already_paired", "restaurant_full"} and refused
    counts = await pool.fetch(
        "select company_id, count(*) from pairings where event_id = $1 group by company_id",
        UUID(festival.id),
    )
    assert {str(r["company_id"]): r["count"] for r in counts}.get(a) == 2
    assert (
        await pool.fetchval("select count(*) from pairings where candidate_id = $1", UUID(last))
        == 1
    )


async def test_a_hire_is_the_persons_outcome_and_a_referral_names_the_other_place(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    festival = await make_festival(
        pool,
        settings,
        client,
        cooks={"Amal": "93100"},
        restaurants={"Zinc": ("75011", "Paris"), "Rose": ("93100", "Montreuil")},
    )
    headers = festival.staff.organiser
    made = await client.post(
        f"/api/v1/events/{festival.id}/pairings",
        headers=headers,
        json={"candidate_id": festival.cooks["Amal"], "company_id": festival.restaurants["Zinc"]},
    )
    path = f"/api/v1/pairings/{made.json()['id']}/result"
    no_contract = await client.put(
        path, headers=headers, json={"result": "hired", "happened_on": TODAY}
    )
    assert (no_contract.status_code, no_contract.json()["extra"]["field"]) == (400, "contract")
    hired = await client.put(
        path,
        headers=headers,
        json={"result": "hired", "happened_on": TODAY, "contract": "permanent"},
    )
    assert hired.status_code == 200, hired.text
    outcome_id = hired.json()["outcome_id"]
    outcome = await pool.fetchrow(
        "select kind, company_id from outcomes where id = $1", UUID(outcome_id)
    )
    assert (outcome["kind"], str(outcome["company_id"])) == (
        "permanent",
        festival.restaurants["Zinc"],
    )
    # The cook moves to another restaurant: the hire's company follows.
    moved = await client.patch(
        f"/api/v1/pairings/{made.json()['id']}",
        headers=headers,
        json={"company_id": festival.restaurants["Rose"]},
    )
    assert moved.status_code == 200, moved.text
    assert (
        str(await pool.fetchval("select company_id from outcomes where id = $1", UUID(outcome_id)))
        == festival.restaurants["Rose"]
    )
    other_place = await make_staff(pool, settings, client)  # any company will do
    elsewhere = (
        await client.post(
            "/api/v1/companies",
            headers=other_place.organiser,
            json={
                "name": "Brasserie du Port",
                "sector": "restauration",
                "city": "Marseille",
                "postcode": "13002",
                "contact": {"name": "Luc"},
            },
        )
    ).json()["id"]
    referred = await client.put(
        path,
        headers=headers,
        json={
            "result": "referral",
            "happened_on": TODAY,
            "referral_company_id": elsewhere,
        },
    )
    assert referred.status_code == 200, referred.text
    assert referred.json()["outcome_id"] is None
    assert referred.json()["referral_company_name"] == "Brasserie du Port"
    assert not await pool.fetchval("select count(*) from outcomes where id = $1", UUID(outcome_id))
    # The person's data export carries the pairing and what followed.
    export = await client.get(
        f"/api/v1/candidates/{festival.cooks['Amal']}/export.json", headers=headers
    )
    [pairing] = export.json()["pairings"]
    assert (pairing["restaurant"], pairing["result"]) == ("Rose", "referral")


async def test_schedules_reach_both_sides_once_and_the_restaurant_sees_nothing_social(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    festival = await make_festival(
        pool, settings, client, cooks={"Amal": "93100"}, restaurants={"Zinc": ("75011", "Paris")}
    )
    headers, base = festival.staff.organiser, f"/api/v1/events/{festival.id}"
    amal, zinc = festival.cooks["Amal"], festival.restaurants["Zinc"]
    await client.patch(
        f"/api/v1/candidates/{amal}",
        headers=headers,
        json={"private": {"refugee_status": "refugee"}},
    )
    last_name = await pool.fetchval("select last_name from candidates where id = $1", UUID(amal))
    await client.put(
        f"{base}/pairing-cooks/{amal}",
        headers=headers,
        json={"cuisines": ["syrienne"], "wishes": ["Belleville"]},
    )
    await client.put(
        f"{base}/pairing-restaurants/{zinc}", headers=headers, json={"address": "8 rue Oberkampf"}
    )
    made = await client.post(
        f"{base}/pairings",
        headers=headers,
        json={
            "candidate_id": amal,
            "company_id": zinc,
            "preparation_days": [day(festival, -2)],
            "service_days": [day(festival, 0), day(festival, 1)],
        },
    )
    assert made.status_code == 201, made.text
    ticket = f"/t/{festival.cook_tickets['Amal']}"
    assert "Zinc" not in (await client.get(ticket)).text  # not before it is sent
    await park_earlier_messages(pool)
    sent = await client.post(f"{base}/pairings/send", headers=headers)
    assert sent.json() == {
        "pairings": 1,
        "messages": 3,
    }  # the cook's mail and SMS, the restaurant's mail
    again = await client.post(f"{base}/pairings/send", headers=headers)
    assert again.json() == {"pairings": 0, "messages": 0}

    page = (await client.get(ticket)).text
    assert "Votre restaurant pour le festival" in page and "8 rue Oberkampf, 75011 Paris" in page
    recruiter = await make_user(pool, settings, role="recruiter", company_id=zinc)
    async with client_of(app) as http:
        await log_in_page(http, recruiter.email)
        seen = (await http.get(f"/recruiter/events/{festival.id}")).text
    assert f"Amal {last_name[0]}." in seen
    for secret in (last_name, "refugee", "réfugié", "Belleville", "+33612345678"):
        assert secret not in seen

    async with smtp_server() as mailbox, sms_gateway() as gateway:
        chan = channels(
            settings,
            smtp_url=mailbox.url,
            sms_provider="webhook",
            sms_webhook_url=gateway.url,
            sms_webhook_secret="webhook-secret-for-tests",
        )
        await deliver(pool, chan)
    mails = [
        m
        for m in mailbox.messages
        if "Votre restaurant" in m["Subject"] or "Qui cuisine chez vous" in m["Subject"]
    ]
    assert len(mails) == 2
    restaurant_mail = next(m for m in mails if "Qui cuisine chez vous" in m["Subject"])
    said = text_of(restaurant_mail, "plain")
    assert f"Amal {last_name[0]}. (syrienne)" in said
    for secret in (last_name, "refugee", "Belleville"):
        assert secret not in said
    [sms] = [
        msgspec.json.decode(r.body)
        for r in gateway.requests
        if "Zinc" in msgspec.json.decode(r.body)["text"]
    ]
    assert "8 rue Oberkampf" in sms["text"] and "/t/" in sms["text"]
