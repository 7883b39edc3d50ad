"""kpi.Policy: the bundled policy, policy files, and what they declare."""

from decimal import Decimal

import pytest

import kpi
from conftest import vector


def test_the_bundled_policy():
    policy = kpi.Policy.bundled()
    assert policy.id == "after-sales-2012-03"
    assert policy.version and policy.name and policy.name_zh
    assert policy.default_group == "after-sales" and policy.ties == "competition"
    quality = next(i for i in policy.inputs if i["id"] == "quality")
    assert (quality["kind"], quality["min"], quality["max"]) == ("decimal", Decimal("0"), Decimal("20"))
    assert quality["label"] and quality["label_zh"] and quality["clause"] == "C1"
    assert [i["id"] for i in policy.team_inputs] == ["review_growth"]
    assert {r["id"] for r in policy.roles} == {"ad_check", "review_team"}
    assert policy.tiers[0]["id"] == "bottom" and policy.tiers[-1]["threshold"] is None
    assert "after-sales-2012-03" in repr(policy)


def test_toml_and_json_round_trips():
    policy = kpi.Policy.bundled()
    assert kpi.Policy.from_toml(policy.to_toml()) == policy
    assert kpi.Policy.from_json(policy.to_json()) == policy
    assert kpi.Policy(policy.to_toml()) == kpi.Policy.parse(policy.to_json()) == policy


def test_a_policy_file(tmp_path, examples_text):
    variant = kpi.Policy.from_file(vector("after-sales-variant-a.toml"))
    assert variant != kpi.Policy.bundled()
    batch = vector("examples-variant.json").read_text(encoding="utf-8")
    text = vector("after-sales-variant-a.toml").read_text(encoding="utf-8")
    assert kpi.payroll(batch, variant).to_json() == kpi.payroll_json(batch, text)
    assert kpi.payroll(batch, vector("after-sales-variant-a.toml")).to_json() == kpi.payroll_json(batch, variant)
    as_json = tmp_path / "policy.json"
    as_json.write_text(variant.to_json(), encoding="utf-8")
    assert kpi.Policy.from_file(as_json) == variant


def test_a_missing_file_is_an_os_error():
    with pytest.raises(FileNotFoundError):
        kpi.Policy.from_file("no-such-policy.toml")
    with pytest.raises(FileNotFoundError):
        kpi.payroll("no-such-batch.json")


CSV = "id,name,base_salary,quality,execution,typing_speed\nA01,王芳,2000,18,17,85\nA02,李明,1800,16,15.5,73\n"


def test_a_csv_batch_gives_the_dict_path_bytes(tmp_path):
    sheet = tmp_path / "march.csv"
    sheet.write_text(CSV, encoding="utf-8")
    agents = [
        {"id": "A01", "name": "王芳", "base_salary": "2000", "quality": "18", "execution": "17", "typing_speed": "85"},
        {"id": "A02", "name": "李明", "base_salary": "1800", "quality": "16", "execution": "15.5", "typing_speed": "73"},
    ]
    want = kpi.payroll({"month": "2012-03", "agents": agents}).to_json()
    assert kpi.payroll(sheet, month="2012-03").to_json() == want
    named = tmp_path / "2012-03.csv"  # the month may come from the file name
    named.write_text(CSV, encoding="utf-8")
    assert kpi.payroll(str(named)).to_json() == want


def test_a_bad_csv_cell_is_named(tmp_path):
    sheet = tmp_path / "march.csv"
    sheet.write_text(CSV.replace("16,15.5", "21,15.5"), encoding="utf-8")
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(sheet, month="2012-03")
    (problem,) = caught.value.errors
    assert (problem["code"], problem["agent"], problem["field"], problem["row"]) == ("out_of_range", "A02", "quality", 3)
    assert "quality" in problem["column"]
