"""The YAML loader is bounded and reads no YAML 1.1 surprise (issue 18, items 1-2): alias bombs,
deep nesting, recursive aliases and repeated keys are refused at their line before anything is
expanded; ``1:30``, ``0755``, ``yes``/``no``/``on``/``off`` and dates stay text; long digit runs never
reach Python's int limit."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba.io.limits import MAX_ALIAS_VALUES, MAX_YAML_DEPTH
from mkba.io.readers import dump_yaml, load_yaml, plain_yaml


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_line_without_expanding_it():
    doc, issues = load_yaml(_bomb(), "bomb.yaml")
    assert doc is None and len(issues) == 1
    issue = issues[0]
    assert issue.file == "bomb.yaml" and issue.row == 5  # 9**4 = 6561 + 9**5 > 10,000 values at line 5
    assert "alias" in issue.message and f"{MAX_ALIAS_VALUES:,}" in issue.message
    assert len(str(issue)) < 400 and "lol" not in str(issue)


def test_aliases_for_shared_defaults_still_read():
    doc, issues = load_yaml("d: &d {x: 1, y: 2}\ne:\n  <<: *d\n  x: 5\nf: *d\n", "m.yaml")
    assert issues == [] and plain_yaml(doc) == {"d": {"x": 1, "y": 2}, "e": {"x": 5, "y": 2}, "f": {"x": 1, "y": 2}}


def test_a_recursive_alias_is_refused():
    doc, issues = load_yaml("a: &r [1, *r]\n", "r.yaml")
    assert doc is None and issues[0].row == 1 and "recursive" in issues[0].message


@given(st.integers(MAX_YAML_DEPTH + 1, 3000), st.sampled_from(["flow", "block", "map"]))
@settings(max_examples=12, deadline=None)
def test_deep_nesting_is_refused_at_its_line(depth, style):
    if style == "flow":
        text = "x: " + "[" * depth + "]" * depth + "\n"
    elif style == "block":
        text = "x:\n" + "".join("  " * i + "-\n" for i in range(1, depth + 1))
    else:
        text = "x: " + "{a: " * depth + "1" + "}" * depth + "\n"
    doc, issues = load_yaml(text, "deep.yaml")
    assert doc is None and len(issues) == 1 and f"{MAX_YAML_DEPTH} levels" in issues[0].message
    assert issues[0].row is not None


def test_depth_through_aliases_is_counted():
    nest = "[" * 30 + "]" * 30
    text = f"a: &a {nest}\nb: &b [[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    doc, issues = load_yaml(text, "deep.yaml")
    assert doc is None and issues[0].row == 2 and "levels" in issues[0].message


def test_a_repeated_key_is_refused_naming_both_lines():
    doc, issues = load_yaml("name: a\nappraisal:\n  horizon: 30\n  discount: nl-2026\n  horizon: 40\n", "k.yaml")
    assert doc is None and issues[0].row == 5
    assert "'horizon'" in issues[0].message and "lines 3 and 5" in issues[0].message


def test_yaml_11_surprises_stay_text_and_decimal_numbers_read():
    text = ("a: 1:30\nb: 0755\nc: yes\nd: on\ne: No\nf: 2026-01-01\ng: 1_000\nh: 1.5\ni: -0\nj: true\nk: null\n"
            "l: 0x1F\nm: =\nn: 12\n")
    doc, issues = load_yaml(text, "s.yaml")
    assert issues == []
    assert plain_yaml(doc) == {"a": "1:30", "b": "0755", "c": "yes", "d": "on", "e": "No", "f": "2026-01-01",
                               "g": 1000, "h": 1.5, "i": 0, "j": True, "k": None, "l": "0x1F", "m": "=", "n": 12}


@given(st.integers(31, 6000))
@settings(max_examples=10, deadline=None)
def test_a_long_run_of_digits_never_reaches_the_int_limit(n):
    doc, issues = load_yaml(f"total: {'9' * n}\n", "n.yaml")
    assert issues == [] and doc["total"] == "9" * n  # text: a field wanting a number refuses it, located


def test_a_control_character_is_located():
    doc, issues = load_yaml("name: a\ndescription: x\x1by\n", "c.yaml")
    assert doc is None and issues[0].row == 2


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_loads_or_gives_one_issue(text):
    doc, issues = load_yaml(text, "any.yaml")
    assert (doc is None and len(issues) == 1) or issues == []
    # the bounded loader never reads more than PyYAML's own safe loader accepts
    if not issues:
        yaml.safe_load(text)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([9.125, -1.5, 600.0, 0.125, 123.456]))
def test_what_mkba_writes_as_yaml_reads_back_as_the_same_number(x):
    """dump_yaml (mkba collect's writer) never writes a float in a thousands-like shape: 9.125 came back
    as an 'ambiguous: 9125 or 9.125' error when the collected scenario was checked."""
    text = dump_yaml({"concentration": x})
    doc, issues = load_yaml(text, "collected.yaml")
    assert issues == [] and isinstance(doc["concentration"], float) and doc["concentration"] == x, text
