"""How well a candidate fits a company: a score from 0 to 100, the last tier of the grid's
objective (see ``solver``). It never decides whether someone gets an interview — coverage,
wishes and the number of interviews come first — only who meets whom among equal grids.

The score adds three parts:

- **skills, up to 60 points**: for each skill the company needs at a minimum level, the share
  of that level the candidate showed on their reviewed card (level 3 shown for a need of 4
  gives 3/4, an unobserved skill 0, at or above the minimum 1); the mean over the company's
  needs, times 60. A company that states no skill gives everyone 30 (neither for nor against).
- **sector, up to 25 points**: 25 when the company's sector is one the candidate wishes, 0 when
  the candidate wishes other sectors only, 12.5 when the candidate stated none or the company
  has no sector.
- **occupation, up to 15 points**: 15 when one of the candidate's occupations (from their CV)
  is one the company hires for, 0 when both sides name occupations and none is shared, 7.5 when
  either side names none.

Words are compared without case, accents kept, spaces trimmed. The total is rounded to the
nearest integer.
"""

from __future__ import annotations

from typing import Final

from events.interview_grid.problem import CandidateSide, CompanySide

SKILLS_POINTS: Final = 60
SECTOR_POINTS: Final = 25
OCCUPATION_POINTS: Final = 15


def _words(values: list[str]) -> set[str]:
    return {value.strip().casefold() for value in values if value.strip()}


def skills_share(candidate: CandidateSide, company: CompanySide) -> float:
    """The mean, over the company's needs, of min(level shown, level wanted) / level wanted;
    0.5 when the company needs no particular skill."""
    needs = [need for need in company.needs if need.min_level > 0]
    if not needs:
        return 0.5
    total = 0.0
    for need in needs:
        shown = candidate.levels.get(need.skill, 0)
        total += min(shown, need.min_level) / need.min_level
    return total / len(needs)


def sector_share(candidate: CandidateSide, company: CompanySide) -> float:
    wished = _words(candidate.sectors)
    sector = company.sector.strip().casefold()
    if not wished or not sector:
        return 0.5
    return 1.0 if sector in wished else 0.0


def occupation_share(candidate: CandidateSide, company: CompanySide) -> float:
    mine = _words(candidate.occupations)
    theirs = _words(company.occupations)
    if not mine or not theirs:
        return 0.5
    return 1.0 if mine & theirs else 0.0


def fit(candidate: CandidateSide, company: CompanySide) -> int:
    """The fit score of a candidate for a company, 0 to 100 (see the module's docstring)."""
    score = (
        SKILLS_POINTS * skills_share(candidate, company)
        + SECTOR_POINTS * sector_share(candidate, company)
        + OCCUPATION_POINTS * occupation_share(candidate, company)
    )
    return max(0, min(100, int(score + 0.5)))
