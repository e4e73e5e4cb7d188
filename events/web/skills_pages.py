"""The skills vocabulary as public pages: what each transversal skill means and what its four
levels look like in behaviour. Credentials align to them (``/skills/{code}``, each level at
``#level-1`` … ``#level-4``), so that whoever reads a credential can see what a level means."""

from __future__ import annotations

from typing import Final

from litestar import Controller, MediaType, get
from litestar.params import FromPath
from litestar.response import Template

from events import i18n
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.errors import InvalidInput, NotFound
from events.skills_cards import vocabulary
from events.web.pages import LangQuery, page

WORDS: Final[dict[i18n.Language, dict[str, str]]] = {
    "fr": {
        "title": "Les compétences transverses",
        "intro": (
            "Pendant les rencontres, des coachs observent ce que fait chaque personne. "
            "Pour chaque compétence, il y a quatre niveaux. Chaque niveau dit ce que le coach "
            "voit faire. Ce n'est jamais une note."
        ),
        "levels": "Les quatre niveaux",
        "level": "Niveau {level}",
        "all": "Toutes les compétences",
        "esco": "La même compétence dans ESCO, le répertoire européen",
        "other_language": "English",
        "tools": "Langue",
    },
    "en": {
        "title": "Transversal skills",
        "intro": (
            "During the meetings, coaches observe what each person does. Each skill has four "
            "levels. Each level says what the coach sees the person do. It is never a grade."
        ),
        "levels": "The four levels",
        "level": "Level {level}",
        "all": "All skills",
        "esco": "The same skill in ESCO, the European classification",
        "other_language": "Français",
        "tools": "Language",
    },
}


class SkillsPageController(Controller):
    tags = ("skills cards",)

    @get(
        ["/skills", "/skills/{code:str}"],
        summary="The skills vocabulary's public pages",
        description="Every transversal skill (`/skills`) or one (`/skills/{code}`): what it "
        "means and its four behavioural levels, each at `#level-1` … `#level-4`: what the "
        "credentials' results align to. French unless `lang=en`.",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, NotFound),
    )
    async def skills(
        self, public_ctx: PublicCtx, code: FromPath[str | None] = None, lang: LangQuery = None
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        every = await vocabulary.list_skills(public_ctx.conn)
        shown = every if code is None else [s for s in every if s.code == code]
        if not shown:
            raise NotFound
        return page(
            "skills.html",
            language=chosen,
            context={
                "t": WORDS[chosen],
                "one": code is not None,
                "skills": [
                    {
                        "code": skill.code,
                        "label": skill.label_fr if chosen == "fr" else skill.label_en,
                        "description": (
                            skill.description_fr if chosen == "fr" else skill.description_en
                        ),
                        "levels": skill.levels_fr if chosen == "fr" else skill.levels_en,
                        "esco_uri": skill.esco_uri,
                    }
                    for skill in shown
                ],
            },
            headers={},
        )
