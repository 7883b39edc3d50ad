"""Exactness: no binary float on the way, whatever the door."""

import json
from decimal import Decimal

import pytest

import kpi
from kpi import _kpi


@pytest.mark.parametrize("salary", ["99999999999.995", Decimal("99999999999.995"), 99999999999.995])
def test_a_large_salary_keeps_every_fen(salary):
    batch = {"month": "2012-03", "agents": [{"id": "X", "base_salary": salary}]}
    result = kpi.payroll(batch)
    slip = result["X"]["slip"]
    # 99999999999.995 × 22 / 22, rounded half away from zero: exactly 100000000000.00.
    assert slip["base_pay"] == Decimal("100000000000.00")
    assert str(slip["base_pay"]) == "100000000000.00"
    text = json.dumps({"month": "2012-03", "agents": [{"id": "X", "base_salary": "99999999999.995"}]})
    assert result.to_json() == kpi.payroll_json(text)


def test_json_numbers_are_read_from_their_digits():
    text = '{"month": "2012-03", "agents": [{"id": "X", "base_salary": 99999999999.995}]}'
    assert json.loads(kpi.payroll_json(text))["results"][0]["slip"]["base_pay"] == "100000000000.00"


@pytest.mark.parametrize(
    "value, text",
    [
        (0.1, "0.1"),
        (15.5, "15.5"),
        (1e22, "10000000000000000000000"),
        (1e-7, "0.0000001"),
        (2.675, "2.675"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.050"), "0.050"),
        (10**30, "1" + "0" * 30),
    ],
)
def test_values_are_read_by_their_shortest_text(value, text):
    assert _kpi.read_value(value) == text


def test_floats_agree_with_python_repr():
    import random

    rng = random.Random(2012)
    for _ in range(5000):
        x = rng.uniform(-1e6, 1e6) if rng.random() < 0.5 else rng.random() * 10 ** rng.randint(-12, 15)
        assert Decimal(_kpi.read_value(x)) == Decimal(repr(x))


def test_points_and_money_are_decimals(examples):
    result = kpi.payroll(examples)
    for r in result:
        assert all(isinstance(v, Decimal) for v in r["points"].values())
        assert all(isinstance(v, Decimal) for v in r["slip"].values())
    b04 = result["B04"]
    assert b04["points"]["total"] == Decimal("49.5")
