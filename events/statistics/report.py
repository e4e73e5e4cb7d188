"""The figures laid out once for every reader: sections, each with a table (its headers, its
rows of words) and the bars of its chart. The page, the CSV/XLSX tables and the PDF report are
all drawn from these, so that they cannot say different things."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import msgspec

from events import i18n
from events.documents.tables import Column, Table
from events.i18n import Language
from events.statistics.figures import Cell, Figures, Rate
from events.statistics.texts import WORDS


class Bar(msgspec.Struct, frozen=True, kw_only=True):
    label: str
    # 0-100, or None when there is nothing to draw (suppressed, not yet, no one).
    percent: float | None
    text: str


class Row(msgspec.Struct, frozen=True, kw_only=True):
    label: str
    cells: list[str]
    # The raw counts and rates behind ``cells``, for the spreadsheets (None: not shown).
    values: list[int | float | None]


class Section(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    chart_title: str | None
    bars: list[Bar]
    note: str | None = None


def count_text(cell: Cell, language: Language) -> str:
    if cell.suppressed or cell.count is None:
        return WORDS[language]["suppressed"]
    return f"{cell.count:,}".replace(",", "\u202f" if language == "fr" else ",")


def rate_text(rate: Rate, language: Language) -> str:
    if rate.suppressed:
        return WORDS[language]["suppressed"]
    if rate.percent is None:
        return WORDS[language]["no_value"]
    if language == "fr":
        return f"{rate.percent:.1f}".replace(".", ",") + "\u00a0%"
    return f"{rate.percent:.1f}%"


def _count(cell: Cell) -> int | None:
    return None if cell.suppressed else cell.count


def _bar(label: str, rate: Rate, language: Language, *, reached: bool = True) -> Bar:
    if not reached:
        return Bar(label=label, percent=None, text=WORDS[language]["not_yet"])
    shown = None if rate.suppressed else rate.percent
    return Bar(label=label, percent=shown, text=rate_text(rate, language))


def sections(figures: Figures, language: Language) -> list[Section]:
    w = WORDS[language]
    out: list[Section] = []

    rows, bars = [], []
    for role in figures.roles:
        label = w[f"role_{role.role}"]
        cells = [role.registered, role.present, role.absent]
        rows.append(
            Row(
                label=label,
                cells=[
                    *(count_text(c, language) for c in cells),
                    rate_text(role.no_show_rate, language),
                ],
                values=[*(_count(c) for c in cells), role.no_show_rate.percent],
            )
        )
        bars.append(_bar(label, role.no_show_rate, language))
    out.append(
        Section(
            key="attendance",
            title=w["section_attendance"],
            columns=[
                w["col_who"],
                w["col_registered"],
                w["col_present"],
                w["col_absent"],
                w["col_no_show"],
            ],
            rows=rows,
            chart_title=w["chart_attendance"],
            bars=bars,
        )
    )

    for key, items, labels in (
        ("shares", figures.shares, {s.key: w[f"share_{s.key}"] for s in figures.shares}),
        (
            "diplomas",
            figures.diplomas,
            {**i18n.DIPLOMA_LEVELS[language], "unknown": w["diploma_unknown"]},
        ),
    ):
        rows = [
            Row(
                label=w["participants"],
                cells=[count_text(figures.participants, language), ""],
                values=[_count(figures.participants), None],
            )
        ]
        bars = []
        for share in items:
            label = labels[share.key]
            rows.append(
                Row(
                    label=label,
                    cells=[count_text(share.count, language), rate_text(share.rate, language)],
                    values=[_count(share.count), share.rate.percent],
                )
            )
            bars.append(_bar(label, share.rate, language))
        out.append(
            Section(
                key=key,
                title=w[f"section_{key}"],
                columns=[w["col_what"], w["col_count"], w["col_share"]],
                rows=rows,
                chart_title=w[f"chart_{key}"],
                bars=bars,
            )
        )

    rows, bars = [], []
    for month in figures.outcomes:
        label = w[f"months_{month.month}"]
        cells = [month.due, month.answered, month.in_work_or_training]
        if month.reached:
            texts = [*(count_text(c, language) for c in cells), rate_text(month.rate, language)]
        else:
            texts = [w["not_yet"]] * 4
        rows.append(
            Row(
                label=label,
                cells=texts,
                values=[*(_count(c) for c in cells), month.rate.percent]
                if month.reached
                else [None] * 4,
            )
        )
        bars.append(_bar(label, month.rate, language, reached=month.reached))
    out.append(
        Section(
            key="outcomes",
            title=w["section_outcomes"],
            columns=[
                w["col_after"],
                w["col_due"],
                w["col_answered"],
                w["col_in_work"],
                w["col_rate"],
            ],
            rows=rows,
            chart_title=w["chart_outcomes"],
            bars=bars,
            note=w["in_work_definition"],
        )
    )

    kinds = i18n.OUTCOME_KINDS[language]
    months = [m for m in figures.outcomes if m.reached]
    rows = []
    for index, kind in enumerate(figures.outcomes[0].by_kind if figures.outcomes else []):
        rows.append(
            Row(
                label=kinds.get(kind.key, kind.key),
                cells=[count_text(m.by_kind[index].count, language) for m in months],
                values=[_count(m.by_kind[index].count) for m in months],
            )
        )
    if months:
        out.append(
            Section(
                key="kinds",
                title=w["section_kinds"],
                columns=[w["col_what"], *(w[f"months_{m.month}"] for m in months)],
                rows=rows,
                chart_title=None,
                bars=[],
            )
        )
    return out


_COLUMNS: Final = (
    Column(fr="Partie", en="Part", width=36),
    Column(fr="Indicateur", en="Indicator", width=40),
    Column(fr="Colonne", en="Column", width=28),
    Column(fr="Valeur", en="Value", width=12),
)


def table(
    figures: Figures,
    language: Language,
    *,
    what: str,
    name: str,
    made: datetime,
) -> Table:
    """The figures as one long table (part, indicator, column, value), for CSV and XLSX:
    counts as numbers, a suppressed one as "< 5", rates as text with one decimal."""
    w = WORDS[language]
    rows: list[list[str | int | datetime | None]] = [
        [w[what], name, None, None],
        [w["report_made"], None, None, made.replace(tzinfo=None)],
    ]
    for section in sections(figures, language):
        for row in section.rows:
            for column, text, value in zip(
                section.columns[1:], row.cells, row.values, strict=False
            ):
                if not text:
                    continue
                cell: str | int | None = value if isinstance(value, int) else text
                rows.append([section.title, row.label, column, cell])
    rows.append([w["suppression_rule"], None, None, None])
    return Table(
        title={"fr": WORDS["fr"]["statistics"], "en": WORDS["en"]["statistics"]},
        columns=_COLUMNS,
        rows=rows,
    )
