"""Portable skills cards (issue 15): issuing one credential and verifying it, beside baselines.

Run: .venv/bin/python -m bench.credentials [--runs 200] [--skills 6]

A card of ``--skills`` observed skills (four anchors each, an ESCO alignment, two activities) is
issued as the service does it (``achievement.credential`` then ``proof.sign``: RDF dataset
canonicalisation of the credential and of the proof's options with the shipped contexts,
SHA-256, Ed25519), and verified as the ``/verify`` page does it in this process
(``proof.verify``: the same canonicalisation again and an Ed25519 check, then
``checking.said``: what the credential says, for the page). The page also makes three indexed
lookups (the key, the organisation's name, the credential's status) and writes one audit row:
the database is not part of this run.

Beside each, in the same run, the least work it can be:

- Ed25519 alone: signing (verifying) the same 64 bytes the proof signs, already canonicalised
  and hashed;
- pyld alone: ``jsonld.normalize`` (URDNA2015) of the credential, once, with the same local
  document loader; the proof canonicalises the credential and the proof's options.

Prints p50 and p95 over ``--runs`` runs (after 5 warm-up runs, the five timings interleaved)
and the ratio to each baseline, by the wall clock and by this process's CPU time (which other
work on a shared machine does not inflate).
The targets of the issue: issuing < 50 ms, verifying < 100 ms (p95 is what is compared).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld  # type: ignore[import-untyped]

from events.credentials import achievement, checking, proof, status
from events.credentials.contexts import document_loader
from events.skills_cards.card import CardEvent, Review, SkillLine, SkillsCard
from events.skills_cards.vocabulary import Skill

PUBLIC_URL = "https://rencontres.example.org"
ISSUE_TARGET_MS = 50.0
VERIFY_TARGET_MS = 100.0


def card(skills: int) -> tuple[SkillsCard, dict[str, Skill]]:
    """A reviewed card of ``skills`` observed skills and its vocabulary."""
    now = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    vocabulary = {
        f"skill_{n}": Skill(
            code=f"skill_{n}",
            position=n,
            label_fr=f"compétence {n}",
            label_en=f"skill {n}",
            description_fr="Ce que la personne fait quand elle rencontre une difficulté.",
            description_en="What the person does when they meet a difficulty.",
            levels_fr=[f"Niveau {level} : un comportement observable." for level in range(1, 5)],
            levels_en=[f"Level {level}: an observable behaviour." for level in range(1, 5)],
            esco_uri=f"http://data.europa.eu/esco/skill/{uuid4()}",
        )
        for n in range(skills)
    }
    lines = [
        SkillLine(
            code=code,
            label_fr=skill.label_fr,
            label_en=skill.label_en,
            level=1 + n % 4,
            observations=3,
            observers=2,
            events=[CardEvent(id=uuid4(), title="-", starts_at=now - timedelta(days=n))],
            activities=["Escalade", "Football"],
            evidence=[],
        )
        for n, (code, skill) in enumerate(vocabulary.items())
    ]
    reviewed = SkillsCard(
        candidate_id=uuid4(),
        version=2,
        updated_at=now,
        review=Review(status="reviewed", by=uuid4(), at=now, version=2),
        skills=lines,
    )
    return reviewed, vocabulary


def timed(
    calls: dict[str, Callable[[], Any]], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Milliseconds of each call, wall clock and this process's CPU time, ``runs`` times each
    after five warm-up calls, interleaved (one of each in turn) so that a busy moment of the
    machine falls on all alike."""
    for call in calls.values():
        for _ in range(5):
            call()
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            cpu[name].append((time.process_time() - start_cpu) * 1000)
            wall[name].append((time.perf_counter() - start) * 1000)
    return wall, cpu


def p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def line(label: str, samples: list[float], base: list[float] | None = None) -> str:
    text = f"  {label:<44} p50 {p(samples, 50):8.3f} ms   p95 {p(samples, 95):8.3f} ms"
    if base is not None:
        text += f"   x{p(samples, 50) / p(base, 50):7.1f} (p50)"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skills", type=int, default=6)
    args = parser.parse_args()

    reviewed, vocabulary = card(args.skills)
    key = Ed25519PrivateKey.generate()
    private, public = key.private_bytes_raw(), key.public_key().public_bytes_raw()
    holder = achievement.Holder(
        first_name="Amina",
        last_name="Kaya-Diallo",
        language="fr",
        organisation_id=uuid4(),
        organisation_name="Maison de l'emploi",
    )
    now = datetime.now(UTC)

    def unsigned() -> dict[str, Any]:
        return achievement.credential(
            credential_id=uuid4(),
            card=reviewed,
            skills=vocabulary,
            holder=holder,
            issuer=proof.did_key(public),
            issued_at=now,
            public_url=PUBLIC_URL,
            status=status.entry(7, public_key=public, public_url=PUBLIC_URL),
        )

    def issue() -> dict[str, Any]:
        return proof.sign(unsigned(), private_key=private, created=now)

    signed = issue()
    assert proof.verify(signed)
    document = {k: v for k, v in signed.items() if k != "proof"}
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    hashed = proof._hash_data(document, options)  # the bytes the proof signs
    signature = key.sign(hashed)
    public_key = key.public_key()

    def verify_page() -> None:
        assert proof.verify(signed)
        checking.said(signed)

    def normalize() -> None:
        jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
            },
        )

    size = len(proof.canonical(document).splitlines())
    print(
        f"credentials: {args.skills} skills, {size} N-Quads, {args.runs} runs; "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    calls: dict[str, Callable[[], Any]] = {
        "sign": lambda: key.sign(hashed),
        "verify": lambda: public_key.verify(signature, hashed),
        "pyld": normalize,
        "issue": issue,
        "page": verify_page,
    }
    wall, cpu = timed(calls, args.runs)
    for clock, found in (("wall clock", wall), ("CPU time of this process", cpu)):
        print(f"-- {clock}")
        sign_alone, verify_alone, pyld_alone = found["sign"], found["verify"], found["pyld"]
        issuing, verifying = found["issue"], found["page"]
        print("issuing one credential (achievement.credential + proof.sign)")
        print(line("Ed25519 sign of the 64 bytes (baseline)", sign_alone))
        print(line("pyld normalize of the credential (baseline)", pyld_alone))
        print(line("issue, ratio to pyld alone", issuing, pyld_alone))
        print(line("issue, ratio to Ed25519 sign", issuing, sign_alone))
        print("verifying as /verify does (proof.verify + checking.said, no database)")
        print(line("Ed25519 verify of the 64 bytes (baseline)", verify_alone))
        print(line("verify, ratio to pyld alone", verifying, pyld_alone))
        print(line("verify, ratio to Ed25519 verify", verifying, verify_alone))
        issue_ok = p(issuing, 95) < ISSUE_TARGET_MS
        verify_ok = p(verifying, 95) < VERIFY_TARGET_MS
        print(
            f"targets (p95, {clock}): issue < {ISSUE_TARGET_MS:.0f} ms "
            f"{'met' if issue_ok else 'MISSED'}; verify < {VERIFY_TARGET_MS:.0f} ms "
            f"{'met' if verify_ok else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
