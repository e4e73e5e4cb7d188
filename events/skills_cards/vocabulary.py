"""The transversal skills vocabulary (DOMAIN.md), kept in the ``skills`` table: codes, labels,
and what each level 1 to 4 looks like in behaviour, so that two coaches rate alike."""

from __future__ import annotations

from typing import Annotated

import msgspec

from events import db

# A skill code as clients send it; whether it is known is the vocabulary table's answer.
SkillCode = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[a-z_]+$")]
LEVELS = (1, 2, 3, 4)


class Skill(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    position: int
    label_fr: str
    label_en: str
    description_fr: str
    description_en: str
    levels_fr: list[str]
    levels_en: list[str]
    esco_uri: str | None


async def list_skills(conn: db.Conn) -> list[Skill]:
    """The whole vocabulary in its fixed order; it is public knowledge."""
    return await db.fetch_all(conn, "list_skills", Skill)


async def unknown(conn: db.Conn, codes: list[str]) -> list[str]:
    """Those of ``codes`` the vocabulary does not hold, in the order given."""
    known = set(await db.fetch_value(conn, "count_known_skills", codes=codes))
    return [code for code in dict.fromkeys(codes) if code not in known]
