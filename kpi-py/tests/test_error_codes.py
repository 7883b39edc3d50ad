"""Stable codes across languages: every case of test-vectors/error-codes.json gives, through
the Python door, the stage and the problems (code, agent, field) that cargo test and node
check for the same inputs."""

import json

import pytest

import kpi
from conftest import VECTORS

DOC = json.loads((VECTORS / "error-codes.json").read_text(encoding="utf-8"))
BUNDLED = (VECTORS.parent / "kpi-core" / "policies" / "after-sales-2012-03.toml").read_text(encoding="utf-8")


def policy_text(case):
    policy = case["policy"]
    if policy is None:
        return None
    if "text" in policy:
        return policy["text"]
    text = BUNDLED
    for old, new in policy["replace"]:
        assert old in text, f"{case['name']}: {old!r} not in the policy"
        text = text.replace(old, new, 1)
    return text


def summary(error):
    return {
        "stage": error.stage,
        "errors": [{k: p[k] for k in ("code", "agent", "field")} for p in error.errors],
    }


@pytest.mark.parametrize("case", DOC["cases"], ids=[c["name"] for c in DOC["cases"]])
def test_the_json_door_gives_the_same_problems(case):
    batch = case.get("batch_text") or json.dumps(case["batch"], ensure_ascii=False)
    with pytest.raises(kpi.KpiError) as caught:
        kpi.payroll_json(batch, policy_text(case), case["ties"])
    assert summary(caught.value) == case["expected"]
    expected_type = kpi.PolicyError if case["expected"]["stage"] == "policy" else kpi.BatchError
    assert type(caught.value) is expected_type


@pytest.mark.parametrize(
    "case", [c for c in DOC["cases"] if "batch" in c], ids=[c["name"] for c in DOC["cases"] if "batch" in c]
)
def test_the_dict_door_gives_the_same_problems(case):
    text = policy_text(case)

    def run():
        policy = kpi.Policy.parse(text) if text is not None else None
        kpi.payroll(case["batch"], policy, ties=case["ties"])

    with pytest.raises(kpi.KpiError) as caught:
        run()
    assert summary(caught.value) == case["expected"]


def test_every_code_is_covered_or_excused():
    covered = {c["code"] for c in DOC["cases"]} | set(DOC["not_covered"])
    documented = set(
        line.split("`")[1]
        for line in (VECTORS.parent / "docs" / "errors.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    )
    assert documented == covered
