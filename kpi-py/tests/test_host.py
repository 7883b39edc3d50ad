"""The team shorthand through the Python door: the core's meaning and problems
(test-vectors/host.json, also run by cargo test and node)."""

import json

import pytest

import kpi
from conftest import VECTORS

CASES = json.loads((VECTORS / "host.json").read_text(encoding="utf-8"))["cases"]
AGENTS = [
    {"id": "A01", "base_salary": "2000", "group": "after-sales"},
    {"id": "B01", "base_salary": "2000", "group": "pre-sales"},
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_shorthand_means_what_the_core_says(case):
    policy = None if case["policy"] is None else kpi.Policy.from_file(VECTORS / case["policy"])
    batch = {"month": "2012-03", "agents": AGENTS}
    expected = case["expected"]
    if "records" in expected:
        result = kpi.payroll(batch, policy, teams=case["teams"], explain=False)
        assert len(result) == len(AGENTS)
        return
    with pytest.raises(kpi.KpiError) as caught:
        kpi.payroll(batch, policy, teams=case["teams"], explain=False)
    assert caught.value.errors == expected["errors"]
