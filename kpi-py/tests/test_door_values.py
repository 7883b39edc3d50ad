"""Native values that JSON cannot carry, or carries otherwise (NaN, lone surrogates, ints
past any decimal, values nested 100,000 deep): test-vectors/door-values.json, which node
runs through the JavaScript door too, so both doors report the same problems."""

import json
import math

import pytest

import kpi
from conftest import VECTORS

DOC = json.loads((VECTORS / "door-values.json").read_text(encoding="utf-8"))


def nested(kind, depth):
    value = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


def native(value):
    """The Python value a vector's value stands for (tags resolved)."""
    if isinstance(value, dict):
        if "$number" in value:
            return float(value["$number"].lower().replace("infinity", "inf"))
        if "$pow10" in value:
            n = value["$pow10"]
            return 10 ** n if n >= 0 else -(10 ** -n)
        if "$nested" in value:
            return nested(*value["$nested"])
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def as_json_text(value):
    """The batch as JSON text: a $pow10 as its digits, a $nested as its brackets."""
    if isinstance(value, dict):
        if "$pow10" in value:
            n = value["$pow10"]
            return ("-" if n < 0 else "") + "1" + "0" * abs(n)
        if "$nested" in value:
            kind, depth = value["$nested"]
            opening, closing = ("[", "]") if kind == "list" else ('{"k": ', "}")
            return opening * depth + "1" + closing * depth
        assert "$number" not in value, "JSON has no NaN"
        return "{" + ", ".join(f"{json.dumps(k)}: {as_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(as_json_text(v) for v in value) + "]"
    return json.dumps(value)


def refused(call):
    with pytest.raises(kpi.BatchError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("case", DOC["cases"], ids=[c["name"] for c in DOC["cases"]])
def test_the_dict_door_gives_the_vectors_problems(case):
    error = refused(lambda: kpi.payroll(native(case["batch"]), explain=False))
    got = [{k: p[k] for k in want} for p, want in zip(error.errors, case["expected"])]
    assert got == case["expected"] and len(error.errors) == len(case["expected"])
    if case["json_door_agrees"]:
        text = refused(lambda: kpi.payroll_json(as_json_text(case["batch"])))
        assert error.errors == text.errors


def test_the_tags_mean_what_they_say():
    assert math.isnan(native({"$number": "NaN"})) and native({"$number": "-Infinity"}) == -math.inf
    assert native({"$pow10": 3}) == 1000 and native({"$nested": ["list", 2]}) == [[1]]
    assert as_json_text({"a": [{"$nested": ["object", 2]}, {"$pow10": -2}]}) == '{"a": [{"k": {"k": 1}}, -100]}'
