"""What a pandas analyst expects (issue 15): problems name the index label they see, an `id`
index is the ids, one problem per unknown column, tiers sort in the policy's order, warnings
are Python warnings; and every refusal of the Python glue is a problem the core words."""

import warnings
from decimal import Decimal

import pytest

import kpi

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

MONTH = "2012-03"


def _agents(n=4):
    return pd.DataFrame(
        {
            "id": [f"A{i:02d}" for i in range(n)],
            "base_salary": [2000] * n,
            "quality": [18, 12, 20, 5][:n],
            "execution": [17, 10, 20, 4][:n],
        }
    )


def test_a_problem_names_the_index_label_the_analyst_sees():
    agents = _agents()
    agents.loc[2, "quality"] = 21
    kept = agents[agents["id"] != "A01"]  # index 0, 2, 3: row 2 is the second row now
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(kept, month=MONTH)
    problem = caught.value.errors[0]
    assert (problem["row"], problem["column"], problem["agent"]) == (2, "quality", "A02")
    assert kept.loc[problem["row"], "id"] == "A02"


def test_an_index_that_is_not_whole_numbers_names_positions():
    agents = _agents().set_index(pd.Index(["w", "x", "y", "z"]))
    agents.loc["y", "quality"] = 21
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(agents, month=MONTH)
    assert caught.value.errors[0]["row"] == 2


def test_an_id_index_is_read_as_the_id():
    indexed = _agents().set_index("id")
    result = kpi.payroll(indexed, month=MONTH)
    assert result["A02"]["points"] == kpi.payroll(_agents(), month=MONTH)["A02"]["points"]
    indexed.loc["A01", "quality"] = 21  # the records path too
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(indexed, month=MONTH)
    assert [(p["agent"], p["field"]) for p in caught.value.errors] == [("A01", "quality")]


def test_a_misspelled_column_is_one_problem_with_a_suggestion():
    agents = _agents(4).rename(columns={"quality": "qualty"})
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(agents, month=MONTH)
    unknown = [p for p in caught.value.errors if p["code"] == "unknown_field"]
    assert len(unknown) == 1
    assert unknown[0]["allowed"] == (
        "the policy's declared inputs (did you mean quality?); the same key in 3 more records"
    )


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_tier_sorts_in_the_policys_order(examples, kind):
    teams = {t["group"]: t["review_growth"] for t in examples["teams"]}
    result = kpi.payroll(pd.DataFrame(examples["agents"]), teams=teams, month=examples["month"])
    order = [t["id"] for t in kpi.Policy.bundled().tiers]
    for money in ("decimal", "float"):
        if kind == "pandas":
            frame = result.to_pandas(money=money)
            assert frame["tier"].cat.ordered and list(frame["tier"].cat.categories) == order
            ranked = frame.sort_values("tier")["tier"].tolist()
        else:
            frame = result.to_polars(money=money)
            assert frame.schema["tier"] == pl.Enum(order)
            ranked = frame.sort("tier")["tier"].to_list()
        assert ranked == sorted(ranked, key=order.index)
        assert set(ranked) <= set(order) and None not in ranked  # no tier lost on the way
    # A pickled result keeps the order.
    import pickle

    again = pickle.loads(pickle.dumps(result))
    assert list(again.to_pandas()["tier"].cat.categories) == order


def test_a_team_for_a_group_with_no_agents_is_a_python_warning():
    batch = {
        "month": MONTH,
        "teams": [{"group": "aftersales", "review_growth": "0.15"}],
        "agents": [{"id": "A01", "base_salary": "2000", "quality": 18}],
    }
    with pytest.warns(kpi.KpiWarning) as caught:
        result = kpi.payroll(batch)
    mine = [w for w in caught if w.category is kpi.KpiWarning]
    assert issubclass(kpi.KpiWarning, UserWarning)
    assert [(w.message.code, w.message.group) for w in mine] == [("team_without_agents", "aftersales")]
    assert mine[0].filename == __file__  # pointed at the caller's line
    assert [w["code"] for w in result.warnings] == ["team_without_agents"]  # and kept
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kpi.payroll({"month": MONTH, "agents": batch["agents"]})  # no warning, none raised


def test_one_agent_comes_back_without_converting_the_rest(examples):
    result = kpi.payroll(examples)
    one = result["A01"]
    assert result._parsed is None  # nothing else was converted
    assert one == next(r for r in result.results if r["id"] == "A01")
    assert result.explain("A01") == one["explanation"]
    assert "A01" in result and "nobody" not in result
    with pytest.raises(KeyError):
        result["nobody"]
    assert (result.month, len(result)) == (examples["month"], len(examples["agents"]))


def _refusal(call):
    with pytest.raises(kpi.KpiError) as caught:
        call()
    return [(p["code"], p["field"], p["value"], p["allowed"]) for p in caught.value.errors]


def test_the_glues_refusals_are_the_cores_problems(examples):
    result = kpi.payroll(examples)
    money = _refusal(lambda: result.to_pandas(money="cents"))
    assert money == [("invalid_option", "money", "cents", "decimal, arrow or float")]
    assert _refusal(lambda: result.to_polars(money="cents")) == money
    policy = _refusal(lambda: kpi.payroll(examples, policy=42))
    assert [p[:3] for p in policy] == [("invalid_value", "policy", "42")]
    assert policy[0][3].startswith("a policy:")
    batch = _refusal(lambda: kpi.compare(42, None, kpi.Policy.bundled()))
    assert batch == [("invalid_value", "(batch)", "42", "a JSON object with month, teams and agents")]
    text = _refusal(lambda: kpi.payroll_json(42))
    assert [p[:3] for p in text] == [("invalid_value", "batch_json", "42")]
    texts = _refusal(lambda: kpi.policy_book([("a.toml", 42)]))
    assert [p[:3] for p in texts] == [("invalid_value", "texts[0]", "42")]


def test_an_explanation_of_a_result_without_them_is_the_cores_problem(examples):
    result = kpi.payroll(examples, explain=False)
    assert _refusal(lambda: result.explain("A01")) == [
        ("invalid_option", "explain", "false",
         "a result computed with explanations (explain=True, the default): run it again")
    ]
