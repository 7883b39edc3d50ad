"""Every documented limit crossed by one and met exactly, through the Python door: each case of
test-vectors/limits.json gives, from a dict, from JSON text and from pandas and polars
DataFrames, the very problems (code, agent, field, value, allowed) that cargo test and node
check, or a result with as many agents.

Cases that lower a limit pass it as ``limits=`` (one case too slow for a binding suite is
skipped with the reason the file gives); 10,000,001 agent-months (the default max_agents) is too
large a batch for a test, so max_agents is crossed lowered to 3."""

import json

import pytest

import kpi
from conftest import VECTORS

DOC = json.loads((VECTORS / "limits.json").read_text(encoding="utf-8"))


def expand(value, number=None):
    """The file's notation: {repeat, times[, then]} is a text, {fill, times} a list whose texts
    have "{i}" replaced by the entry's number (from 1)."""
    if isinstance(value, str):
        return value if number is None else value.replace("{i}", str(number))
    if isinstance(value, list):
        return [expand(v, number) for v in value]
    if isinstance(value, dict):
        keys = sorted(value)
        if keys in (["repeat", "times"], ["repeat", "then", "times"]):
            return value["repeat"] * value["times"] + value.get("then", "")
        if keys == ["fill", "times"]:
            return [expand(value["fill"], i) for i in range(1, value["times"] + 1)]
        return {k: expand(v, number) for k, v in value.items()}
    return value


def outcome(call):
    """The problems in full, or the number of results."""
    try:
        result = call()
    except kpi.KpiError as error:
        assert error.stage == "batch"
        assert type(error) is kpi.BatchError
        return {"errors": [{k: p[k] for k in ("code", "agent", "field", "value", "allowed")} for p in error.errors]}
    return {"results": len(result)}


def case_param(case):
    marks = [pytest.mark.skip(reason=case["skip_bindings"])] if "skip_bindings" in case else []
    return pytest.param(case, id=case["name"], marks=marks)


CASES = [case_param(c) for c in DOC["cases"]]


@pytest.mark.parametrize("case", CASES)
def test_the_dict_door(case):
    batch = expand(case["batch"])
    explain = case.get("explain", True)
    limits = case.get("limits")
    assert outcome(lambda: kpi.payroll(batch, explain=explain, limits=limits)) == expand(case["expected"])


@pytest.mark.parametrize("case", CASES)
def test_the_json_door(case):
    text = json.dumps(expand(case["batch"]), ensure_ascii=False)
    explain = case.get("explain", True)
    limits = case.get("limits")
    got = outcome(lambda: kpi.Payroll(kpi.payroll_json(text, explain=explain, limits=limits)))
    assert got == expand(case["expected"])


def frame(library, agents):
    if library == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(agents)
    pl = pytest.importorskip("polars")
    return pl.DataFrame(agents, strict=False)


def gaps(agents):
    """What the frame door must make of the gaps a frame fills in (NaN in pandas, null in
    polars) where the agents have different fields: a missing cell is refused unless
    ``missing="zero"``, which reads it as the field left out, as the JSON door does."""
    return "zero" if len({tuple(sorted(a)) for a in agents}) > 1 else "refuse"


@pytest.mark.parametrize("library", ["pandas", "polars"])
@pytest.mark.parametrize("case", CASES)
def test_the_frame_doors(case, library):
    # DataFrames are checked column by column (kpi-py's own reader): the same problems.
    batch = expand(case["batch"])
    agents = frame(library, batch["agents"])
    explain = case.get("explain", True)
    limits = case.get("limits")
    missing = gaps(batch["agents"])
    got = outcome(lambda: kpi.payroll(agents, month=batch["month"], teams=batch.get("teams"), explain=explain,
                                      limits=limits, missing=missing))
    assert got == expand(case["expected"])


def test_every_limit_is_crossed_and_met_from_python():
    reachable = [c for c in DOC["cases"] if "skip_bindings" not in c]
    for limit in DOC["defaults"]:
        ways = {"errors" in c["expected"] for c in reachable if c["limit"] == limit}
        assert ways == {True, False}, limit


def test_limits_are_named_and_whole_numbers():
    batch = {"month": "2012-03", "agents": [{"id": "A", "base_salary": "2000"}]}
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll(batch, limits={"max_agent": 3, "max_list_len": -1, "max_text_len": 2.5,
                                   "max_explained_agents": True})
    assert [(p["code"], p["field"], p["value"]) for p in caught.value.errors] == [
        ("invalid_option", "limits.max_agent", "3"),
        ("invalid_option", "limits.max_list_len", "-1"),
        ("invalid_option", "limits.max_text_len", "2.5"),
        ("invalid_option", "limits.max_explained_agents", "True"),
    ]
    with pytest.raises(kpi.BatchError) as caught:
        kpi.payroll_json(json.dumps(batch), limits=[("max_agents", 3)])
    assert caught.value.errors[0]["field"] == "limits"
    assert len(kpi.payroll(batch, limits={"max_explained_agents": 1})) == 1
