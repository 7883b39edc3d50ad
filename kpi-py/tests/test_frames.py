"""DataFrames in and out: a pandas or polars round trip equals the JSON path, numbers stay
Decimal unless asked otherwise."""

import json
from decimal import Decimal

import pytest

import kpi

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


def _teams(examples):
    return {t["group"]: t["review_growth"] for t in examples["teams"]}


def test_pandas_round_trip_equals_the_json_path(examples, examples_text):
    frame = pd.DataFrame(examples["agents"])
    result = kpi.payroll(frame, teams=_teams(examples), month=examples["month"])
    assert result.to_json() == kpi.payroll_json(examples_text)


def test_polars_round_trip_equals_the_json_path(examples, examples_text):
    frame = pl.DataFrame(examples["agents"])
    result = kpi.payroll(frame, teams=pl.DataFrame(examples["teams"]), month=examples["month"])
    assert result.to_json() == kpi.payroll_json(examples_text)


def test_typed_columns_read_exactly(examples, examples_text):
    # Analysts' frames hold floats and ints, not strings: floats are read by their shortest
    # text, so 15.5 is 15.5 and the result is the same as the JSON path's.
    rows = []
    for agent in examples["agents"]:
        row = dict(agent)
        for key in ("quality", "execution", "typing_speed", "leave_days", "base_salary"):
            row[key] = float(row[key])
        rows.append(row)
    frame = pd.DataFrame(rows).assign(month=examples["month"])
    result = kpi.payroll(frame, teams={"after-sales": 0.15})
    assert result.to_json() == kpi.payroll_json(examples_text)


def test_a_month_column_stands_in_for_month(examples):
    frame = pd.DataFrame(examples["agents"]).assign(month="2012-03")
    assert kpi.payroll(frame).month == "2012-03"
    frame.loc[0, "month"] = "2012-04"
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame)
    assert caught.value.errors[0]["field"] == "month"


def test_pandas_out_keeps_decimals(examples):
    frame = kpi.payroll(examples).to_pandas()
    assert frame["slip.gross"].dtype == object
    assert all(isinstance(v, Decimal) for v in frame["slip.gross"])
    a01 = frame.set_index("id").loc["A01"]
    assert a01["points.total"] == Decimal("142") and a01["slip.gross"] == Decimal("4686.67")
    assert list(frame["id"]) == [r["id"] for r in kpi.payroll(examples)]


def test_pandas_arrow_decimals(examples):
    pytest.importorskip("pyarrow")
    frame = kpi.payroll(examples).to_pandas(money="arrow")
    assert "decimal128(38, 2)" in str(frame["slip.gross"].dtype)
    assert frame["slip.gross"].iloc[0] == Decimal("4686.67")


def test_floats_only_when_asked(examples):
    frame = kpi.payroll(examples).to_pandas(money="float")
    assert frame["slip.gross"].dtype == "float64"
    polars = kpi.payroll(examples).to_polars(money="float")
    assert polars["slip.gross"].dtype == pl.Float64
    with pytest.raises(ValueError):
        kpi.payroll(examples).to_pandas(money="double")


def test_polars_out_is_decimal(examples):
    frame = kpi.payroll(examples).to_polars()
    assert frame["slip.gross"].dtype == pl.Decimal(38, 2)
    assert frame.filter(pl.col("id") == "B05")["slip.base_pay"][0] == Decimal("250.06")
    assert frame.height == 12


def test_rows_and_columns_match_to_dicts(examples):
    result = kpi.payroll(examples)
    rows = result.to_dicts()
    assert list(result.to_pandas().columns) == list(rows[0])
    assert result.to_polars().columns == list(rows[0])
    assert rows[0]["points.total"] == result.results[0]["points"]["total"]


def test_payroll_object(examples):
    result = kpi.payroll(examples)
    assert len(result) == 12 and "A01" in result
    assert [r["id"] for r in result][:2] == ["A01", "A03"]
    assert result.groups[0]["payout"]["gross"] == sum(
        r["slip"]["gross"] for r in result if r["group"] == "after-sales"
    )
    lines = result.explain("A01")
    assert lines and {"rule", "clause", "formula", "result", "zh", "en"} <= set(lines[0])
    with pytest.raises(KeyError):
        result.explain("nobody")
    with pytest.raises(ValueError):
        kpi.payroll(examples, explain=False).explain("A01")
    html = result._repr_html_()
    assert "<table>" in html and "王芳" in html and "4686.67" in html
    assert "12 agents" in repr(result)
    assert kpi.Payroll(result.to_json()) == result


def test_team_dict_forms(examples):
    one = kpi.payroll(examples, teams={"after-sales": "0.15"})
    two = kpi.payroll(examples, teams={"after-sales": {"review_growth": Decimal("0.15")}})
    three = kpi.payroll(examples, teams=[{"group": "after-sales", "review_growth": 0.15}])
    assert one.to_json() == two.to_json() == three.to_json() == kpi.payroll(examples).to_json()
