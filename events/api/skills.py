"""The skills vocabulary: public, since it is what every card and form speaks."""

from __future__ import annotations

import msgspec
from litestar import get

from events.api.contract import PUBLIC_ANSWERS
from events.api.deps import PublicCtx
from events.skills_cards import vocabulary


class LevelOut(msgspec.Struct, frozen=True, kw_only=True):
    level: int
    fr: str
    en: str


class SkillOut(msgspec.Struct, frozen=True, kw_only=True):
    """``description`` is in the request's language; both languages are given beside it."""

    code: str
    label_fr: str
    label_en: str
    description: str
    description_fr: str
    description_en: str
    levels: list[LevelOut]
    esco_uri: str | None


class SkillList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[SkillOut]
    next_cursor: str | None = None


def _out(skill: vocabulary.Skill, language: str) -> SkillOut:
    return SkillOut(
        code=skill.code,
        label_fr=skill.label_fr,
        label_en=skill.label_en,
        description=skill.description_en if language == "en" else skill.description_fr,
        description_fr=skill.description_fr,
        description_en=skill.description_en,
        levels=[
            LevelOut(level=level, fr=fr, en=en)
            for level, fr, en in zip(
                vocabulary.LEVELS, skill.levels_fr, skill.levels_en, strict=True
            )
        ],
        esco_uri=skill.esco_uri,
    )


@get(
    "/api/v1/skills",
    tags=["skills cards"],
    summary="The skills vocabulary",
    description="Each transversal skill with its French and English labels, a description, and "
    "what levels 1 to 4 look like in behaviour. Public: no log-in needed.",
    cache_control=PUBLIC_ANSWERS,
)
async def list_skills(public_ctx: PublicCtx) -> SkillList:
    return SkillList(
        items=[_out(s, public_ctx.language) for s in await vocabulary.list_skills(public_ctx.conn)]
    )
