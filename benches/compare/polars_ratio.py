"""kpi.payroll(polars frame) → to_polars() against the polars float pipeline, on one frame.

The issue's polars row is measured at 200,000 agents, a size at which the harness cannot run
its explained paths (more than `Limits::max_explained_agents`), so this measures that row
alone: both paths warm, alternated six times in one process, sorted times and the ratio of
the medians (float pipeline ÷ kpi: the goal is ≥ 0.5). Its results are checked by the harness
(`compare.py`), not here.

Usage: .venv/bin/python benches/compare/polars_ratio.py BATCH.json   (a kpi-gen batch)
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import compare  # noqa: E402
import kpi  # noqa: E402
import polars as pl  # noqa: E402
import polars_float  # noqa: E402


def timed(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main():
    batch = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    table, teams = compare.frames(batch)
    frame, month = pl.from_arrow(table), batch["month"]
    floats = polars_float.frame(table)
    ours, theirs = [], []
    for _ in range(6):
        ours.append(timed(lambda: kpi.payroll(frame, teams=teams, month=month, explain=False).to_polars()))
        theirs.append(timed(lambda: polars_float.payroll(floats, teams)))
    ours.sort()
    theirs.sort()
    print(f"{len(frame)} agents")
    print("kpi.payroll(polars) → polars, s:", [round(t, 3) for t in ours])
    print("polars float pipeline, s:      ", [round(t, 3) for t in theirs])
    print(f"float ÷ kpi: median {theirs[3] / ours[3]:.2f}, best {theirs[0] / ours[0]:.2f} (goal ≥ 0.50)")


if __name__ == "__main__":
    main()
