"""Anonymous "bib" sessions (issue 14, part 2): the switch and the numbers, the badges, the
coach's search by bib, the recruiters' view by bib (never a name before mutual interest, in any
response a recruiter can get), the answer, and the slot offered at the next job dating."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import httpx
from litestar import Litestar
from litestar.routes import HTTPRoute

from events.settings import Settings
from tests.admin_http import client_of, field, log_in
from tests.factories import Staff, make_staff, unique
from tests.factories_cvs import pages_text, structured_cv
from tests.factories_directory import Recruiter, make_recruiter
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.factories_skills import consent, make_sport_session, observe, review

FIRST = "Zebulonix"
PHONE = "+33 6 47 29 18 53"


@dataclass
class BibWorld:
    staff: Staff
    event: dict[str, Any]
    job_dating: dict[str, Any]
    candidate_id: str
    token: str
    last_name: str
    email: str
    city: str
    cv_marker: str
    a1: Recruiter
    a2: Recruiter
    b1: Recruiter

    @property
    def markers(self) -> dict[str, str]:
        return {
            "first name": FIRST,
            "last name": self.last_name,
            "e-mail": self.email,
            "city": self.city,
            "CV": self.cv_marker,
        }


async def _world(client: httpx.AsyncClient, pool: Any, settings: Settings) -> BibWorld:
    """A published sport session, made anonymous, with one observed candidate (reviewed card,
    consent to recruiters and to contact, a CV), two companies registered (A with two
    recruiters, B with one), and a job dating of the organisation after it that A attends."""
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    job_dating = await make_published_event(client, staff.organiser)
    switched = await client.put(
        f"/api/v1/events/{event['id']}/anonymous",
        headers=staff.organiser,
        json={"anonymous": True},
    )
    assert switched.status_code == 200, switched.text
    last_name, email, city = unique("Quaresmaz"), f"{unique('zeb')}@example.org", unique("Brume")
    candidate_id = await make_candidate(
        client,
        staff.organiser,
        first_name=FIRST,
        last_name=last_name,
        email=email,
        phone=PHONE,
        city=city,
        postcode="69100",
    )
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    await observe(client, staff.coach, event["id"], candidate_id, "perseverance", 3)
    await review(client, staff.coach, candidate_id)
    await consent(client, staff.coach, candidate_id, recruiters=True, contact=True)
    cv_marker = unique("Cvmarker")
    put = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv",
        headers=staff.organiser,
        json=structured_cv(headline=f"Commis {cv_marker}"),
    )
    assert put.status_code in (200, 201), put.text
    a1 = await make_recruiter(pool, settings, client)
    a2 = await make_recruiter(pool, settings, client, company_id=a1.company.id)
    b1 = await make_recruiter(pool, settings, client)
    for company in (a1.company.id, b1.company.id):
        await register(client, staff.organiser, event["id"], company_id=str(company))
    await register(client, staff.organiser, job_dating["id"], company_id=str(a1.company.id))
    return BibWorld(
        staff,
        event,
        job_dating,
        candidate_id,
        registration["ticket"]["token"],
        last_name,
        email,
        city,
        cv_marker,
        a1,
        a2,
        b1,
    )


async def _bibs(pool: Any, event_id: str) -> dict[str, int]:
    rows = await pool.fetch(
        "select candidate_id, number from bibs where event_id = $1", UUID(event_id)
    )
    return {str(r["candidate_id"]): r["number"] for r in rows}


async def test_bibs_are_given_in_order_stay_stable_and_the_switch_closes_at_the_start(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    first = await make_candidate(client, staff.organiser, first_name="Awa")
    second = await make_candidate(client, staff.organiser, first_name="Bilal")
    for candidate in (first, second):
        await register(client, staff.organiser, event["id"], candidate_id=candidate)
    path = f"/api/v1/events/{event['id']}/anonymous"
    refused = await client.put(path, headers=staff.coach, json={"anonymous": True})
    assert refused.status_code == 403, refused.text
    on = await client.put(path, headers=staff.organiser, json={"anonymous": True})
    assert on.status_code == 200, on.text
    assert on.json()["event"]["anonymous"] is True
    assert await _bibs(pool, event["id"]) == {first: 1, second: 2}
    # A late registration gets the next number; a cancelled one keeps its own.
    late = await make_candidate(client, staff.organiser, first_name="Chloé")
    registration = await register(client, staff.organiser, event["id"], candidate_id=late)
    assert (await _bibs(pool, event["id"]))[late] == 3
    cancelled = await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200, cancelled.text
    off = await client.put(path, headers=staff.organiser, json={"anonymous": False})
    assert off.status_code == 200 and off.json()["event"]["anonymous"] is False
    again = await client.put(path, headers=staff.organiser, json={"anonymous": True})
    assert again.status_code == 200
    assert await _bibs(pool, event["id"]) == {first: 1, second: 2, late: 3}
    listed = (await client.get(f"/api/v1/events/{event['id']}/bibs", headers=staff.coach)).json()
    assert [(b["number"], b["first_name"]) for b in listed["bibs"]] == [
        (1, "Awa"),
        (2, "Bilal"),
        (3, "Chloé"),
    ]
    assert listed["bibs"][2]["registration_status"] == "cancelled"

    # The badges show the numbers, big, and no name.
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        pdf = await http.get(f"/admin/events/{event['id']}/badges.pdf")
        assert pdf.status_code == 200, pdf.text
        text = " ".join(pages_text(pdf.content))
        assert "Dossard" in text and " 1 " in f" {text} " and " 2 " in f" {text} "
        assert "Awa" not in text and "Bilal" not in text
        page = await http.get(f"/admin/events/{event['id']}/bibs")
        assert page.status_code == 200 and "Bilal" in page.text and 'id="switch-form"' in page.text
    # The coach types a bib number: that person is chosen, bib first.
    async with client_of(app) as http:
        await log_in(http, staff.coach_user.email)
        found = await http.get(f"/coach/{event['id']}", params={"q": "2", "activity": "Escalade"})
        assert found.status_code == 200, found.text
        chosen = re.search(r'<p class="person"><strong>([^<]*)', found.text)
        assert chosen is not None and chosen.group(1).startswith("Dossard 2 — Bilal")

    # Once the session has started, the switch is closed; a job dating never has one.
    await pool.execute(
        "update events set starts_at = now() - interval '1 hour' where id = $1",
        UUID(event["id"]),
    )
    closed = await client.put(path, headers=staff.organiser, json={"anonymous": False})
    assert closed.status_code == 409 and closed.json()["code"] == "bibs_switch_closed"
    dating = await make_published_event(client, staff.organiser)
    wrong = await client.put(
        f"/api/v1/events/{dating['id']}/anonymous",
        headers=staff.organiser,
        json={"anonymous": True},
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "bibs_not_for_this_kind"
    assert await _bibs(pool, event["id"]) == {first: 1, second: 2, late: 3}


_PARAMETER = re.compile(r"\{(\w+)(?::(\w+))?\}")


def _recruiter_addresses(app: Litestar, world: BibWorld, number: int) -> list[str]:
    """Every GET address of the app a recruiter can call, its path filled with the seeded ids
    (the candidate's own id too: a recruiter who guessed it must learn nothing); the ticket
    holder's addresses (a token: recruiters have none), the back office, the schema and the
    static files aside."""
    values = {
        "event_id": world.event["id"],
        "candidate_id": world.candidate_id,
        "company_id": str(world.a1.company.id),
        "number": str(number),
    }
    found = {
        "/api/v1/skills-cards/search?skill=perseverance",
        "/recruiter/?skill=perseverance",
        "/api/v1/skills-cards/search?sector=logistique",
    }
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "GET" not in route.methods:
            continue
        if route.path.startswith(("/admin", "/schema", "/static", "/t/")) or "{token" in route.path:
            continue
        found.add(
            _PARAMETER.sub(
                lambda m: values.get(m.group(1), "1" if m.group(2) == "int" else str(uuid4())),
                route.path,
            )
        )
    return sorted(found)


async def _everything_seen(
    app: Litestar, client: httpx.AsyncClient, world: BibWorld, number: int
) -> tuple[str, int]:
    """The text of every answer a recruiter of company A gets (PDFs read as text), and how
    many addresses were called."""
    seen: list[str] = []
    addresses = _recruiter_addresses(app, world, number)
    async with client_of(app) as http:
        await log_in(http, world.a1.user.email)
        for address in addresses:
            if address.startswith("/api/"):
                answer = await client.get(address, headers=world.a1.headers)
            else:
                answer = await http.get(address)
            if answer.headers.get("content-type", "").startswith("application/pdf"):
                seen.extend(pages_text(answer.content))
            else:
                seen.append(answer.text)
    return "\n".join(seen), len(addresses)


def _shown(text: str, world: BibWorld) -> list[str]:
    found = [what for what, marker in world.markers.items() if marker in text]
    if PHONE in text or PHONE.replace(" ", "") in text.replace(" ", ""):
        found.append("phone")
    return found


async def test_bib_sessions_never_show_a_name_or_cv_to_a_recruiter_before_mutual_interest(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _world(client, pool, settings)
    number = (await _bibs(pool, world.event["id"]))[world.candidate_id]
    bibs = await client.get(
        f"/api/v1/events/{world.event['id']}/bib-cards", headers=world.a1.headers
    )
    assert bibs.status_code == 200, bibs.text
    (item,) = bibs.json()["items"]
    assert item["number"] == number and item["reviewed"] is True and item["interest"] is None
    assert [s["code"] for s in item["skills"]] == ["perseverance"]
    assert world.candidate_id not in bibs.text

    before, called = await _everything_seen(app, client, world, number)
    assert called > 40, "the walk must reach the app's routes"
    assert _shown(before, world) == []

    # Recruiter A marks interest: still nothing; the candidate declines: still nothing.
    marked = await client.post(
        f"/api/v1/events/{world.event['id']}/bibs/{number}/interest", headers=world.a1.headers
    )
    assert marked.status_code == 201, marked.text
    assert marked.json()["interest"]["state"] == "waiting"
    interest_id = marked.json()["interest"]["id"]
    no = await client.post(
        f"/api/v1/tickets/{world.token}/bib-interests/{interest_id}/answer", json={"answer": "no"}
    )
    assert no.status_code == 200 and no.json()["mutual"] is False
    declined, _ = await _everything_seen(app, client, world, number)
    assert _shown(declined, world) == []

    # Then says yes (a no may become a yes): first name, CV, contact as consented, shown.
    yes = await client.post(
        f"/api/v1/tickets/{world.token}/bib-interests/{interest_id}/answer", json={"answer": "yes"}
    )
    assert yes.status_code == 200 and yes.json()["mutual"] is True
    assert yes.json()["job_dating_id"] == world.job_dating["id"]
    after, _ = await _everything_seen(app, client, world, number)
    assert sorted(_shown(after, world)) == sorted([*world.markers, "phone"])
    # A yes is final.
    late_no = await client.post(
        f"/api/v1/tickets/{world.token}/bib-interests/{interest_id}/answer", json={"answer": "no"}
    )
    assert late_no.status_code == 409 and late_no.json()["code"] == "bib_answer_final"

    # Company B, at the same session, still sees only the bib.
    other = await client.get(
        f"/api/v1/events/{world.event['id']}/candidates", headers=world.b1.headers
    )
    assert other.status_code == 200 and other.json()["items"] == []
    # The pair is offered a slot at the job dating; the organiser's page says to register them.
    wish = await pool.fetchrow(
        "select wish, said_by, source from interview_wishes where event_id = $1"
        " and candidate_id = $2 and company_id = $3",
        UUID(world.job_dating["id"]),
        UUID(world.candidate_id),
        world.a1.company.id,
    )
    assert dict(wish) == {"wish": "must_meet", "said_by": "organiser", "source": "mutual_interest"}
    async with client_of(app) as http:
        await log_in(http, world.staff.organiser_user.email)
        page = await http.get(f"/admin/events/{world.event['id']}/bibs")
        assert page.status_code == 200
        todo = re.search(r'<ul id="todo">(.*?)</ul>', page.text, re.S)
        assert (
            todo is not None
            and FIRST in todo.group(1)
            and world.job_dating["title"] in todo.group(1)
        )


async def test_two_recruiters_and_the_answer_at_once_keep_one_state(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _world(client, pool, settings)
    number = (await _bibs(pool, world.event["id"]))[world.candidate_id]
    path = f"/api/v1/events/{world.event['id']}/bibs/{number}/interest"
    first = await client.post(path, headers=world.a1.headers)
    interest_id = first.json()["interest"]["id"]
    answer = f"/api/v1/tickets/{world.token}/bib-interests/{interest_id}/answer"
    # The coach answers for the candidate while the candidate answers too, and while the other
    # recruiter of A and the recruiter of B mark the same bib.
    answers = await asyncio.gather(
        client.post(path, headers=world.a2.headers),
        client.post(path, headers=world.b1.headers),
        client.post(answer, json={"answer": "yes"}),
        client.post(
            f"/api/v1/bib-interests/{interest_id}/answer",
            headers=world.staff.coach,
            json={"answer": "yes"},
        ),
        client.post(path, headers=world.a1.headers),
    )
    assert [a.status_code for a in answers] == [200, 201, 200, 200, 200], [a.text for a in answers]
    rows = await pool.fetch(
        "select company_id, answer from bib_interests where candidate_id = $1",
        UUID(world.candidate_id),
    )
    assert sorted((str(r["company_id"]), r["answer"]) for r in rows) == sorted(
        [(str(world.a1.company.id), "yes"), (str(world.b1.company.id), None)]
    )
    wishes = await pool.fetchval(
        "select count(*) from interview_wishes where candidate_id = $1", UUID(world.candidate_id)
    )
    assert wishes == 1
    seen_by_a = await client.get(
        f"/api/v1/events/{world.event['id']}/candidates", headers=world.a2.headers
    )
    assert [c["first_name"] for c in seen_by_a.json()["items"]] == [FIRST]
    seen_by_b = await client.get(
        f"/api/v1/events/{world.event['id']}/candidates", headers=world.b1.headers
    )
    assert seen_by_b.json()["items"] == []
    # The answer given for the candidate is recorded as such (one of the two came first).
    audit = await pool.fetch(
        "select actor_id, data from audit_log where action = 'bibs.answer' and subject_id = $1",
        UUID(world.candidate_id),
    )
    assert len(audit) == 1
    # The organiser answers B for the candidate from the bibs page: recorded as a proxy.
    b_interest = await pool.fetchval(
        "select id from bib_interests where candidate_id = $1 and company_id = $2",
        UUID(world.candidate_id),
        world.b1.company.id,
    )
    async with client_of(app) as http:
        await log_in(http, world.staff.organiser_user.email)
        page = await http.get(f"/admin/events/{world.event['id']}/bibs")
        sent = await http.post(
            f"/admin/bib-interests/{b_interest}/answer",
            data={"csrf_token": field(page.text, "csrf_token"), "answer": "no"},
        )
        assert sent.status_code == 303, sent.text
        assert sent.headers["location"].endswith("/bibs?done=answered")
    answered = await pool.fetchrow(
        "select answer, answered_by from bib_interests where id = $1", b_interest
    )
    assert answered["answer"] == "no"
    assert answered["answered_by"] == world.staff.organiser_user.id
    # To a recruiter of a company that does not attend, the event does not exist.
    outsider = await make_recruiter(pool, settings, client)
    hidden = await client.post(path, headers=outsider.headers)
    assert hidden.status_code == 404 and hidden.json()["code"] == "event_not_found"
