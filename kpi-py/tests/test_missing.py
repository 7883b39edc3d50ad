"""A missing value is never a zero (issue 13): in every DataFrame door — pandas with NumPy,
nullable or Arrow dtypes, polars; the agents and the teams — a missing cell (NaN, None,
pd.NA, NaT, a pyarrow or polars null) is refused with its row and column, unless the caller
passes ``missing="zero"``. JSON's ``null`` (dicts, lists of dicts, JSON text) keeps its
meaning: a value left out."""

import math

import pytest

import kpi

pd = pytest.importorskip("pandas")

MONTH = "2012-03"
IDS = ["M01", "M02", "M03"]


def _columns():
    """Three agents, every cell filled; row 1 (M02) is where a cell goes missing."""
    return {
        "id": IDS,
        "name": ["Li", "Wu", "Xu"],
        "base_salary": [2000, 1800, 1900],
        "quality": [18, 16, 15],
        "execution": [17.5, 16.0, 15.5],
        "typing_speed": [72, 65, 80],
        "absences": [0, 1, 0],
    }


def _pandas(column, values, dtype=None):
    data = _columns()
    frame = pd.DataFrame(data)
    frame[column] = pd.Series(values, dtype=dtype)
    return frame


def _polars(column, values):
    pl = pytest.importorskip("polars")
    data = _columns()
    data[column] = values
    return pl.DataFrame(data, strict=False)


def _arrow(dtype):
    pa = pytest.importorskip("pyarrow")
    return pd.ArrowDtype(getattr(pa, dtype)())


# (case, frame with row 1's cell missing, the column, the same frame with that cell filled
# as an empty sheet cell reads: zero for a number, "" for a name).
CASES = {
    "NaN float64": lambda: (_pandas("quality", [18.0, math.nan, 15.0]), "quality", 0),
    "None object": lambda: (_pandas("quality", [18, None, 15], dtype=object), "quality", 0),
    "pd.NA Int64": lambda: (_pandas("quality", [18, pd.NA, 15], dtype="Int64"), "quality", 0),
    "pd.NA Float64": lambda: (
        _pandas("execution", [17.5, pd.NA, 15.5], dtype="Float64"),
        "execution",
        0,
    ),
    "pd.NA string": lambda: (_pandas("name", ["Li", pd.NA, "Xu"], dtype="string"), "name", ""),
    "None object name": lambda: (_pandas("name", ["Li", None, "Xu"], dtype=object), "name", ""),
    "NaT object": lambda: (_pandas("quality", [18, pd.NaT, 15], dtype=object), "quality", 0),
    "pyarrow int64 null": lambda: (
        _pandas("quality", [18, None, 15], dtype=_arrow("int64")),
        "quality",
        0,
    ),
    "pyarrow string null": lambda: (
        _pandas("name", ["Li", None, "Xu"], dtype=_arrow("string")),
        "name",
        "",
    ),
    "polars null int": lambda: (_polars("quality", [18, None, 15]), "quality", 0),
    "polars null float": lambda: (_polars("execution", [17.5, None, 15.5]), "execution", 0),
    "polars NaN": lambda: (_polars("execution", [17.5, math.nan, 15.5]), "execution", 0),
    "polars null string": lambda: (_polars("name", ["Li", None, "Xu"]), "name", ""),
    "polars lazy null": lambda: (_polars("quality", [18, None, 15]).lazy(), "quality", 0),
}


def _filled(column, value):
    data = _columns()
    data[column] = [data[column][0], value, data[column][2]]
    return pd.DataFrame(data)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_missing_cell_is_refused_with_its_row_and_column(case):
    frame, column, _ = CASES[case]()
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month=MONTH)
    problems = [p for p in caught.value.errors if (p["row"], p["column"]) == (1, column)]
    assert problems, caught.value.errors
    (problem,) = problems
    assert problem["code"] == "invalid_value"
    assert problem["agent"] == "M02" and problem["field"] == column
    assert "missing" in problem["allowed"] and 'missing="zero"' in problem["allowed"]
    # Only that cell: no other problem (a refused id or name is not reported twice).
    assert len(caught.value.errors) == 1, caught.value.errors


@pytest.mark.parametrize("case", sorted(CASES))
def test_missing_zero_reads_a_missing_cell_as_an_empty_one(case):
    frame, column, empty = CASES[case]()
    result = kpi.payroll(frame, month=MONTH, missing="zero")
    expected = kpi.payroll(_filled(column, empty), month=MONTH)
    assert result.to_json() == expected.to_json()


def test_a_missing_id_is_refused_once_not_twice():
    frame = _pandas("id", ["M01", None, "M03"], dtype=object)
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month=MONTH)
    (problem,) = caught.value.errors
    assert (problem["code"], problem["row"], problem["column"]) == ("invalid_value", 1, "id")


def test_every_missing_cell_is_listed_at_once_with_the_other_problems():
    frame = _pandas("quality", [21, None, math.nan], dtype=object)
    frame["typing_speed"] = pd.Series([72, pd.NA, 80], dtype="Int64")
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month=MONTH)
    places = sorted((p["row"], p["column"], p["code"]) for p in caught.value.errors)
    assert places == [
        (0, "quality", "out_of_range"),
        (1, "quality", "invalid_value"),
        (1, "typing_speed", "invalid_value"),
        (2, "quality", "invalid_value"),
    ]


def test_a_missing_entry_of_a_roles_list_is_refused():
    frame = _pandas("roles", [["review_team"], [None], []], dtype=object)
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month=MONTH)
    assert [(p["row"], p["column"]) for p in caught.value.errors] == [(1, "roles")]


def test_infinity_is_refused_even_with_missing_zero():
    frame = _pandas("quality", [18.0, math.inf, 15.0])
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(frame, month=MONTH, missing="zero")
    (problem,) = caught.value.errors
    assert problem["value"] == "Infinity" and "finite" in problem["allowed"]


def _team_frame(kind):
    if kind == "polars null":
        pl = pytest.importorskip("polars")
        schema = {"group": pl.Utf8, "review_growth": pl.Float64}
        return pl.DataFrame({"group": ["after-sales"], "review_growth": [None]}, schema=schema)
    growth = pd.Series([None], dtype=object) if kind == "pandas None" else pd.Series([math.nan])
    return pd.DataFrame({"group": ["after-sales"], "review_growth": growth})


@pytest.mark.parametrize("kind", ["pandas None", "pandas NaN", "polars null"])
def test_a_missing_cell_of_a_team_frame_is_refused_too(kind):
    teams = _team_frame(kind)
    agents = pd.DataFrame(_columns())
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(agents, month=MONTH, teams=teams)
    (problem,) = caught.value.errors
    assert (problem["row"], problem["column"], problem["code"]) == (0, "review_growth", "invalid_value")
    # With missing="zero", as a team record without the input (rules on it do not fire).
    result = kpi.payroll(agents, month=MONTH, teams=teams, missing="zero")
    assert result.to_json() == kpi.payroll(agents, month=MONTH).to_json()


def test_a_column_left_out_is_an_input_not_given():
    # Leaving a column out is a choice about every row, as in JSON: the input is zero.
    data = _columns()
    del data["absences"]
    zeros = dict(_columns(), absences=[0, 0, 0])
    result = kpi.payroll(pd.DataFrame(data), month=MONTH)
    assert result.to_json() == kpi.payroll(pd.DataFrame(zeros), month=MONTH).to_json()


def test_json_null_keeps_its_meaning_outside_dataframes(examples):
    # A dict, a list of dicts and JSON text: None / null is a value left out, as contract.md says.
    agent = {"id": "A01", "base_salary": "2000", "quality": 18}
    with_null = dict(agent, execution=None)
    batch = {"month": MONTH, "agents": [with_null]}
    left_out = kpi.payroll({"month": MONTH, "agents": [agent]}).to_json()
    assert kpi.payroll(batch).to_json() == left_out
    assert kpi.payroll([with_null], month=MONTH).to_json() == left_out
    text = '{"month": "2012-03", "agents": [{"id": "A01", "base_salary": "2000", "quality": 18, "execution": null}]}'
    assert kpi.payroll_json(text) == kpi.payroll_json('{"month": "2012-03", "agents": [{"id": "A01", "base_salary": "2000", "quality": 18}]}')


def test_an_unknown_missing_option_is_an_invalid_option():
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(pd.DataFrame(_columns()), month=MONTH, missing="skip")
    (problem,) = caught.value.errors
    assert (problem["code"], problem["field"], problem["value"]) == ("invalid_option", "missing", "skip")


def test_clean_frames_and_missing_zero_keep_the_column_path():
    pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    assert kpi.payroll(pl.DataFrame(_columns()), month=MONTH)._native is not None
    frame, _, _ = CASES["polars null int"]()
    assert kpi.payroll(frame, month=MONTH, missing="zero")._native is not None
