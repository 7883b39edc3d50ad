"""The shared test vectors: the Python door gives the Rust engine's bytes, result or error."""

import json

import pytest

import kpi
from conftest import VECTORS

CASES = json.loads((VECTORS / "cases.json").read_text(encoding="utf-8"))["cases"]


def _options(case):
    """The run's keyword options of a case (``lang`` and ``compact`` default when left out)."""
    options = case["options"]
    return {"ties": options["ties"], "explain": options["explain"],
            "lang": options.get("lang"), "compact": options.get("compact", False)}


def _policy(case):
    if case["policy"] is None:
        return None
    return (VECTORS / case["policy"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_payroll_json_gives_the_expected_bytes(case):
    batch = (VECTORS / case["batch"]).read_text(encoding="utf-8")
    want = (VECTORS / case["expected"]).read_text(encoding="utf-8").rstrip("\n")
    if case["outcome"] == "result":
        got = kpi.payroll_json(batch, _policy(case), **_options(case))
        assert got == want
    else:
        with pytest.raises(kpi.KpiError) as caught:
            kpi.payroll_json(batch, _policy(case), **_options(case))
        assert caught.value.json == want
        assert caught.value.errors == json.loads(want)["errors"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_payroll_gives_the_same_bytes_from_a_path(case):
    policy = None if case["policy"] is None else kpi.Policy.from_file(VECTORS / case["policy"])
    run = lambda: kpi.payroll(VECTORS / case["batch"], policy, **_options(case))  # noqa: E731
    want = (VECTORS / case["expected"]).read_text(encoding="utf-8").rstrip("\n")
    if case["outcome"] == "result":
        assert run().to_json() == want
    else:
        with pytest.raises(kpi.BatchError) as caught:
            run()
        assert caught.value.json == want
