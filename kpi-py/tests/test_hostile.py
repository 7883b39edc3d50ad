"""Hostile inputs at the Python door: every one gives a result or a kpi.KpiError, never a
crash, a hang or a PanicException (issue 7). Each test stays well under a second or two."""

import json
import math
import re
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

import kpi

MONTH = "2012-03"


def batch(**fields):
    return {"month": MONTH, "agents": [{"id": "A", "base_salary": "2000", **fields}]}


def refused(call):
    """The KpiError that call raises; anything else (PanicException included) fails."""
    with pytest.raises(kpi.KpiError) as caught:
        call()
    return caught.value


NON_FINITE = [
    math.nan,
    math.inf,
    -math.inf,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
]


@pytest.mark.parametrize("value", NON_FINITE, ids=repr)
@pytest.mark.parametrize("field", ["base_salary", "quality", "typing_speed", "absences", "leave_days"])
def test_nan_and_infinities_are_refused_at_their_field(field, value):
    error = refused(lambda: kpi.payroll(batch(**{field: value})))
    assert [(p["code"], p["agent"], p["field"]) for p in error.errors] == [("invalid_value", "A", field)]


@pytest.mark.parametrize("value", NON_FINITE, ids=repr)
def test_nan_in_a_list_input_is_refused(value):
    error = refused(lambda: kpi.payroll(batch(after_sales_complaints=[5, value])))
    assert error.codes == ["invalid_value"]
    assert error.errors[0]["field"].startswith("after_sales_complaints")


@pytest.mark.parametrize("value", NON_FINITE, ids=repr)
def test_nan_in_a_team_record_names_the_record(value):
    # As the engine names a bad team value (and JS names NaN there): teams[i].input.
    teams = [{"group": "support"}, {"group": "after-sales", "review_growth": value}]
    error = refused(lambda: kpi.payroll({**batch(), "teams": teams}))
    assert [(p["code"], p["agent"], p["field"]) for p in error.errors] == [
        ("invalid_value", None, "teams[1].review_growth")]


def test_nan_in_a_team_row_names_the_record_and_the_column():
    pd = pytest.importorskip("pandas")
    teams = pd.DataFrame([{"group": "after-sales", "review_growth": math.nan}])
    error = refused(lambda: kpi.payroll(batch(), teams=teams))
    problem = error.errors[0]
    assert (problem["field"], problem["row"], problem["column"]) == ("teams[0].review_growth", 0, "review_growth")


def test_nan_in_json_text_is_a_syntax_error():
    error = refused(lambda: kpi.payroll_json(json.dumps(batch(quality=math.nan))))
    assert error.codes == ["invalid_syntax"]


@pytest.mark.parametrize(
    "value",
    [10**30, -(10**30), Decimal("1E+30"), 1e30, "1" + "0" * 30, Decimal("1e-30"), 1e-30],
    ids=repr,
)
def test_ten_to_the_thirtieth_is_out_of_range(value):
    error = refused(lambda: kpi.payroll(batch(base_salary=value)))
    # 1e-30 has more decimals than the 12 allowed; the rest are beyond 10^15.
    assert [(p["code"], p["field"]) for p in error.errors] == [("out_of_range", "base_salary")]


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**5000), 10**50_000 + 7, Decimal("1E+999999"), Decimal("-1E+999999999999"),
     Decimal("1E-999999999999"), Decimal("1234E+20000")],
    ids=lambda v: "huge",
)
def test_numbers_beyond_any_decimal_are_out_of_range_as_their_json_literal_is(value):
    # 10**5000 is past Python's own int-to-text limit (4300 digits); the JSON door reads a
    # 5001-digit literal as out_of_range, echoing its first 200 characters: so does this one.
    error = refused(lambda: kpi.payroll(batch(base_salary=value, quality=value)))
    assert [(p["code"], p["field"]) for p in error.errors] == [("out_of_range", "base_salary"),
                                                                ("out_of_range", "quality")]
    if isinstance(value, int) or abs(value.adjusted()) < 100_000:
        digits = str(value) if isinstance(value, int) and abs(value) < 10**4000 else None
        if digits is None and isinstance(value, int):
            with_limit = __import__("sys").get_int_max_str_digits()
            __import__("sys").set_int_max_str_digits(0)
            try:
                digits = str(value)
            finally:
                __import__("sys").set_int_max_str_digits(with_limit)
        elif digits is None:
            digits = format(value, "f")
        text = '{"month": "2012-03", "agents": [{"id": "A", "base_salary": %s, "quality": %s}]}' % (digits, digits)
        assert error.errors == refused(lambda: kpi.payroll_json(text)).errors
    for problem in error.errors:
        assert len(problem["value"]) == 201 and problem["value"].endswith("…")


def test_the_leading_digits_of_a_huge_int_are_exact():
    value = 7 * 10**9000 + 123456789
    error = refused(lambda: kpi.payroll(batch(base_salary=value)))
    assert error.errors[0]["value"] == "7" + "0" * 199 + "…"
    value = int("9" * 300) * 10**6000
    assert refused(lambda: kpi.payroll(batch(base_salary=value))).errors[0]["value"] == "9" * 200 + "…"


NEGATIVE_ZEROS = [-0.0, Decimal("-0"), Decimal("-0.000"), "-0", "-0.0"]


def _minus_zero_anywhere(doc):
    """Every string of the document that reads as minus zero (`-0`, `-0.00`)."""
    text = json.dumps(doc, ensure_ascii=False)
    return re.findall(r'"-0(?:\.0*)?"|[ (]-0(?:\.0+)?\b', text)


@pytest.mark.parametrize("zero", NEGATIVE_ZEROS, ids=repr)
def test_negative_zero_is_zero(zero):
    fields = dict(base_salary=zero, quality=zero, typing_speed=zero, leave_days=zero, absences=zero)
    teams = [{"group": "after-sales", "review_growth": zero}]
    result = kpi.payroll({**batch(**fields), "teams": teams})
    doc = json.loads(result.to_json())
    assert _minus_zero_anywhere(doc) == []
    slip = doc["results"][0]["slip"]
    assert slip["base_pay"] == "0.00" and slip["fines"] == "0.00"
    assert doc["results"][0]["points"]["quality"] == "0"
    # Numbers equal to a plain zero give a result equal to plain zero's, explanations aside.
    plain = json.loads(kpi.payroll({**batch(**{k: 0 for k in fields}), "teams": [
        {"group": "after-sales", "review_growth": 0}]}, explain=False).to_json())
    terse = json.loads(kpi.payroll({**batch(**fields), "teams": teams}, explain=False).to_json())
    assert terse == plain


def test_a_100_mb_string_is_refused_with_a_bounded_echo():
    huge = "x" * 100_000_000
    error = refused(lambda: kpi.payroll({"month": MONTH, "agents": [{"id": huge, "base_salary": 1}]}))
    assert error.codes == ["too_large"]
    problem = error.errors[0]
    assert problem["field"] == "id"
    assert len(problem["agent"]) <= 201 and len(problem["value"]) <= 201
    assert len(error.json) < 10_000 and len(str(error)) < 10_000
    # The same string as a name, through the JSON door.
    text = '{"month": "2012-03", "agents": [{"id": "A", "base_salary": 1, "name": "%s"}]}' % huge
    del huge
    error = refused(lambda: kpi.payroll_json(text))
    assert [(p["code"], p["field"]) for p in error.errors] == [("too_large", "name")]


def _in_child(code):
    """Runs code in a fresh interpreter: a crash there is a test failure, not a dead pytest."""
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, f"exit {child.returncode}: {child.stderr[-2000:]}"
    return child.stdout.strip()


def test_deeply_nested_json_is_a_problem_not_a_crash():
    out = _in_child(
        """
        import json, kpi
        deep = "[" * 100_000 + "]" * 100_000
        texts = [deep, '{"month": "2012-03", "agents": [{"id": "A", "base_salary": 1, "quality": %s}]}' % deep,
                 '{"month": "2012-03", "agents": [], "teams": [{"group": "g", "review_growth": %s}]}' % deep,
                 "{" * 100_000]
        codes = []
        for text in texts:
            try:
                kpi.payroll_json(text)
            except kpi.KpiError as error:
                codes.append(error.codes)
        print(json.dumps(codes))
        """
    )
    codes = json.loads(out)
    assert len(codes) == 4 and all(len(c) == 1 for c in codes), codes


def test_deeply_nested_python_values_are_problems_not_a_crash():
    # The JSON door refuses a list inside a list where it stands, never following it: the
    # same value as Python lists, dicts or tuples gives the very same problems.
    out = _in_child(
        """
        import json, kpi
        same = []
        for wrap, opening, closing in ((lambda x: [x], "[", "]"), (lambda x: {"k": x}, '{"k": ', "}"),
                                       (lambda x: (x,), "[", "]")):
            value = 1
            for _ in range(100_000):
                value = wrap(value)
            text = opening * 100_000 + "1" + closing * 100_000
            for field in ("quality", "roles", "after_sales_complaints", "id", "month"):
                agent = {"id": "A", "base_salary": 1, field: value}
                doc = {"month": value} if field == "month" else {"month": "2012-03"}
                try:
                    kpi.payroll({**doc, "agents": [{"id": "A", "base_salary": 1} if field == "month" else agent]})
                except kpi.KpiError as error:
                    agent_text = '{"id": "A", "base_salary": 1%s}' % ("" if field in ("id", "month") else ', "%s": %s' % (field, text))
                    if field == "id":
                        agent_text = '{"id": %s, "base_salary": 1}' % text
                    month = text if field == "month" else '"2012-03"'
                    try:
                        kpi.payroll_json('{"month": %s, "agents": [%s]}' % (month, agent_text))
                    except kpi.KpiError as json_error:
                        same.append([error.codes[0], error.errors == json_error.errors])
        print(json.dumps(same))
        """
    )
    assert json.loads(out) == [["invalid_value", True]] * 15, out


def test_a_sheet_with_a_million_empty_columns(tmp_path):
    commas = "," * 1_000_000
    path = tmp_path / "2012-03.csv"
    path.write_text(f"id,base_salary{commas}\nA,2000{commas}\n", encoding="utf-8")
    try:
        result = kpi.payroll(path, explain=False)
    except kpi.KpiError as error:  # refusing the sheet is fine; crashing or hanging is not
        assert error.errors
    else:
        assert result["A"]["slip"]["gross"] == Decimal("3120.00")


WEIRD = [
    None, True, False, object(), b"12", bytearray(b"12"), complex(1, 2), {"a": 1}, set(), (),
    5e-324, 1.7976931348623157e308, -1e-320, "１２", "1e5", " 12 ", "0x10", "١٢", "\u0000",
    "\ud800", "", "-", ".", "1.", ".5", "+1", "1_000", "١", "NaN", "inf", 2**64, -(2**63) - 1,
]


@pytest.mark.parametrize("field", ["month", "id", "name", "group", "roles", "base_salary",
                                   "quality", "absences", "after_sales_complaints"])
def test_any_value_anywhere_is_a_result_or_a_kpi_error(field):
    for value in WEIRD:
        doc = batch()
        if field == "month":
            doc["month"] = value
        else:
            doc["agents"][0][field] = value
        try:
            kpi.payroll(doc, explain=False)
        except kpi.KpiError as error:
            assert error.errors, (field, value)
        # any other exception, PanicException included, fails the test


def test_hostile_policy_text_is_a_policy_error():
    for text in ["", "{" * 100_000, "[" * 100_000, "a = " + "[" * 10_000, "x" * 10_000_000,
                 '{"id": NaN}', "id = 1e400", "\x00"]:
        error = refused(lambda: kpi.Policy.parse(text))
        assert error.stage == "policy" and error.errors, text[:20]


LONE = '{"month": "2012-03",\n "agents": [{"id": "\ud800", "base_salary": 1}]}'


@pytest.mark.parametrize(
    "call, stage",
    [(kpi.Policy.parse, "policy"), (kpi.Policy, "policy"), (kpi.Policy.from_json, "policy"),
     (kpi.Policy.from_toml, "policy"), (lambda t: kpi.payroll_json("{}", policy=t), "policy"),
     (kpi.payroll_json, "batch"), (kpi.payroll, "batch")],
    ids=["Policy.parse", "Policy", "Policy.from_json", "Policy.from_toml", "payroll_json policy",
         "payroll_json", "payroll"],
)
def test_a_lone_surrogate_in_text_arguments_is_a_kpi_error(call, stage):
    error = refused(lambda: call(LONE))
    assert error.stage == stage
    assert error.errors == [{
        "code": "invalid_value", "agent": None, "field": f"({stage})", "value": ' "agents": [{"id": "\\ud800", "base_salary": 1}',
        "allowed": "valid Unicode text (no lone surrogates)", "row": 2, "column": 21, "sheet": None}]


def test_a_lone_surrogate_in_a_word_argument_is_refused_by_name():
    error = refused(lambda: kpi.payroll(batch(), ties="dense\udc00"))
    assert [(p["code"], p["field"], p["value"]) for p in error.errors] == [("invalid_option", "ties", "dense\\udc00")]


# kpi-sheets streams XLSX cells into a sparse grid: one cell at XFD1048576 (which once made
# calamine's dense range ask for ~550 GB) is refused as too_large (fuzz/regressions/sheet_xlsx).
def test_a_workbook_with_its_farthest_cell_filled_is_not_a_crash(tmp_path):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    sheet = tmp_path / "2012-03.xlsx"
    sheet.write_bytes((repo / "fuzz" / "regressions" / "sheet_xlsx" / "farthest-cell.xlsx").read_bytes())
    out = _in_child(
        f"""
        import kpi
        try:
            kpi.payroll({str(sheet)!r}, explain=False)
            print("result")
        except kpi.KpiError as error:
            print(error.codes[0])
        """
    )
    assert out in {"result", "too_large", "invalid_value"}, out
