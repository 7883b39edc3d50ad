"""The column-wise door: DataFrames read from their Arrow buffers give the bytes of the JSON
path, whatever the column types; anything refused falls back to the records path and its
problems name row and column."""

import json
from decimal import Decimal

import pytest

import kpi

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

DECIMALS = ("base_salary", "quality", "execution", "typing_speed", "leave_days")


def _teams(examples):
    return {t["group"]: t["review_growth"] for t in examples["teams"]}


def _typed(examples, kind):
    rows = []
    for agent in examples["agents"]:
        row = {k: v for k, v in agent.items()}
        for key in DECIMALS:
            if key in row:
                row[key] = {"decimal": Decimal, "float": float}[kind](row[key])
        rows.append(row)
    return rows


@pytest.mark.parametrize("kind", ["decimal", "float"])
def test_pandas_typed_columns_take_the_column_path(examples, examples_text, kind):
    frame = pd.DataFrame(_typed(examples, kind))
    result = kpi.payroll(frame, teams=_teams(examples), month=examples["month"])
    assert result._native is not None
    assert result.to_json() == kpi.payroll_json(examples_text)


def test_polars_decimal_columns(examples, examples_text):
    frame = pl.DataFrame(_typed(examples, "decimal"), infer_schema_length=None)
    assert frame.schema["base_salary"].is_decimal()
    result = kpi.payroll(frame.lazy(), teams=pl.DataFrame(examples["teams"]), month="2012-03")
    assert result._native is not None
    assert result.to_json() == kpi.payroll_json(examples_text)


def test_arrow_out_is_exact_and_arrow_backed(examples):
    result = kpi.payroll(pd.DataFrame(examples["agents"]), teams=_teams(examples), month="2012-03")
    table = result.to_arrow()
    assert table.schema.field("slip.gross").type == pa.decimal128(38, 2)
    tiers = [t["id"] for t in kpi.Policy.bundled().tiers]
    legacy = kpi.Payroll(result.to_json(), tiers=tiers)
    assert table.to_pylist() == legacy.to_arrow().to_pylist()
    frame = result.to_pandas(money="arrow")
    tier_columns = {"tier", "next_tier"}
    assert all(isinstance(frame[n].dtype, pd.ArrowDtype) for n in frame.columns if n not in tier_columns)
    assert all(frame[n].cat.ordered and list(frame[n].cat.categories) == tiers for n in tier_columns)
    objects, old = result.to_pandas(), legacy.to_pandas()
    assert list(objects.columns) == list(old.columns)
    for name in ("id", "rank", "tier", "points.total", "slip.gross", "perks"):
        assert objects[name].tolist() == old[name].tolist()  # Decimals equal in value
    assert result.to_polars().equals(legacy.to_polars())


def test_refused_values_fall_back_and_name_row_and_column(examples):
    frame = pl.DataFrame(_typed(examples, "float")).with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(float("nan")).otherwise(pl.col("quality")).alias("quality")
    )
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month="2012-03")
    problem = caught.value.errors[0]
    assert (problem["row"], problem["column"], problem["field"]) == (2, "quality", "quality")


def test_out_of_range_falls_back_with_the_same_problems(examples):
    frame = pd.DataFrame(examples["agents"])
    frame.loc[1, "quality"] = "21"
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month="2012-03")
    assert caught.value.errors[0]["code"] == "out_of_range"
    assert caught.value.errors[0]["row"] == 1


def test_a_month_column_on_the_column_path(examples):
    frame = pl.DataFrame(examples["agents"]).with_columns(month=pl.lit("2012-03"))
    result = kpi.payroll(frame, teams=_teams(examples))
    assert result._native is not None and result.month == "2012-03"
    assert len(result) == len(examples["agents"])
    mixed = frame.with_columns(month=pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("2012-04")).otherwise(pl.col("month")))
    with pytest.raises(kpi.BatchError):
        kpi.payroll(mixed)
