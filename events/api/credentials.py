"""Portable skills cards: issuing a reviewed card as an Open Badges 3.0 credential, and the
credential as issued, at the address its holder shares."""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.params import FromPath

from events.api.contract import BEARER, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx, PublicCtx
from events.credentials import badge, issuing, status
from events.errors import (
    CandidateErased,
    CandidateNotFound,
    CredentialNotFound,
    SkillsCardNotReviewed,
)

# W3C VC 2.0's media type for a credential secured by an embedded proof is application/vc;
# plain JSON is what wallets and people's tools open, and what a JSON-LD credential is too.
_JSON = "application/json"


def _json_name(name: str, suffix: str = ".json") -> str:
    """``{stem}{suffix}`` → ``stem``; anything else is not found."""
    stem = name.removesuffix(suffix)
    if stem == name or not stem:
        raise CredentialNotFound
    return stem


# A baked image is served as it is, from our own address: nothing in it may run.
_SVG_HEADERS: Final = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Content-Disposition": 'inline; filename="credential.svg"',
    "X-Content-Type-Options": "nosniff",
}
_LEVEL_WORD: Final = {"fr": "niveau {level}/4", "en": "level {level}/4"}


def _download(credential: dict[str, Any], status_code: int) -> Response[dict[str, Any]]:
    return Response(
        credential,
        status_code=status_code,
        media_type=_JSON,
        headers={"Content-Disposition": 'inline; filename="credential.json"'},
    )


class CredentialController(Controller):
    tags = ("credentials",)

    @post(
        "/api/v1/candidates/{candidate_id:uuid}/credentials",
        summary="Issue the candidate's reviewed skills card as a verifiable credential",
        description="By those who follow the candidate (admins, organisers of their "
        "organisation, coaches of an event they are registered to). The last reviewed version "
        "of the card becomes an Open "
        "Badges 3.0 AchievementCredential (W3C Verifiable Credentials 2.0): the holder's name as "
        "they chose it on their page (first name and initial unless they chose their full name or "
        "first name only), one result per observed skill (level 1 to 4 and its behavioural anchor,"
        " aligned to the skill's public page `/skills/{code}`), the number of observations and "
        "coaches and the activities as evidence, never an event's title nor a note. Signed with a "
        "Data Integrity proof (`eddsa-rdfc-2022`) by the issuing organisation's Ed25519 key, named"
        " as a `did:key`: anyone can verify it offline. Its `id` is `/verify/{credential id}`; the"
        " JSON stays at `/credentials/{credential id}.json`. One credential per reviewed version "
        "and name choice: asking again gives the same one (a credential withdrawn by staff stays "
        "withdrawn); after the holder chose another name form, a new one, the old one revoked. "
        "Issuing is audited.",
        security=BEARER,
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, CandidateNotFound, CandidateErased, SkillsCardNotReviewed
        ),
    )
    async def issue(self, ctx: Ctx, candidate_id: FromPath[UUID]) -> Response[dict[str, Any]]:
        issued = await issuing.issue(
            ctx.conn,
            candidate_id=candidate_id,
            by=ctx.actor,
            now=ctx.now,
            public_url=ctx.settings.public_url,
        )
        return _download(issued.credential, 201)

    @get(
        "/credentials/{name:str}",
        summary="A credential as issued, to download (`/credentials/{credential id}.json` or "
        "`.svg`)",
        description="Public: whoever holds the address gets the signed credential, the JSON-LD "
        "document its proof covers (`.json`), or the same baked into an SVG image (`.svg`, "
        "Open Badges 3.0 baking: an `openbadges:credential` element holds it). The holder "
        "shares it; the service never sends it to anyone. Gone after its holder's erasure.",
        responses=refusals(*PARAMETERS, CredentialNotFound),
    )
    async def download(self, public_ctx: PublicCtx, name: FromPath[str]) -> Response[Any]:
        svg = name.endswith(".svg")
        try:
            credential_id = UUID(_json_name(name, ".svg" if svg else ".json"))
        except ValueError:
            raise CredentialNotFound from None
        credential = await issuing.shared(public_ctx.conn, credential_id=credential_id)
        if svg:
            return Response(
                badge.svg(credential, level_word=_LEVEL_WORD[public_ctx.language]),
                media_type="image/svg+xml",
                headers=_SVG_HEADERS,
            )
        return _download(credential, 200)

    @get(
        "/credentials/status/{name:str}",
        summary="An issuing organisation's revocation list (`/credentials/status/{key}.json`)",
        description="Public: a W3C Bitstring Status List credential (`statusPurpose` "
        "`revocation`, 131,072 bits), signed like the credentials by the organisation's key; "
        "`{key}` is the multikey of its `did:key`. A credential's `credentialStatus` names its "
        "bit, which is set once staff withdrew it, a newer version of the card was reviewed, or "
        "its holder was erased. Made when asked: always current.",
        responses=refusals(*PARAMETERS, CredentialNotFound),
    )
    async def status_list(
        self, public_ctx: PublicCtx, name: FromPath[str]
    ) -> Response[dict[str, Any]]:
        listed = await status.status_list(
            public_ctx.conn,
            name=_json_name(name),
            now=public_ctx.now,
            public_url=public_ctx.settings.public_url,
        )
        return Response(listed, media_type=_JSON)

    @post(
        "/api/v1/credentials/{credential_id:uuid}/revoke",
        status_code=200,
        summary="Withdraw an issued credential",
        description="By those who follow its holder (as for issuing): its bit in the issuing "
        "organisation's status list is set from now on, for good; a verifier that checks the "
        "status sees it revoked. Withdrawing it again changes nothing. Audited.",
        security=BEARER,
        responses=refusals(*LOGGED_IN, *PARAMETERS, CredentialNotFound, CandidateErased),
    )
    async def revoke(self, ctx: Ctx, credential_id: FromPath[UUID]) -> status.Revoked:
        return await status.revoke(ctx.conn, credential_id=credential_id, by=ctx.actor, now=ctx.now)
