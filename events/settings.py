"""Settings, read once from the environment. The only reader of ``os.environ``."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec
import platformdirs

DEFAULT_MAIL_FROM = "rencontres@localhost"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """What the service needs to run; tests build it directly."""

    database_url: str | None = None
    data_dir: Path = Path(platformdirs.user_data_dir("rencontres"))
    secret_key: str = ""
    token_ttl_seconds: int = 12 * 3600
    public_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 1_000_000
    # Argon2 cost: the defaults follow RFC 9106's second recommendation; tests lower them.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    # Failed log-ins in the window: ``login_max_failures`` per client address and account (the
    # owner elsewhere is not locked out by a guesser), a higher ceiling per account from any
    # address, and one per address on any account (one address trying many accounts).
    login_max_failures: int = 5
    login_max_failures_per_account: int = 20
    login_max_failures_per_address: int = 50
    login_window_seconds: int = 900
    pool_min_size: int = 2
    # Per process: ``serve --workers N`` opens up to N times this many connections (on the
    # embedded server, its share of 80 at most; see ``events.cli``).
    pool_max_size: int = 20
    # The longest a request waits for a database connection (pool exhausted, server slow to
    # accept, or down), or for a row or table lock another transaction holds (PostgreSQL's
    # ``lock_timeout``), before it answers 503 ``database_unavailable``; and the longest one
    # statement may run (PostgreSQL's ``statement_timeout``; the client gives up a little later
    # if the server does not answer at all).
    database_wait_seconds: float = 5.0
    statement_timeout_seconds: float = 15.0
    debug: bool = False
    # Sender of the service's messages, and the ORGANIZER address of calendar invites (where
    # calendar clients send replies).
    mail_from: str = DEFAULT_MAIL_FROM
    # Delivery of the outbox. Settings built in code (tests) run no worker unless asked;
    # ``events serve`` runs one unless EVENTS_WORKER=off.
    worker: bool = False
    worker_concurrency: int = 4
    worker_poll_seconds: float = 2.0
    smtp_url: str | None = None
    sms_provider: Literal["console", "webhook", "none"] = "console"
    sms_webhook_url: str | None = None
    sms_webhook_secret: str = ""
    delivery_timeout_seconds: float = 30.0
    delivery_max_attempts: int = 8
    delivery_backoff_seconds: float = 60.0
    delivery_backoff_max_seconds: float = 6 * 3600.0


def from_env(
    env: Mapping[str, str] | None = None, *, listen: tuple[str, int] | None = None
) -> Settings:
    """Build settings from ``DATABASE_URL`` and ``EVENTS_*`` variables. ``listen`` is where
    ``events serve`` listens: without ``EVENTS_PUBLIC_URL``, links in tickets and mails point
    there, so that ``--port 8001`` gives links that work."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    if listen is not None:
        host, port = listen
        values["public_url"] = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    if env.get("DATABASE_URL"):
        values["database_url"] = env["DATABASE_URL"]
    if env.get("EVENTS_DATA_DIR"):
        values["data_dir"] = Path(env["EVENTS_DATA_DIR"])
    for name, field in (
        ("EVENTS_SECRET_KEY", "secret_key"),
        ("EVENTS_PUBLIC_URL", "public_url"),
        ("EVENTS_MAIL_FROM", "mail_from"),
        ("EVENTS_SMTP_URL", "smtp_url"),
        ("EVENTS_SMS_PROVIDER", "sms_provider"),
        ("EVENTS_SMS_WEBHOOK_URL", "sms_webhook_url"),
        ("EVENTS_SMS_WEBHOOK_SECRET", "sms_webhook_secret"),
        ("EVENTS_WORKER_CONCURRENCY", "worker_concurrency"),
        ("EVENTS_WORKER_POLL_SECONDS", "worker_poll_seconds"),
        ("EVENTS_DELIVERY_TIMEOUT_SECONDS", "delivery_timeout_seconds"),
        ("EVENTS_DELIVERY_MAX_ATTEMPTS", "delivery_max_attempts"),
        ("EVENTS_DELIVERY_BACKOFF_SECONDS", "delivery_backoff_seconds"),
        ("EVENTS_DATABASE_WAIT_SECONDS", "database_wait_seconds"),
        ("EVENTS_STATEMENT_TIMEOUT_SECONDS", "statement_timeout_seconds"),
    ):
        if env.get(name):
            values[field] = env[name]
    for name, field in (
        ("EVENTS_TOKEN_TTL_SECONDS", "token_ttl_seconds"),
        ("EVENTS_MAX_BODY_BYTES", "max_body_bytes"),
        ("EVENTS_POOL_MAX_SIZE", "pool_max_size"),
    ):
        if env.get(name):
            values[field] = int(env[name])
    values["worker"] = env.get("EVENTS_WORKER", "on").lower() not in ("off", "0", "false", "no")
    if env.get("EVENTS_SMS_WEBHOOK_URL") and not env.get("EVENTS_SMS_PROVIDER"):
        values["sms_provider"] = "webhook"
    settings = msgspec.convert(values, Settings, strict=False)
    if not settings.secret_key:
        settings = msgspec.structs.replace(settings, secret_key=_stored_secret(settings.data_dir))
    return settings


def _stored_secret(data_dir: Path) -> str:
    """A secret kept in the data directory, so that tokens survive a restart."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
