"""Every problem a door finds before the engine, worded once in kpi-core
(test-vectors/door-problems.json, which cargo test and node run too): the same problems,
every field, through the Python door."""

import json

import pytest

import kpi
from conftest import VECTORS

DOC = json.loads((VECTORS / "door-problems.json").read_text(encoding="utf-8"))
CASES = [c for c in DOC["cases"] if "python" in c["doors"]]
BATCH = {"month": "2012-03", "agents": [{"id": "A", "base_salary": "2000"}]}


def native(value):
    """The Python value a vector's value stands for (tags resolved)."""
    if isinstance(value, dict):
        if "$number" in value:
            return float(value["$number"].lower().replace("infinity", "inf"))
        if "$text" in value:
            return b"".join(u.to_bytes(2, "little") for u in value["$text"]).decode("utf-16-le", "surrogatepass")
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def run(case):
    if "batch" in case:
        return kpi.payroll(native(case["batch"]), explain=False)
    if "options" in case:
        options = case["options"]
        return kpi.payroll(BATCH, ties=options.get("ties"), limits=native(options.get("limits")),
                           lang=options.get("lang"), compact=options.get("compact", False))
    if "policy_text" in case:
        return kpi.Policy(case["policy_text"])
    if "months" in case:
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame({"month": case["months"], "id": ["A", "B", "C"], "base_salary": ["2000"] * 3})
        return kpi.payroll(frame)
    return kpi.payroll(BATCH, missing=case["missing"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_python_door_gives_the_cores_problems(case):
    with pytest.raises(kpi.KpiError) as caught:
        run(case)
    assert caught.value.errors == case["expected"]
