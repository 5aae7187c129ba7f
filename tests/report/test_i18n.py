"""Message catalogue and number formats."""

from __future__ import annotations

import math

import pytest

from mkba.report.i18n import MESSAGES, catalogue, format_money, format_number, format_value


def test_dutch_number_format():
    assert format_number(1234567.891, 2, "nl") == "1.234.567,89"
    assert format_number(-1234567.891, 0, "nl") == "-1.234.568"
    assert format_number(0.5, 2, "nl") == "0,50"


def test_english_number_format():
    assert format_number(1234567.891, 2, "en") == "1,234,567.89"
    assert format_number(-0.004, 2, "en") == "0.00"  # no negative zero


def test_missing_values_show_a_dash():
    assert format_number(None, 2, "nl") == "–"
    assert format_number(math.nan, 2, "nl") == "–"
    assert format_value(None, "money", "en") == "–"


def test_value_kinds():
    assert format_value(0.2259, "share", "nl") == "22,6 %"
    assert format_value(0.2259, "share", "en") == "22.6%"
    assert format_value(2026, "year", "nl") == "2026"
    assert format_value(1.4711, "ratio", "nl") == "1,47"
    assert format_value(True, "bool", "nl") == "ja"
    assert format_money(2033372.86, "nl") == "€\u00a02,0\u00a0mln"
    assert format_money(-441449, "en") == "−\u2060€441,449"
    assert format_money(-3.3e6, "nl") == "€\u00a0−3,3\u00a0mln"
    assert format_money(-0.4, "nl") == "€\u00a00"


def test_catalogues_have_the_same_keys_and_placeholders():
    import string

    nl, en = MESSAGES["nl"], MESSAGES["en"]
    assert set(nl) == set(en)
    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
    for key in nl:
        assert fields(nl[key]) == fields(en[key]), key


def test_unknown_language_is_named():
    with pytest.raises(ValueError, match="nl, en"):
        catalogue("fr")
    assert catalogue("en").join(["a", "b", "c"]) == "a, b and c"
