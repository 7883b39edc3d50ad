"""kpi.lint and kpi.compare: the core's documents, through whatever kpi.payroll takes."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

import kpi
from kpi._kpi import compare_batch

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "test-vectors"


def variant() -> kpi.Policy:
    return kpi.Policy.from_file(str(VECTORS / "after-sales-variant-a.toml"))


def test_the_bundled_policy_has_one_true_finding():
    report = kpi.lint()
    assert report.codes == ["unreachable_tier"]
    assert report.findings[0]["rule"] == "super"
    assert report.search["bounds"][0] == {"input": "quality", "min": "0", "max": "20", "source": "declared"}


def test_a_broken_policy_is_flagged_with_a_counterexample_the_engine_confirms():
    policy = kpi.Policy.from_file(str(VECTORS / "lint" / "falling-tier-bonus.toml"))
    report = kpi.lint(policy)
    cliff = next(f for f in report if f["code"] == "falling_tier_bonus")
    example = cliff["counterexample"]
    assert example["gross"][1] < example["gross"][0]
    result = kpi.payroll(example["batch"], policy)
    assert result["b"]["slip"]["gross"] == example["gross"][1]
    assert result["a"]["slip"]["gross"] == example["gross"][0]


def test_lint_takes_a_batch_and_bounds():
    batch = json.loads((VECTORS / "examples.json").read_text(encoding="utf-8"))
    report = kpi.lint(None, batch, bounds={"praise_calls": 40})
    assert "near_tier_boundary" in report.codes
    praise = next(b for b in report.search["bounds"] if b["input"] == "praise_calls")
    assert (praise["max"], praise["source"]) == ("40", "option")
    with pytest.raises(kpi.BatchError) as refused:
        kpi.lint(None, None, bounds={"praise_calls": "many"})
    assert refused.value.errors[0]["code"] == "invalid_option"


def test_compare_gives_decimals_and_the_core_numbers():
    doc = kpi.compare(VECTORS / "examples-variant.json", kpi.Policy.bundled(), variant())
    assert doc["overall"]["difference"]["payout"]["meal"] == Decimal("1167.50")
    gross = [a["difference"]["slip"]["gross"] for a in doc]
    assert sum(gross) == doc.cost
    # The same numbers as the core's JSON boundary (kpi compare --format json).
    text = (VECTORS / "examples-variant.json").read_text(encoding="utf-8")
    core = json.loads(compare_batch({"batch": text}, kpi.Policy.bundled(), variant()))
    assert json.loads(doc.to_json()) == core


def test_compare_takes_a_dataframe_and_month():
    pd = pytest.importorskip("pandas")
    batch = json.loads((VECTORS / "examples-variant.json").read_text(encoding="utf-8"))
    frame = pd.DataFrame(batch["agents"])
    teams = {t["group"]: t["review_growth"] for t in batch["teams"]}
    from_frame = kpi.compare(frame, kpi.Policy.bundled(), variant(), month=batch["month"], teams=teams, missing="zero")
    from_dict = kpi.compare(batch, kpi.Policy.bundled(), variant())
    assert from_frame["overall"] == from_dict["overall"]
    table = from_frame.to_pandas()
    assert list(table.columns[:6]) == ["id", "name", "group", "a.total", "b.total", "difference.total"]
    assert isinstance(table["difference.gross"][0], Decimal)
    assert list(table["difference.gross"]) == sorted(table["difference.gross"], reverse=True)


def test_compare_refuses_what_payroll_refuses():
    with pytest.raises(kpi.BatchError) as refused:
        kpi.compare({"month": "2012-03", "agents": [{"id": "A", "base_salary": "2000", "quality": 21}]},
                    kpi.Policy.bundled(), variant())
    assert refused.value.errors[0]["code"] == "out_of_range"


def test_policy_lint_is_kpi_lint():
    policy = kpi.Policy.from_file(str(VECTORS / "lint" / "unused-input.toml"))
    assert policy.lint().codes == kpi.lint(policy).codes == ["unreachable_tier", "unused_input"]
    batch = json.loads((VECTORS / "examples.json").read_text(encoding="utf-8"))
    assert "near_tier_boundary" in kpi.Policy.bundled().lint(batch, bounds={"praise_calls": 30}).codes
