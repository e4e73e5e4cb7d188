"""The printable skills card with the CV, for every logged-in reader the domain lets see it:
the staff of the candidate's organisation (the current card, draft or not) and the recruiters
the candidate allowed (the last reviewed card; every view audited). A browser without a log-in
is sent to the log-in form and back (``page_ctx``)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, MediaType, get
from litestar.params import FromPath
from litestar.response import Template

from events import i18n
from events.api.contract import SESSION, page_refusals
from events.api.cvs import pdf_url
from events.api.deps import PageCtx
from events.cvs import store, texts
from events.errors import CandidateNotFound, InvalidInput
from events.skills_cards import vocabulary
from events.web.pages import PRIVATE, LangQuery, page


class CardPageController(Controller):
    tags = ("cvs",)

    @get(
        "/cards/{candidate_id:uuid}",
        summary="The printable skills card page",
        description="For recruiters allowed to see the candidate and for staff: the card and the "
        "CV in plain words, each level with what it looks like in behaviour in one line, ready "
        "to print. French unless `lang=en` (or the browser asks for English).",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(InvalidInput, CandidateNotFound),
    )
    async def card(
        self,
        page_ctx: PageCtx,
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or page_ctx.language
        seen = await store.view(
            page_ctx.conn, candidate_id=candidate_id, by=page_ctx.actor, channel="page"
        )
        # What each level looks like in behaviour, in one line (the coach's scale).
        levels = {
            s.code: s.levels_fr if chosen == "fr" else s.levels_en
            for s in await vocabulary.list_skills(page_ctx.conn)
        }
        return page(
            "card.html",
            language=chosen,
            context={
                "seen": seen,
                "t": texts.CARD[chosen],
                "words": texts.CV[chosen],
                "transport": texts.TRANSPORT[chosen],
                "day": lambda moment: texts.day(moment, chosen),
                "span": lambda start, end: texts.span(start, end, chosen),
                "label": lambda line: texts.label(line.label_fr, line.label_en, chosen),
                "anchor": lambda line: (levels.get(line.code) or [""] * 4)[line.level - 1],
                "pdf_url": f"{pdf_url(candidate_id)}?lang={chosen}",
            },
            headers=PRIVATE,
        )
