"""The public verification page of a credential: ``/verify/{credential id}`` (where the QR code
on paper and the credential's own ``id`` lead), and ``/verify`` where a recruiter pastes a
credential they were given. In plain words: valid, revoked or tampered with, who issued it, and
what it says (``events.credentials.checking`` decides; every check is audited)."""

from __future__ import annotations

import json
from typing import Any, Final
from uuid import UUID

from litestar import Controller, MediaType, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Template

from events import i18n
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.credentials import badge, checking
from events.errors import CredentialNotFound, InvalidInput
from events.web.pages import PRIVATE, LangQuery, page
from events.web.session import csrf_cookie, csrf_ok, csrf_token

# A credential of the whole vocabulary is some 30 KB: ten times that is not a credential.
_MAX_PASTED: Final = 300_000

WORDS: Final[dict[i18n.Language, dict[str, str]]] = {
    "fr": {
        "title": "Vérifier une carte de compétences",
        "intro": (
            "Une carte de compétences numérique est signée par l'association qui l'a délivrée. "
            "Cette page vérifie la signature et dit si la carte est toujours valable."
        ),
        "valid": "Carte valable",
        "valid_more": "La signature est bonne. La carte n'a pas été retirée.",
        "revoked": "Carte retirée",
        "revoked_withdrawn": "L'association a retiré cette carte.",
        "revoked_superseded": (
            "Une carte plus récente la remplace\u00a0: demandez-la à la personne."
        ),
        "revoked_other": "Cette carte n'est plus valable.",
        "tampered": "Carte modifiée\u00a0: ne pas s'y fier",
        "tampered_more": (
            "La signature ne correspond pas au contenu. Quelqu'un a changé la carte après sa "
            "délivrance, ou ce n'est pas une carte de ce service."
        ),
        "foreign": "Carte inconnue ici",
        "foreign_more": (
            "La signature est bonne, mais cette carte n'a pas été délivrée par ce service. "
            "Nous ne pouvons pas en dire plus."
        ),
        "issued_by": "Délivrée par",
        "issuer_claims": "L'émetteur dit s'appeler",
        "holder": "Pour",
        "date": "Date",
        "skills": "Compétences observées",
        "level": "Niveau {level} sur 4",
        "paste": "Vérifier une autre carte",
        "paste_label": "Collez ici le texte de la carte (fichier .json)",
        "upload_label": "Ou choisissez le fichier de la carte (.json, ou l'image .svg du badge)",
        "check": "Vérifier",
        "not_json": "Ce texte n'est pas une carte\u00a0: collez tout le contenu du fichier .json.",
        "too_long": "Ce texte est trop long pour être une carte.",
        "expired": "La page a expiré\u00a0: collez la carte de nouveau.",
        "other_language": "English",
        "tools": "Langue",
    },
    "en": {
        "title": "Check a skills card",
        "intro": (
            "A digital skills card is signed by the organisation that issued it. This page "
            "checks the signature and says whether the card is still valid."
        ),
        "valid": "Valid card",
        "valid_more": "The signature is right. The card has not been withdrawn.",
        "revoked": "Card withdrawn",
        "revoked_withdrawn": "The organisation withdrew this card.",
        "revoked_superseded": "A newer card replaces it: ask the person for it.",
        "revoked_other": "This card is no longer valid.",
        "tampered": "Card changed: do not trust it",
        "tampered_more": (
            "The signature does not match the content. Someone changed the card after it was "
            "issued, or it is not a card from this service."
        ),
        "foreign": "Card unknown here",
        "foreign_more": (
            "The signature is right, but this card was not issued by this service. We cannot "
            "say more."
        ),
        "issued_by": "Issued by",
        "issuer_claims": "The issuer says its name is",
        "holder": "For",
        "date": "Date",
        "skills": "Skills observed",
        "level": "Level {level} of 4",
        "paste": "Check another card",
        "paste_label": "Paste the card's text here (.json file)",
        "upload_label": "Or choose the card's file (.json, or the badge's .svg image)",
        "check": "Check",
        "not_json": "This text is not a card: paste the whole content of the .json file.",
        "too_long": "This text is too long to be a card.",
        "expired": "The page expired: paste the card again.",
        "other_language": "Français",
        "tools": "Language",
    },
}


def _page(
    request: Request[Any, Any, Any],
    public_ctx: PublicCtx,
    language: i18n.Language,
    *,
    found: checking.Check | None = None,
    pasted: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    token = csrf_token(request)
    return page(
        "verify.html",
        language=language,
        context={
            "t": WORDS[language],
            "found": found,
            "pasted": pasted,
            "error": error,
            "csrf_token": token,
        },
        status_code=status_code,
        headers=PRIVATE,
        cookies=[csrf_cookie(token, public_ctx.settings)],
    )


class VerifyPageController(Controller):
    tags = ("credentials",)

    @get(
        "/verify/{credential_id:uuid}",
        summary="The public verification page of an issued credential",
        description="Where the credential's `id` and the QR code on paper lead: valid, revoked "
        "(withdrawn, or replaced by a newer review) or tampered with, who issued it and what it "
        "says, in plain French (English with `lang=en`). Not found after the holder's erasure. "
        "Every view is audited.",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, CredentialNotFound),
    )
    async def issued(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        credential_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        found = await checking.check_issued(
            public_ctx.conn,
            credential_id=credential_id,
            public_url=public_ctx.settings.public_url,
        )
        return _page(request, public_ctx, lang or public_ctx.language, found=found)

    @get(
        "/verify",
        summary="The page where one pastes a credential to check it",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput),
    )
    async def form(
        self, request: Request[Any, Any, Any], public_ctx: PublicCtx, lang: LangQuery = None
    ) -> Template:
        return _page(request, public_ctx, lang or public_ctx.language)

    @post(
        "/verify",
        status_code=200,
        summary="Check a pasted credential",
        description="Form fields `credential` (the credential's JSON text) or `file` (the "
        "credential's .json file, or its SVG badge with the credential baked in), and "
        "`csrf_token`. "
        "The verdict page, as at `/verify/{credential id}`; the form again with a plain error "
        "otherwise: 400 not a credential, 403 expired form. Every check is audited.",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput),
    )
    async def pasted(
        self, request: Request[Any, Any, Any], public_ctx: PublicCtx, lang: LangQuery = None
    ) -> Template:
        language: i18n.Language = lang or public_ctx.language
        words = WORDS[language]
        form = await request.form()
        text = str(form.get("credential") or "").strip()
        if not csrf_ok(request, str(form.get("csrf_token") or "")):
            return _page(
                request, public_ctx, language, pasted=text, error=words["expired"], status_code=403
            )
        upload = form.get("file")
        if not text and isinstance(upload, UploadFile) and upload.filename:
            # A file given instead of pasted text: the .json itself, or a baked SVG badge.
            content = await upload.read(_MAX_PASTED + 1)
            if len(content) > _MAX_PASTED:
                return _page(
                    request, public_ctx, language, error=words["too_long"], status_code=400
                )
            text = (badge.unbake(content) or content.decode("utf-8", "replace")).strip()
        if len(text) > _MAX_PASTED:
            return _page(request, public_ctx, language, error=words["too_long"], status_code=400)
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            document = None
        if not isinstance(document, dict):
            return _page(
                request, public_ctx, language, pasted=text, error=words["not_json"], status_code=400
            )
        found = await checking.check(
            public_ctx.conn,
            document=document,
            public_url=public_ctx.settings.public_url,
            seen="pasted",
        )
        return _page(request, public_ctx, language, found=found)
