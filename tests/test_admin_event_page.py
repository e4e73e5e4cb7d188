"""One event in the back office over HTTP (``events/web/admin/event_page.py``): what the page
shows (facts per format, each registration's ticket code and registrar, the waiting list in
order, who came), every form it holds doing what the API does, a refusal of each (at its form
with the values kept and nothing written, or as the HTML error page), the one-step "create and
register" rolled back whole when the registration is refused, the list's date filters, and the
ticket sent again (the domain, the API, the words of its mail and text message)."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.messages import notifications
from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import Staff, make_staff, make_user, unique
from tests.factories_directory import make_company as make_directory_company
from tests.factories_events import (
    PARIS,
    count_events,
    make_event,
    past_day,
    stored_event,
    unique_day,
)
from tests.factories_outbox import channels, deliver, park_earlier_messages, rows_for, smtp_server
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.factories_state import table_counts
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


class Scene:
    """An organiser logged in through the log-in form, with the token of the page's forms."""

    def __init__(self, staff: Staff, http: httpx.AsyncClient, token: str) -> None:
        self.staff = staff
        self.http = http
        self.token = token

    async def post(self, path: str, **fields: Any) -> httpx.Response:
        return await self.http.post(path, data={"csrf_token": self.token, **fields})

    async def page(self, event_id: str, **params: str) -> httpx.Response:
        answer = await self.http.get(f"/admin/events/{event_id}", params=params)
        assert answer.status_code == 200, answer.text
        return answer


@pytest.fixture
async def scene(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> Scene:
    staff = await make_staff(pool, settings, client)
    await log_in(browser_like, staff.organiser_user.email)
    return Scene(staff, browser_like, await csrf_of(browser_like))


def _between(page: str, start: str, end: str) -> str:
    """The words from ``start`` to the first ``end`` after it."""
    first = page.index(start)
    return text_of(page[first : page.index(end, first)])


def _notice(page: str) -> str:
    found = re.search(r'<p class="notice" role="status" id="notice">(.*?)</p>', page, re.S)
    assert found is not None, "no notice on the page"
    return html.unescape(found[1])


async def _live_code(pool: Any, registration_id: Any) -> str:
    code: str = await pool.fetchval(
        "select short_code from tickets where registration_id = $1 and revoked_at is null",
        UUID(str(registration_id)),
    )
    return f"{code[:4]}-{code[4:]}"


# --- what the page shows -----------------------------------------------------------------------


async def test_the_page_shows_codes_registrars_the_waiting_list_in_order_and_who_came(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser, candidates=1)
    names = [unique("Diallo"), unique("Haddad"), unique("Nguyen")]
    registered = []
    for name in names:
        candidate_id = await make_candidate(client, staff.coach, last_name=name)
        registered.append(
            await register(client, staff.coach, event["id"], candidate_id=candidate_id)
        )
    checked = await client.post(
        f"/api/v1/events/{event['id']}/checkins",
        headers=staff.organiser,
        json={"token": registered[0]["ticket"]["token"]},
    )
    assert checked.status_code == 201, checked.text

    page = (await scene.page(event["id"])).text
    table = _between(page, 'id="registrations"', 'id="waiting"')
    assert names[0] in table and registered[0]["ticket"]["short_code"] in table
    assert staff.coach_user.name in table, "who registered them"
    assert re.search(r"\d{1,2} h \d{2}", table), "the time they came, in the event's zone"
    waitlist = _between(page, 'id="waitlist"', 'id="came-title"')
    assert waitlist.index(names[1]) < waitlist.index(names[2])
    assert registered[1]["ticket"]["short_code"] in waitlist
    words = text_of(page)
    assert "Candidats inscrits : 1 sur 1 — liste d'attente : 2" in words
    assert "Candidats venus : 1 (inscrits : 1)" in words
    came = _between(page, 'id="came"', "</table>")
    assert names[0] in came and names[1] not in came
    assert "Durée d'un entretien 10 minutes" in words
    # Published and not over: nothing to close yet.
    assert "Clôturer la rencontre" not in words
    english = text_of((await scene.page(event["id"], lang="en")).text)
    assert "Candidates registered: 1 of 1 — waiting list: 2" in english
    assert "Send the ticket again" in english and "Who came" in english


async def test_the_api_lists_each_registration_with_its_live_code_and_registrar(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    url = f"/api/v1/events/{event['id']}/registrations"
    [item] = (await client.get(url, headers=staff.coach)).json()["items"]
    assert item["short_code"] == registration["ticket"]["short_code"]
    assert item["registered_by"] == staff.organiser_user.name
    cancelled = await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200
    [item] = (await client.get(url, headers=staff.coach)).json()["items"]
    assert (item["status"], item["short_code"]) == ("cancelled", None)


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("sport_session", "Activité Escalade — Persévérance, Esprit d'équipe"),
        ("food_festival", "Cuisines syrienne, érythréenne"),
        ("e_forum", "Atelier Réussir son entretien"),
    ],
)
async def test_the_page_tells_the_details_of_each_format(
    client: httpx.AsyncClient, scene: Scene, kind: str, said: str
) -> None:
    event = await make_event(client, scene.staff.organiser, kind)
    words = text_of((await scene.page(event["id"])).text)
    assert said in words
    assert "Les inscriptions s'ouvrent quand la rencontre est publiée." in words


# --- the event: publish, move, places, cancel, complete ----------------------------------------


async def test_moving_the_event_tells_participants_and_a_bad_date_is_refused_at_its_field(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser, phone="06 12 34 56 78")
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    path = f"/admin/events/{event['id']}/move"
    place = {
        "timezone": "Indian/Reunion",
        "venue.name": "Case des associations",
        "venue.address": "5 rue Jean Chatel",
        "venue.city": "Saint-Denis",
        "venue.postcode": "97400",
        "online_url": "",
    }
    before = await stored_event(pool, event["id"])
    refused = await scene.post(
        path, starts_at="2031-03-02T14:00", ends_at="2031-03-02T09:00", **place
    )
    assert refused.status_code == 400, refused.text
    assert 'id="error-move-ends_at">La fin doit venir après le début.' in refused.text
    assert 'value="Case des associations"' in refused.text
    assert await stored_event(pool, event["id"]) == before

    moved = await scene.post(
        path, starts_at="2031-03-02T09:00", ends_at="2031-03-02T12:30", **place
    )
    assert moved.status_code == 303, moved.text
    row = await stored_event(pool, event["id"])
    assert row["timezone"] == "Indian/Reunion"
    assert row["starts_at"] == datetime(2031, 3, 2, 5, 0, tzinfo=UTC)  # 9:00 at UTC+4
    assert row["sequence"] == before["sequence"] + 1
    kinds = [r.kind for r in await rows_for(pool, registration["id"])]
    assert kinds.count("event_changed") == 1
    page = await scene.page(event["id"])
    assert "Si la date ou le lieu a changé" in _notice(page.text)
    assert "Case des associations" in text_of(page.text)


async def test_more_places_take_the_waiting_list_and_fewer_than_confirmed_is_refused(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser, candidates=1)
    for _ in range(3):
        candidate_id = await make_candidate(client, staff.organiser)
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    path = f"/admin/events/{event['id']}/capacity"
    raised = await scene.post(path, **{"capacity.candidates": "2", "capacity.companies": "5"})
    assert raised.status_code == 303, raised.text
    statuses = await pool.fetch(
        "select status from registrations where event_id = $1 order by created_at", event["id"]
    )
    assert [r["status"] for r in statuses] == ["confirmed", "confirmed", "waitlisted"]

    before = await stored_event(pool, event["id"])
    refused = await scene.post(path, **{"capacity.candidates": "1", "capacity.companies": "5"})
    assert refused.status_code == 409, refused.text
    assert "2 places sont déjà confirmées" in html.unescape(refused.text)
    assert 'id="error-capacity-capacity-candidates"' in refused.text
    assert 'value="1"' in refused.text
    assert await stored_event(pool, event["id"]) == before
    not_a_number = await scene.post(path, **{"capacity.candidates": "deux"})
    assert not_a_number.status_code == 400
    assert "Écrivez un nombre entier." in html.unescape(not_a_number.text)


async def test_a_cancellation_reason_too_long_is_refused_at_its_field_and_a_good_one_cancels(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    event = await make_published_event(client, scene.staff.organiser)
    path = f"/admin/events/{event['id']}/cancel"
    refused = await scene.post(path, reason="x" * 501)
    assert refused.status_code == 400
    assert 'id="error-cancel-reason"' in refused.text
    assert "x" * 501 in refused.text, "the reason is kept"
    assert (await stored_event(pool, event["id"]))["status"] == "published"
    cancelled = await scene.post(path, reason="Le gymnase est fermé.")
    assert cancelled.status_code == 303
    row = await stored_event(pool, event["id"])
    assert (row["status"], row["cancellation_reason"]) == ("cancelled", "Le gymnase est fermé.")
    again = await scene.post(path, reason="Encore")
    assert again.status_code == 409
    assert error_code(again) == "invalid_status_transition"


async def test_an_event_is_closed_only_once_over_and_the_button_shows_only_then(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    coming = await make_published_event(client, staff.organiser)
    refused = await scene.post(f"/admin/events/{coming['id']}/complete")
    assert refused.status_code == 409
    assert error_code(refused) == "event_not_over"
    assert (await stored_event(pool, coming["id"]))["status"] == "published"

    over = await make_event(client, staff.organiser, status="published", start=past_day())
    page = await scene.page(over["id"])
    assert 'id="complete"' in page.text
    done = await scene.post(f"/admin/events/{over['id']}/complete")
    assert done.status_code == 303
    assert (await stored_event(pool, over["id"]))["status"] == "completed"
    assert _notice((await scene.page(over["id"])).text) == "La rencontre est clôturée."


async def test_publishing_twice_is_refused_with_the_error_page(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    event = await make_event(client, scene.staff.organiser)
    assert (await scene.post(f"/admin/events/{event['id']}/publish")).status_code == 303
    assert _notice((await scene.page(event["id"])).text) == "La rencontre est publiée."
    again = await scene.post(f"/admin/events/{event['id']}/publish")
    assert again.status_code == 409
    assert error_code(again) == "invalid_status_transition"


# --- registering ------------------------------------------------------------------------------


async def test_registering_a_candidate_needs_a_choice_and_twice_is_refused(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    path = f"/admin/events/{event['id']}/registrations"
    empty = await scene.post(path, candidate_id="")
    assert empty.status_code == 400
    assert 'id="error-candidate-candidate_id">Choisissez dans la liste.' in empty.text
    candidate_id = await make_candidate(client, staff.organiser)
    assert (await scene.post(path, candidate_id=candidate_id)).status_code == 303
    assert _notice((await scene.page(event["id"])).text) == "La personne est inscrite."
    twice = await scene.post(path, candidate_id=candidate_id)
    assert twice.status_code == 409
    assert error_code(twice) == "already_registered"


async def test_a_company_is_registered_from_the_list_of_companies(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    company_id = await make_company(client, staff.organiser)
    name = (await client.get(f"/api/v1/companies/{company_id}", headers=staff.organiser)).json()[
        "name"
    ]
    page = await scene.page(event["id"], cq=name)
    assert f'<option value="{company_id}">' in page.text
    path = f"/admin/events/{event['id']}/registrations"
    empty = await scene.post(path, company_id="")
    assert empty.status_code == 400
    assert 'id="error-company-company_id"' in empty.text
    assert (await scene.post(path, company_id=company_id)).status_code == 303
    row = await pool.fetchrow(
        "select role, status from registrations where event_id = $1 and company_id = $2",
        event["id"],
        company_id,
    )
    assert (row["role"], row["status"]) == ("company", "confirmed")
    page = await scene.page(event["id"], cq=name)
    assert _notice(page.text) == "L'entreprise est inscrite."
    assert f'<option value="{company_id}">' not in page.text
    assert name in _between(page.text, 'id="registrations"', 'id="waiting"')


async def test_a_new_person_is_created_and_registered_in_one_step(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    last_name = unique("N'Guessan")
    path = f"/admin/events/{event['id']}/candidates"
    bad = await scene.post(path, first_name="Awa", last_name=last_name, phone="appelez-moi")
    assert bad.status_code == 400
    assert 'id="error-proxy-phone"' in bad.text
    assert "numéro de téléphone" in html.unescape(bad.text)
    assert f'value="{last_name}"' in html.unescape(bad.text)
    assert await _count_named(pool, last_name) == 0

    made = await scene.post(
        path, first_name="Awa", last_name=last_name, phone="0692 12 34 56", postcode="97400"
    )
    assert made.status_code == 303, made.text
    row = await pool.fetchrow(
        "select c.organisation_id, c.phone, r.status, r.registered_by from candidates c"
        " join registrations r on r.candidate_id = c.id where c.last_name = $1",
        last_name,
    )
    assert row["organisation_id"] == staff.organisation.id
    assert (row["phone"], row["status"]) == ("0692 12 34 56", "confirmed")
    assert row["registered_by"] == staff.organiser_user.id
    assert _notice((await scene.page(event["id"])).text) == "La personne est créée et inscrite."


async def _count_named(pool: Any, last_name: str) -> int:
    count: int = await pool.fetchval(
        "select count(*) from candidates where last_name = $1", last_name
    )
    return count


async def test_a_refused_registration_leaves_no_new_person_behind(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    draft = await make_event(client, scene.staff.organiser)
    last_name = unique("Rollback")
    before = await table_counts(pool)
    refused = await scene.post(
        f"/admin/events/{draft['id']}/candidates", first_name="Ilyes", last_name=last_name
    )
    assert refused.status_code == 409, refused.text
    assert error_code(refused) == "registration_closed"
    assert await _count_named(pool, last_name) == 0
    after = await table_counts(pool)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }


# --- one registration: cancel, replace and send again its ticket --------------------------------


async def test_cancelling_gives_the_place_to_the_first_waiting_and_the_page_says_who(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser, candidates=1)
    names = [unique("Camara"), unique("Petit")]
    registered = []
    for name in names:
        candidate_id = await make_candidate(client, staff.organiser, last_name=name)
        registered.append(
            await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
        )
    path = f"/admin/events/{event['id']}/registrations/{registered[0]['id']}/cancel"
    assert (await scene.post(path)).status_code == 303
    page = (await scene.page(event["id"])).text
    assert names[1] in _notice(page) and "sa place est confirmée" in _notice(page)
    assert 'id="waitlist"' not in page
    again = await scene.post(path)
    assert again.status_code == 409
    assert error_code(again) == "registration_cancelled"


async def test_replacing_a_ticket_shows_its_new_code_and_the_old_one_stops(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    old = registration["ticket"]
    path = f"/admin/events/{event['id']}/registrations/{registration['id']}"
    assert (await scene.post(f"{path}/reissue")).status_code == 303
    new_code = await _live_code(pool, registration["id"])
    assert new_code != old["short_code"]
    page = (await scene.page(event["id"])).text
    assert new_code in page and old["short_code"] not in page
    assert "L'ancien ne marche plus" in _notice(page)
    scanned = await client.post(
        f"/api/v1/events/{event['id']}/checkins", headers=staff.coach, json={"token": old["token"]}
    )
    assert scanned.status_code == 409
    assert scanned.json()["code"] == "ticket_revoked"
    await scene.post(f"{path}/cancel")
    refused = await scene.post(f"{path}/reissue")
    assert refused.status_code == 409
    assert error_code(refused) == "registration_cancelled"


async def test_sending_a_ticket_again_writes_a_message_each_time_and_keeps_the_ticket(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(
        client, staff.organiser, email=f"{unique('awa')}@example.org", phone="06 12 34 56 78"
    )
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    path = f"/admin/events/{event['id']}/registrations/{registration['id']}"
    for _ in range(2):
        assert (await scene.post(f"{path}/resend")).status_code == 303
    resent = [r for r in await rows_for(pool, registration["id"]) if r.kind == "ticket_resent"]
    assert sorted(r.channel for r in resent) == ["email", "email", "sms", "sms"]
    assert await _live_code(pool, registration["id"]) == registration["ticket"]["short_code"]
    assert "dans quelques minutes" in _notice((await scene.page(event["id"])).text)
    actions = await pool.fetchval(
        "select count(*) from audit_log where action = 'ticket.resend' and subject_id = $1",
        UUID(registration["id"]),
    )
    assert actions == 2
    await scene.post(f"{path}/cancel")
    refused = await scene.post(f"{path}/resend")
    assert refused.status_code == 409
    assert error_code(refused) == "registration_cancelled"


async def test_sending_again_to_someone_without_contact_says_to_hand_the_ticket_on_paper(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    event = await make_published_event(client, scene.staff.organiser)
    candidate_id = await make_candidate(client, scene.staff.organiser)
    registration = await register(
        client, scene.staff.organiser, event["id"], candidate_id=candidate_id
    )
    path = f"/admin/events/{event['id']}/registrations/{registration['id']}/resend"
    assert (await scene.post(path)).status_code == 303
    assert "sur papier" in _notice((await scene.page(event["id"])).text)


async def test_the_api_sends_a_ticket_again_with_the_access_of_reissuing(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser, phone="06 12 34 56 78")
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    url = f"/api/v1/registrations/{registration['id']}/resend"
    answer = await client.post(url, headers=staff.coach)
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"id": registration["id"], "channels": ["sms"]}
    stranger = await client.post(url, headers=other.organiser)
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "registration_not_found"
    await client.post(f"/api/v1/registrations/{registration['id']}/cancel", headers=staff.coach)
    cancelled = await client.post(url, headers=staff.coach)
    assert cancelled.status_code == 409
    assert cancelled.json()["code"] == "registration_cancelled"


async def test_a_ticket_sent_again_arrives_with_its_link_code_and_invite(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('moussa')}@example.org"
    candidate_id = await make_candidate(client, staff.organiser, first_name="Moussa", email=address)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    resent = await client.post(
        f"/api/v1/registrations/{registration['id']}/resend", headers=staff.organiser
    )
    assert resent.status_code == 202
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
        received = mailbox.to(address)
    # The confirmation and the ticket sent again, in whichever order the workers sent them.
    assert len(received) == 2
    [again] = [m for m in received if m["Subject"] == f"Votre billet : {event['title']}"]
    body = again.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert f"Voici à nouveau votre billet pour « {event['title']} »." in text
    ticket = registration["ticket"]
    assert ticket["url"] in text and ticket["short_code"] in text
    assert [p.get_content_type() for p in again.walk() if "calendar" in p.get_content_type()] == [
        "text/calendar"
    ]


def test_the_text_message_of_a_ticket_sent_again_has_the_link_and_code() -> None:
    start = unique_day()
    context = notifications.Context(
        registration_status="confirmed",
        was_confirmed=True,
        role="candidate",
        first_name="Awa",
        title="Job dating logistique",
        description=None,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        timezone="Europe/Paris",
        venue=None,
        online_url="https://visio.example.org/salle",
        event_status="published",
        event_sequence=0,
        organisation_name="Association Tremplin",
        token="tok123",
        short_code="ABCD2345",
        waitlist_position=None,
    )
    french = notifications.sms("ticket_resent", context, "fr", "https://rencontres.example.org")
    assert french.startswith("Association Tremplin : voici à nouveau votre billet pour Job")
    assert "Code : ABCD-2345" in french and "https://rencontres.example.org/t/tok123" in french
    english = notifications.sms("ticket_resent", context, "en", "https://rencontres.example.org")
    assert "here is your ticket again for Job dating logistique" in english


# --- editing ------------------------------------------------------------------------------------


async def test_editing_changes_title_sectors_and_activities_and_keeps_the_coaches(
    client: httpx.AsyncClient, pool: Any, scene: Scene
) -> None:
    staff = scene.staff
    event = await make_event(
        client,
        staff.organiser,
        "sport_session",
        details={
            "activities": [{"name": "Escalade", "skills": ["perseverance"]}],
            "coach_ids": [str(staff.coach_user.id)],
        },
    )
    form = await scene.http.get(f"/admin/events/{event['id']}/edit")
    assert form.status_code == 200, form.text
    assert f'name="title" type="text" value="{event["title"]}"' in form.text
    assert 'value="perseverance" checked' in form.text
    assert 'name="sectors" type="text" value="logistique, restauration"' in form.text
    path = f"/admin/events/{event['id']}/edit"
    sent = {
        "title": "",
        "description": "Tenue de sport.",
        "sectors": "bâtiment",
        "reminder_hours_before": "48",
        "activity_1": "Escalade",
        "activity_1_skills": ["perseverance", "self_confidence"],
        "activity_2": "Course",
        "activity_2_skills": ["team_spirit"],
    }
    before = await stored_event(pool, event["id"])
    refused = await scene.post(path, **sent)
    assert refused.status_code == 400
    assert 'id="error-title"' in refused.text
    assert 'value="Course"' in refused.text
    assert await stored_event(pool, event["id"]) == before
    saved = await scene.post(path, **{**sent, "title": "Escalade et course"})
    assert saved.status_code == 303, saved.text
    row = await stored_event(pool, event["id"])
    assert (row["title"], row["sectors"], row["reminder_hours_before"]) == (
        "Escalade et course",
        ["bâtiment"],
        48,
    )
    details = row["details"]
    assert [a["name"] for a in details["activities"]] == ["Escalade", "Course"]
    assert details["coach_ids"] == [str(staff.coach_user.id)]
    assert row["sequence"] == before["sequence"], "no time or place changed"
    words = text_of((await scene.page(event["id"])).text)
    assert f"Coachs {staff.coach_user.name}" in words


# --- the format's coaches, restaurants and workshops -------------------------------------------


def _new_form(kind: str, token: str, start: datetime, **fields: Any) -> dict[str, Any]:
    """The creation form of ``kind`` as a browser sends it (times typed in Paris)."""
    sent: dict[str, Any] = {
        "csrf_token": token,
        "kind": kind,
        "title": unique("Rencontre"),
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "timezone": "Europe/Paris",
        "venue.name": "Gymnase Jean Jaurès",
        "venue.address": "3 rue du Stade",
        "venue.city": "Saint-Denis",
        "venue.postcode": "93200",
        "capacity.candidates": "30",
        "capacity.companies": "8",
        "reminder_hours_before": "24",
    }
    sent.update(fields)
    return sent


def _created(answer: httpx.Response) -> str:
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/admin/events/([0-9a-f-]{36})", answer.headers["location"])
    assert found is not None, answer.headers["location"]
    return found[1]


async def _early_company(pool: Any) -> Any:
    return await make_directory_company(pool, name=unique("AAA Chez Amina"))


def _refusal(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="error-{name}">(.*?)</p>', page, re.S)
    assert found is not None, f"no refusal at {name}"
    return html.unescape(found[1])


async def test_a_sport_session_gets_the_coaches_ticked_and_not_another_organisations(
    client: httpx.AsyncClient, pool: Any, settings: Settings, scene: Scene
) -> None:
    staff = scene.staff
    second = await make_user(pool, settings, role="coach", organisation_id=staff.organisation.id)
    gone = await make_user(pool, settings, role="coach", organisation_id=staff.organisation.id)
    await pool.execute("update users set deactivated_at = now() where id = $1", gone.id)
    other = await make_staff(pool, settings, client)
    form = await scene.http.get("/admin/events/new", params={"kind": "sport_session"})
    assert form.status_code == 200
    assert 'name="details.coach_ids" value=""' in form.text, "the group says it is shown"
    offered = re.findall(r'name="details.coach_ids" value="([0-9a-f-]{36})"', form.text)
    assert set(offered) == {str(staff.coach_user.id), str(second.id)}, "active, ours only"
    start = unique_day()
    coaches = ["", str(staff.coach_user.id), str(second.id)]
    sent = _new_form(
        "sport_session", scene.token, start, activity_1="Escalade", **{"details.coach_ids": coaches}
    )
    event_id = _created(await scene.post("/admin/events", **sent))
    row = await stored_event(pool, event_id)
    assert sorted(row["details"]["coach_ids"]) == sorted(coaches[1:])

    before = await count_events(pool, staff.organisation.id)
    foreign = [str(staff.coach_user.id), str(other.coach_user.id)]
    refused = await scene.post(
        "/admin/events", **{**sent, "title": unique("Basket"), "details.coach_ids": foreign}
    )
    assert refused.status_code == 422
    assert "pas coach de la structure" in _refusal(refused.text, "details-coach_ids")
    # Both still ticked, the foreign one named as unknown, to untick.
    assert f'value="{other.coach_user.id}" checked> Compte introuvable' in refused.text
    assert f'value="{staff.coach_user.id}" checked' in refused.text
    assert await count_events(pool, staff.organisation.id) == before


async def test_a_food_festival_gets_its_restaurants_and_a_company_that_is_none_is_refused(
    pool: Any, scene: Scene
) -> None:
    # Named to come first: the form offers the first 200 companies by name.
    first = str((await _early_company(pool)).id)
    second = str((await _early_company(pool)).id)
    form = await scene.http.get("/admin/events/new", params={"kind": "food_festival"})
    assert f'name="details.restaurant_company_ids" value="{first}"' in form.text
    sent = _new_form(
        "food_festival",
        scene.token,
        unique_day(),
        **{"details.cuisines": "syrienne", "details.restaurant_company_ids": ["", first, second]},
    )
    event_id = _created(await scene.post("/admin/events", **sent))
    details = (await stored_event(pool, event_id))["details"]
    assert sorted(details["restaurant_company_ids"]) == sorted([first, second])
    assert details["cuisines"] == ["syrienne"]

    nowhere = "00000000-0000-4000-8000-000000000001"
    refused = await scene.post(
        "/admin/events",
        **{**sent, "title": unique("Festival"), "details.restaurant_company_ids": [nowhere]},
    )
    assert refused.status_code == 422
    assert "n'existe pas" in _refusal(refused.text, "details-restaurant_company_ids")
    assert 'value="syrienne"' in refused.text


async def test_an_e_forum_gets_its_workshops_in_its_zone_and_one_outside_its_hours_is_refused(
    pool: Any, scene: Scene
) -> None:
    form = await scene.http.get("/admin/events/new", params={"kind": "e_forum"})
    assert 'name="workshop_3_title"' in form.text and 'name="workshop_4_title"' not in form.text
    start = unique_day().replace(hour=9, minute=0)
    workshop = {
        "workshop_1_title": "Réussir son entretien",
        "workshop_1_starts_at": start.replace(hour=10).strftime("%Y-%m-%dT%H:%M"),
        "workshop_1_ends_at": start.replace(hour=11).strftime("%Y-%m-%dT%H:%M"),
        "workshop_2_title": "",
        "workshop_2_starts_at": "",
        "workshop_2_ends_at": "",
    }
    sent = _new_form(
        "e_forum",
        scene.token,
        start,
        **{"details.mode": "in_person", "details.interview_minutes": "15", **workshop},
    )
    event_id = _created(await scene.post("/admin/events", **sent))
    [stored] = await pool.fetch(
        "select title, starts_at from workshops where event_id = $1::uuid", event_id
    )
    assert stored["title"] == "Réussir son entretien"
    assert stored["starts_at"] == start.replace(hour=10)

    before = await count_events(pool, scene.staff.organisation.id)
    late = {**sent, "workshop_1_ends_at": start.replace(hour=18).strftime("%Y-%m-%dT%H:%M")}
    refused = await scene.post("/admin/events", **late)
    assert refused.status_code == 400
    assert "pendant la rencontre" in _refusal(refused.text, "details-workshops")
    assert 'value="Réussir son entretien"' in refused.text
    backwards = {**sent, "workshop_1_ends_at": start.replace(hour=9).strftime("%Y-%m-%dT%H:%M")}
    refused = await scene.post("/admin/events", **backwards)
    assert refused.status_code == 400
    assert "finir après son début" in _refusal(refused.text, "details-workshops")
    english = await scene.http.post(
        "/admin/events", params={"lang": "en"}, data={**late, "workshop_1_starts_at": "soon"}
    )
    assert english.status_code == 400
    assert 'id="error-workshop_1_starts_at"' in english.text
    assert await count_events(pool, scene.staff.organisation.id) == before


async def test_the_edit_form_shows_and_changes_coaches_restaurants_and_workshops(
    client: httpx.AsyncClient, pool: Any, settings: Settings, scene: Scene
) -> None:
    staff = scene.staff
    second = await make_user(pool, settings, role="coach", organisation_id=staff.organisation.id)
    sport = await make_event(
        client,
        staff.organiser,
        "sport_session",
        details={"activities": [{"name": "Escalade"}], "coach_ids": [str(staff.coach_user.id)]},
    )
    path = f"/admin/events/{sport['id']}/edit"
    form = (await scene.http.get(path)).text
    assert f'value="{staff.coach_user.id}" checked' in form
    assert f'value="{second.id}">' in form
    sent = {"title": sport["title"], "reminder_hours_before": "24", "activity_1": "Escalade"}
    changed = await scene.post(path, **sent, **{"details.coach_ids": ["", str(second.id)]})
    assert changed.status_code == 303, changed.text
    assert (await stored_event(pool, sport["id"]))["details"]["coach_ids"] == [str(second.id)]
    emptied = await scene.post(path, **sent, **{"details.coach_ids": [""]})
    assert emptied.status_code == 303, emptied.text
    assert (await stored_event(pool, sport["id"]))["details"]["coach_ids"] == []

    restaurant = str((await _early_company(pool)).id)
    festival = await make_event(
        client,
        staff.organiser,
        "food_festival",
        details={"cuisines": ["syrienne"], "restaurant_company_ids": [restaurant]},
    )
    path = f"/admin/events/{festival['id']}/edit"
    assert f'value="{restaurant}" checked' in (await scene.http.get(path)).text
    unticked = await scene.post(
        path,
        title=festival["title"],
        reminder_hours_before="24",
        **{"details.cuisines": "syrienne", "details.restaurant_company_ids": [""]},
    )
    assert unticked.status_code == 303, unticked.text
    assert (await stored_event(pool, festival["id"]))["details"]["restaurant_company_ids"] == []

    forum = await make_event(client, staff.organiser, "e_forum")
    start = datetime.fromisoformat(forum["starts_at"]).astimezone(PARIS)
    path = f"/admin/events/{forum['id']}/edit"
    form = (await scene.http.get(path)).text
    shown = (start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    assert 'name="workshop_1_title" type="text" value="Réussir son entretien"' in form
    assert f'name="workshop_1_starts_at" type="datetime-local" value="{shown}"' in form
    assert 'name="workshop_3_title"' in form and 'name="workshop_4_title"' not in form
    rows = {
        "title": forum["title"],
        "reminder_hours_before": "24",
        "details.mode": "hybrid",
        "details.interview_minutes": "20",
        "workshop_1_title": "Réussir son entretien",
        "workshop_1_starts_at": shown,
        "workshop_1_ends_at": (start + timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M"),
        "workshop_2_title": "Le CV en photo",
        "workshop_2_starts_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "workshop_2_ends_at": (start + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "workshop_3_title": "",
    }
    before = await stored_event(pool, forum["id"])
    refused = await scene.post(path, **rows)
    assert refused.status_code == 400, "the event lasts three hours"
    assert "pendant la rencontre" in _refusal(refused.text, "details-workshops")
    assert 'value="Le CV en photo"' in refused.text
    assert await stored_event(pool, forum["id"]) == before
    rows["workshop_2_ends_at"] = (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    saved = await scene.post(path, **rows)
    assert saved.status_code == 303, saved.text
    workshops = await pool.fetch(
        "select title, ends_at from workshops where event_id = $1::uuid order by starts_at",
        forum["id"],
    )
    assert [w["title"] for w in workshops] == ["Réussir son entretien", "Le CV en photo"]
    assert workshops[1]["ends_at"] == start + timedelta(hours=3)
    again = (await scene.http.get(path)).text
    assert 'name="workshop_4_title"' in again and 'name="workshop_5_title"' not in again


# --- the list's dates ---------------------------------------------------------------------------


async def test_the_list_filters_by_days_and_refuses_a_day_that_is_not_one(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    day = unique_day()
    first = await make_event(client, scene.staff.organiser, start=day)
    second = await make_event(client, scene.staff.organiser, start=day + timedelta(days=2))
    # As the form sends it: "all" formats and statuses are empty values.
    listed = await scene.http.get(
        "/admin/events",
        params={
            "kind": "",
            "status": "",
            "from": day.date().isoformat(),
            "to": day.date().isoformat(),
        },
    )
    assert listed.status_code == 200
    assert first["title"] in listed.text and second["title"] not in listed.text
    assert f'value="{day.date().isoformat()}"' in listed.text
    later = await scene.http.get(
        "/admin/events", params={"from": (day + timedelta(days=1)).isoformat()}
    )
    assert second["title"] in later.text and first["title"] not in later.text
    bad = await scene.http.get("/admin/events", params={"to": "demain"})
    assert bad.status_code == 400
    assert 'id="error-to"' in bad.text


# --- who may ------------------------------------------------------------------------------------


def _new_forms(event_id: str) -> list[str]:
    registration = "00000000-0000-4000-8000-000000000000"
    return [
        f"/admin/events/{event_id}/move",
        f"/admin/events/{event_id}/capacity",
        f"/admin/events/{event_id}/complete",
        f"/admin/events/{event_id}/candidates",
        f"/admin/events/{event_id}/edit",
        f"/admin/events/{event_id}/registrations/{registration}/reissue",
        f"/admin/events/{event_id}/registrations/{registration}/resend",
    ]


async def test_the_new_forms_refuse_a_coach_and_a_missing_csrf_token_and_change_nothing(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    app: Litestar,
    scene: Scene,
) -> None:
    event = await make_published_event(client, scene.staff.organiser)
    async with client_of(app) as coach:
        await log_in(coach, scene.staff.coach_user.email)
        before = await table_counts(pool)
        for path in _new_forms(event["id"]):
            forged = await scene.http.post(path, data={"csrf_token": "x" * 43, "first_name": "A"})
            assert forged.status_code == 403, path
            assert error_code(forged) == "csrf_failed"
        assert (await coach.get(f"/admin/events/{event['id']}/edit")).status_code == 403
        token = field((await coach.get("/login")).text, "csrf_token")
        for path in _new_forms(event["id"]):
            answer = await coach.post(path, data={"csrf_token": token, "first_name": "A"})
            assert answer.status_code == 403, path
            assert error_code(answer) == "forbidden"
    assert await table_counts(pool) == before


async def test_another_organisations_event_is_not_ours_to_run(
    client: httpx.AsyncClient, pool: Any, settings: Settings, scene: Scene
) -> None:
    other = await make_staff(pool, settings, client)
    event = await make_published_event(client, other.organiser)
    page = await scene.http.get(f"/admin/events/{event['id']}")
    assert page.status_code == 404
    assert error_code(page) == "event_not_found"
    moved = await scene.post(
        f"/admin/events/{event['id']}/move",
        starts_at="2031-01-01T09:00",
        ends_at="2031-01-01T10:00",
        timezone="Europe/Paris",
        **{
            "venue.name": "Salle des fêtes",
            "venue.address": "1 rue Neuve",
            "venue.city": "Lyon",
            "venue.postcode": "69001",
        },
    )
    # Seen (it is published) but not theirs to change: forbidden, as the API says.
    assert moved.status_code == 403
    assert error_code(moved) == "forbidden"
    assert (await stored_event(pool, event["id"]))["starts_at"] == datetime.fromisoformat(
        event["starts_at"]
    )
