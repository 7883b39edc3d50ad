"""The shared test vectors: the Python door gives the Rust engine's bytes, result or error."""

import json

import pytest

import kpi
from conftest import VECTORS

CASES = json.loads((VECTORS / "cases.json").read_text(encoding="utf-8"))["cases"]


def _policy(case):
    if case["policy"] is None:
        return None
    return (VECTORS / case["policy"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_payroll_json_gives_the_expected_bytes(case):
    batch = (VECTORS / case["batch"]).read_text(encoding="utf-8")
    want = (VECTORS / case["expected"]).read_text(encoding="utf-8").rstrip("\n")
    options = case["options"]
    if case["outcome"] == "result":
        got = kpi.payroll_json(batch, _policy(case), options["ties"], options["explain"])
        assert got == want
    else:
        with pytest.raises(kpi.KpiError) as caught:
            kpi.payroll_json(batch, _policy(case), options["ties"], options["explain"])
        assert caught.value.json == want
        assert caught.value.errors == json.loads(want)["errors"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_payroll_gives_the_same_bytes_from_a_path(case):
    policy = None if case["policy"] is None else kpi.Policy.from_file(VECTORS / case["policy"])
    options = case["options"]
    run = lambda: kpi.payroll(  # noqa: E731
        VECTORS / case["batch"], policy, ties=options["ties"], explain=options["explain"]
    )
    want = (VECTORS / case["expected"]).read_text(encoding="utf-8").rstrip("\n")
    if case["outcome"] == "result":
        assert run().to_json() == want
    else:
        with pytest.raises(kpi.BatchError) as caught:
            run()
        assert caught.value.json == want
