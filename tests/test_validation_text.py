"""msgspec's validation errors are read in one place, ``events.errors.read_validation``: the
field it names (the path, then a missing or unknown field's name) and its words."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from events.errors import Validation, explain_validation, read_validation

EVENTS = Path(__file__).resolve().parent.parent / "events"


class _Inner(msgspec.Struct, forbid_unknown_fields=True):
    end: int


class _Outer(msgspec.Struct, forbid_unknown_fields=True):
    items: list[_Inner]


def _refusal(value: object) -> str:
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.convert(value, _Outer)
    return str(caught.value)


def test_a_wrong_type_is_read_with_its_path() -> None:
    read = read_validation(_refusal({"items": [{"end": "x"}]}))
    assert read == Validation(
        words="Expected `int`, got `str`", at="items[0].end", field="items[0].end"
    )


def test_a_missing_or_unknown_field_is_named_after_its_path() -> None:
    assert read_validation(_refusal({"items": [{}]})).field == "items[0].end"
    unknown = read_validation(_refusal({"items": [], "salary": 1}))
    assert (unknown.at, unknown.field) == ("", "salary")
    assert unknown.words == "Object contains unknown field `salary`"


def test_words_without_a_location_take_the_callers() -> None:
    read = read_validation("Object missing required field `city`", at="venue")
    assert (read.at, read.field) == ("venue", "venue.city")
    assert read_validation("Expected `int`, got `str`") == Validation(
        words="Expected `int`, got `str`", at="", field=""
    )


def test_the_words_have_plain_french_and_english() -> None:
    read = read_validation("Object missing required field `city`", at="venue")
    assert explain_validation(read) == (
        "Le champ « ville » est obligatoire.",
        "The field 'city' is required.",
    )


def test_no_other_module_reads_msgspec_messages() -> None:
    readers = {
        path.relative_to(EVENTS).as_posix()
        for path in EVENTS.rglob("*.py")
        for marker in (" - at ", "missing required field", "contains unknown field")
        if marker in path.read_text(encoding="utf-8")
    }
    assert readers == {"errors.py"}
