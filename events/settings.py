"""Settings, read once from the environment. The only reader of ``os.environ``."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import msgspec
import platformdirs


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
    login_max_failures: int = 5
    login_window_seconds: int = 900
    pool_min_size: int = 2
    pool_max_size: int = 20
    debug: bool = False
    # Sender of the service's messages, and the ORGANIZER address of calendar invites (where
    # calendar clients send replies).
    mail_from: str = "rencontres@localhost"


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``DATABASE_URL`` and ``EVENTS_*`` variables."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    if env.get("DATABASE_URL"):
        values["database_url"] = env["DATABASE_URL"]
    if env.get("EVENTS_DATA_DIR"):
        values["data_dir"] = Path(env["EVENTS_DATA_DIR"])
    for name, field in (
        ("EVENTS_SECRET_KEY", "secret_key"),
        ("EVENTS_PUBLIC_URL", "public_url"),
        ("EVENTS_MAIL_FROM", "mail_from"),
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
