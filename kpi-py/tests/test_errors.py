"""Errors: every case of examples.json raises BatchError with the right fields; nothing
panics across the boundary; problems name agent, row and column."""

import copy
import json
import math
import pickle
from decimal import Decimal

import pytest

import kpi
from conftest import vector

SPEC = json.loads(vector("examples.json").read_text(encoding="utf-8"))


def _apply(batch, change):
    change = dict(change)
    agent_id = change.pop("id")
    agent = next(a for a in batch["agents"] if a["id"] == agent_id)
    rename = change.pop("rename_to", None)
    if rename is not None:
        agent["id"] = rename
    agent.update(change)
    return batch


@pytest.mark.parametrize("case", SPEC["errors"], ids=[c["case"] for c in SPEC["errors"]])
def test_each_error_case_raises_batch_error(case, examples):
    batch = _apply(examples, case["change"])
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(batch)
    error = caught.value
    assert isinstance(error, kpi.KpiError) and isinstance(error, ValueError)
    assert error.stage == "batch"
    assert len(error.errors) == 1
    got = error.errors[0]
    assert {k: got[k] for k in case["expect"]} == case["expect"]
    assert set(got) == {"code", "agent", "field", "value", "allowed", "row", "column", "sheet"}
    # The JSON door says the same.
    with pytest.raises(kpi.BatchError) as again:
        kpi.payroll_json(json.dumps(batch, ensure_ascii=False))
    assert again.value.errors == error.errors
    assert again.value.json == error.json


def test_every_problem_at_once(examples):
    for case in SPEC["errors"]:
        if "rename_to" not in case["change"]:
            _apply(examples, case["change"])
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(examples)
    codes = caught.value.codes
    assert len(codes) == len(SPEC["errors"]) - 1
    assert "error[out_of_range]: agent A01, quality = 21: allowed 0 to 20" in str(caught.value)


def test_a_bad_dataframe_row_names_agent_row_and_column(examples):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(examples["agents"])
    frame.loc[2, "quality"] = "21"
    frame.loc[4, "typing_speed"] = math.nan
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month="2012-03")
    nan, quality = caught.value.errors
    assert nan["code"] == "invalid_value" and nan["value"] == "NaN"
    assert (nan["agent"], nan["row"], nan["column"]) == (examples["agents"][4]["id"], 4, "typing_speed")
    assert quality["code"] == "out_of_range"
    assert (quality["agent"], quality["row"], quality["column"]) == (examples["agents"][2]["id"], 2, "quality")


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, Decimal("NaN"), Decimal("-Infinity")])
def test_nan_and_infinity_are_refused(bad):
    batch = {"month": "2012-03", "agents": [{"id": "A01", "base_salary": bad}]}
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(batch)
    (problem,) = caught.value.errors
    assert (problem["code"], problem["agent"], problem["field"]) == ("invalid_value", "A01", "base_salary")
    assert "finite" in problem["allowed"]


def test_an_object_of_unknown_type_is_a_problem_not_a_crash():
    batch = {"month": "2012-03", "agents": [{"id": "A01", "base_salary": "1", "quality": object()}]}
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(batch)
    assert caught.value.errors[0]["field"] == "quality"


def test_shapes_are_problems_too():
    for bad in ({"month": "2012-03"}, {"month": "2012-03", "agents": 5}, {"agents": [1]}):
        with pytest.raises(kpi.BatchError):
            kpi.payroll(bad)
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll_json("{not json")
    assert caught.value.errors[0]["code"] == "invalid_syntax"
    assert caught.value.errors[0]["row"] == 1


def test_an_unknown_tie_rule_is_an_invalid_option(examples_text):
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll_json(examples_text, ties="random")
    assert caught.value.errors[0]["code"] == "invalid_option"


def test_a_broken_policy_raises_policy_error():
    text = kpi.Policy.bundled().to_toml().replace('version = "', 'version = 1 #', 1)
    with pytest.raises(kpi.PolicyError) as caught:
        kpi.Policy.from_toml(text)
    problem = caught.value.errors[0]
    assert caught.value.stage == "policy"
    assert problem["code"] == "invalid_syntax" and problem["row"] is not None
    with pytest.raises(kpi.PolicyError):
        kpi.payroll_json('{"month": "2012-03", "agents": []}', policy="{}")


def test_no_panic_reaches_python():
    with pytest.raises(kpi.KpiError) as caught:
        kpi._kpi._panic_for_test()
    assert caught.value.errors[0]["code"] == "internal"
    assert "PanicException" not in type(caught.value).__name__


def test_errors_pickle():
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll_json("[]")
    copy_ = pickle.loads(pickle.dumps(caught.value))
    assert type(copy_) is kpi.BatchError
    assert copy_.errors == caught.value.errors and copy_.json == caught.value.json


def test_hostile_values_do_not_crash():
    huge = "9" * 40
    batch = {"month": "2012-03", "agents": [{"id": "A01", "base_salary": int(huge), "quality": [[[[[[1]]]]]]}]}
    with pytest.raises(kpi.BatchError):
        kpi.payroll(copy.deepcopy(batch))
