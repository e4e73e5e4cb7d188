"""The built wheel carries its SQL and serves from it: installed (not editable) away from the
source tree, `events serve` migrates a fresh database from the package's own migrations and the
API answers from the package's own queries. It carries the pages' front-end files from npm too,
which its build installs in a copy without them (setup.py, ``events.web.vendor``)."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from events.web import vendor

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "un mot de passe assez long"


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The wheel built from a copy of the repository's files, and where it was installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    # A copy: building writes build/ and *.egg-info beside the sources.
    listed = _run("git", "ls-files", "-co", "--exclude-standard", cwd=ROOT).stdout.split("\n")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    dist = work / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(dist), str(source))  # fmt: skip
    (wheel,) = dist.glob("rencontres-*.whl")
    site = work / "site"
    _run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(site), str(wheel))  # fmt: skip
    yield wheel, site


def test_the_wheel_carries_every_sql_file_of_the_repository(
    installed: tuple[Path, Path],
) -> None:
    """Every .sql file the repository tracks lives under sql/ and ships as events/sql/…: a new
    folder of SQL left out of the package data would leave an install without it."""
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = _run("git", "ls-files", "*.sql", cwd=ROOT).stdout.split()
    assert {"migrations", "queries"} <= {Path(f).parent.name for f in tracked}
    outside = [f for f in tracked if not f.startswith("sql/")]
    assert outside == [], "SQL lives under sql/"
    missing = [f for f in tracked if f"events/{f}" not in names]
    assert missing == [], "missing from the wheel"
    assert "events/sql/__init__.py" in names


def test_the_wheel_carries_the_front_end_files_npm_installed_in_a_clean_copy(
    installed: tuple[Path, Path],
) -> None:
    """The copy the wheel is built from has no node_modules and no vendor folder (both
    git-ignored): the build's hook (setup.py) ran npm ci and copied the listed files, which
    the wheel carries as they are in the npm package, with their licences."""
    wheel, _ = installed
    source = wheel.parent.parent / "source"
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    for package, files in vendor.PACKAGES.items():
        # Its licence as the package names it: LICENSE, LICENSE.md …
        licences = [p.name for p in (source / "node_modules" / package).glob("LICEN[SC]E*")]
        assert licences, package
        for name in (*files.split(), *licences):
            inside = f"events/web/static/vendor/{package}/{name}"
            assert inside in names, inside
            original = (source / "node_modules" / package / name).read_bytes()
            assert archive.read(inside) == original, inside
    assert not [n for n in names if "node_modules" in n or n.endswith(".map")]


@pytest.fixture
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    name = f"rencontres_wheel_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'create database "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_the_installed_wheel_serves_the_api_from_its_own_sql(
    installed: tuple[Path, Path], fresh_database: str, tmp_path: Path
) -> None:
    _, site = installed
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    env |= {
        "PYTHONPATH": str(site),  # before the editable install of the source tree
        "DATABASE_URL": fresh_database,
        "EVENTS_SECRET_KEY": "wheel-" + "k" * 40,
        "EVENTS_WORKER": "off",
    }
    python = [sys.executable, "-m", "events"]
    where = _run(sys.executable, "-c", "import events.sql as s; print(s.__file__)",
                 env=env, cwd=tmp_path)  # fmt: skip
    assert where.stdout.strip().startswith(str(site)), "the wheel was not the code that ran"

    _run(*python, "migrate", env=env, cwd=tmp_path)
    _run(*python, "users", "create", "admin@example.org", "--role", "admin", "--password-stdin",
         input=PASSWORD + "\n", env=env, cwd=tmp_path)  # fmt: skip
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        service = await asyncio.create_subprocess_exec(
            *python, "serve", "--port", str(port), env=env, cwd=tmp_path, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            deadline = time.monotonic() + 60
            while True:
                assert service.returncode is None, log.read_text()
                try:
                    health = await http.get("/health")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, log.read_text()
                    await asyncio.sleep(0.2)
            assert health.status_code == 200, health.text
            await _walk_the_api(http)
            # The API's documentation page, and the Swagger UI it loads, from the wheel.
            for address in (
                "/schema/swagger",
                vendor.url("swagger-ui-dist", "swagger-ui-bundle.js"),
                "/static/js/swagger.js",
            ):
                answer = await http.get(address)
                assert answer.status_code == 200, address
    finally:
        service.terminate()
        await asyncio.wait_for(service.wait(), timeout=30)


async def _walk_the_api(http: httpx.AsyncClient) -> None:
    """An organisation, its organiser, an event published, a candidate registered and checked
    in, the public feed: the main statements of each aggregate, from the wheel's SQL."""

    async def ok(method: str, url: str, token: str | None = None, **kwargs: object) -> object:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await http.request(method, url, headers=headers, **kwargs)
        assert response.status_code < 300, f"{method} {url}: {response.text}"
        return response.json() if "json" in response.headers.get("content-type", "") else None

    async def token_of(email: str) -> str:
        body = await ok("POST", "/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        return str(body["access_token"])

    admin = await token_of("admin@example.org")
    org = await ok("POST", "/api/v1/organisations", admin, json={"name": "Sport dans la Ville"})
    await ok("POST", "/api/v1/users", admin, json={
        "email": "orga@example.org", "password": PASSWORD, "name": "Inès", "role": "organiser",
        "organisation_id": org["id"],
    })  # fmt: skip
    organiser = await token_of("orga@example.org")
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    event = await ok("POST", "/api/v1/events", organiser, json={
        "kind": "job_dating", "title": "Job dating logistique",
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat(),
        "timezone": "Europe/Paris",
        "venue": {"name": "Gymnase", "address": "1 rue du Stade", "city": "Lyon",
                  "postcode": "69007"},
        "capacity": {"candidates": 10, "companies": 3}, "details": {"interview_minutes": 10},
    })  # fmt: skip
    event_id = event["id"]
    await ok("POST", f"/api/v1/events/{event_id}/publish", organiser)
    candidate = await ok("POST", "/api/v1/candidates", organiser,
                         json={"first_name": "Awa", "last_name": "Diallo"})  # fmt: skip
    registration = await ok("POST", f"/api/v1/events/{event_id}/registrations", organiser,
                            json={"candidate_id": candidate["id"]})  # fmt: skip
    token = registration["ticket"]["token"]
    scan = await ok("POST", f"/api/v1/events/{event_id}/checkins", organiser,
                    json={"token": token})  # fmt: skip
    assert scan["registration_id"] == registration["id"]
    listed = await ok("GET", f"/api/v1/events/{event_id}/registrations", organiser)
    assert [r["id"] for r in listed["items"]] == [registration["id"]]
    feed = await http.get("/api/v1/calendar.ics")
    assert feed.status_code == 200 and "Job dating logistique" in feed.text
    page = await http.get(f"/t/{token}")
    assert page.status_code == 200 and "Awa" in page.text


def test_the_listed_packages_are_the_packages_of_the_tree() -> None:
    """pyproject.toml lists packages by hand (``events.sql`` maps the top-level sql/): a new
    package missing from the list would be missing from the wheel."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "events").rglob("__init__.py")
    }
    assert listed == found | {"events.sql"}
