"""The comparison harness (issue 6): one generated batch through every path, in one run.

    python compare.py BATCH.json --bin DIR --wasm PKG [--runs 3] [--sample N] [--check-only]

Paths: kpi native (`kpi-native`: `payroll_json`, and the typed `payroll`), kpi from Python
(`kpi.payroll_json`; `kpi.payroll` on a pandas DataFrame with Arrow columns to one, on a polars
one to polars, and on `decimal.Decimal` objects to Decimal objects), kpi as WebAssembly in
Node (`payrollJson`), a naive pure-Python payroll (naive.py), and ZEN (`zen-engine`, when
importable) evaluating the per-agent rules of zen-kpi-2012.jdm.json with
`ZenEngine(loader).evaluate(key, ctx)`. Explanations are off on every kpi path.

Prints agents/s (median of the runs) and the ratio to kpi native `payroll_json` measured in
the same run; checks that every path agrees: the JSON paths byte for byte with native, every
path's points total per agent (and gross where it computes it) with native's typed result.
Exit status 1 if any check fails. `--check-only` runs each path once (CI).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import naive  # noqa: E402

ZEN_GRAPH = ROOT.parent / "shared" / "bench" / "zen-kpi-2012.jdm.json"
DECIMALS = {"base_salary": 2, "quality": 1, "execution": 1, "typing_speed": 0, "leave_days": 1}
INTS = ("absences", "customer_complaints", "browsing_violations", "missed_topups",
        "praise_calls", "review_mentions", "outstanding_award")

Totals = Dict[str, Tuple[Decimal, Optional[Decimal]]]


class Row:
    def __init__(self, name: str, agents: int, seconds: List[float], note: str = ""):
        self.name, self.agents, self.seconds, self.note = name, agents, seconds, note
        self.check = "—"

    @property
    def rate(self) -> float:
        return self.agents / statistics.median(self.seconds)


def timed(runs: int, work: Callable[[], object]) -> Tuple[List[float], object]:
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def frames(batch: dict):
    """The batch's agents as a pyarrow Table of typed columns (decimal128 money and scores,
    int64 counts, list columns), and its teams; built before any clock starts."""
    import pyarrow as pa

    agents = batch["agents"]
    cols = {"id": pa.array([a["id"] for a in agents], pa.large_string()),
            "name": pa.array([a.get("name", "") for a in agents], pa.large_string()),
            "group": pa.array([a.get("group") for a in agents], pa.large_string()),
            "roles": pa.array([a.get("roles", []) for a in agents], pa.large_list(pa.large_string()))}
    for key, scale in DECIMALS.items():
        text = pa.array([str(a.get(key, 0)) for a in agents], pa.string())
        cols[key] = text.cast(pa.decimal128(12, scale))
    for key in INTS:
        cols[key] = pa.array([int(a.get(key, 0)) for a in agents], pa.int64())
    cols["after_sales_complaints"] = pa.array(
        [[int(p) for p in a.get("after_sales_complaints", [])] for a in agents], pa.large_list(pa.int64()))
    teams = {t["group"]: t["review_growth"] for t in batch.get("teams", [])}
    return pa.table(cols), teams


def totals_of_table(table) -> Totals:
    ids = table.column("id").to_pylist()
    total = table.column("points.total").to_pylist()
    gross = table.column("slip.gross").to_pylist()
    return {i: (t.normalize(), g) for i, t, g in zip(ids, total, gross)}


def zen_totals(batch: dict, runs: int, sample: int) -> Optional[Tuple[List[float], Totals]]:
    try:
        import zen
    except ImportError:
        return None
    if not ZEN_GRAPH.is_file():  # the decision graph lives in ../shared beside the repository
        return None
    graph = ZEN_GRAPH.read_text(encoding="utf-8")
    engine = zen.ZenEngine({"loader": lambda key: graph})
    growth = {t["group"]: t["review_growth"] for t in batch.get("teams", [])}
    defaults = {k: 0 for k in INTS} | {k: "0" for k in DECIMALS} | {"after_sales_complaints": [], "roles": []}
    contexts = [(a["id"], defaults | a | {"review_growth": growth.get(a.get("group"))})
                for a in batch["agents"][:sample]]

    def run():
        return {i: engine.evaluate("kpi", ctx)["result"]["total"] for i, ctx in contexts}

    seconds, result = timed(runs, run)
    return seconds, {i: (Decimal(repr(t)).normalize(), None) for i, t in result.items()}


def agree(name: str, got: Totals, want: Totals) -> List[str]:
    """Differences of points total (and gross, where the path has it) from native's."""
    bad = []
    if len(got) > len(want) or any(i not in want for i in got):
        return [f"{name}: agents differ from native's"]
    for i, (total, gross) in got.items():
        wt, wg = want[i]
        if Decimal(total) != wt or (gross is not None and Decimal(gross) != wg):
            bad.append(f"{name}: agent {i}: total {total}, gross {gross}; native {wt}, {wg}")
    return bad[:5]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("batch")
    ap.add_argument("--bin", required=True, help="folder with the release kpi-native")
    ap.add_argument("--wasm", help="kpi-wasm's node package folder (pkg/node)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sample", type=int, default=0, help="agents for naive and ZEN (0: all)")
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    runs = 1 if args.check_only else max(1, args.runs)

    text = Path(args.batch).read_text(encoding="utf-8")
    batch = json.loads(text)
    n = len(batch["agents"])
    sample = min(n, args.sample or n)
    rows: List[Row] = []
    problems: List[str] = []
    work = Path(tempfile.mkdtemp(prefix="kpi-compare-"))

    # kpi native, in its own process (release build).
    out = subprocess.run([str(Path(args.bin) / "kpi-native"), args.batch, str(runs),
                          "--totals", str(work / "totals.tsv"), "--json", str(work / "native.json")],
                         check=True, capture_output=True, text=True).stdout
    native_times = json.loads(out)
    native = Row("kpi native: payroll_json (text → text)", n, native_times["payroll_json"])
    rows += [native, Row("kpi native: payroll (typed Batch → Payroll)", n, native_times["typed"])]
    explained = Row("kpi native: payroll_json, explained (default document)", n, native_times["explained"])
    lean = Row("kpi native: payroll_json, explained, compact, English", n,
               native_times["explained_compact_en"])
    explained.check = lean.check = "(same process)"
    rows += [explained, lean]
    want: Totals = {}
    for line in (work / "totals.tsv").read_text(encoding="utf-8").splitlines():
        i, t, g = line.split("\t")
        want[i] = (Decimal(t), Decimal(g))
    native_sha = sha((work / "native.json").read_bytes())
    native.check = rows[1].check = "reference"

    import kpi

    seconds, doc = timed(runs, lambda: kpi.payroll_json(text, explain=False))
    row = Row("kpi Python: kpi.payroll_json", n, seconds)
    row.check = "same bytes" if sha(doc.encode()) == native_sha else "DIFFERENT BYTES"
    rows.append(row)
    del doc

    try:
        import pandas as pd
        import polars as pl

        table, teams = frames(batch)
        by_arrow = table.to_pandas(types_mapper=pd.ArrowDtype)
        by_polars = pl.from_arrow(table)
        by_objects = table.to_pandas()  # Decimal objects, lists as arrays: what pandas users hold
        month = batch["month"]
        paths = (
            ("kpi Python: payroll(pandas, Arrow columns) → pandas, Arrow",
             lambda: kpi.payroll(by_arrow, teams=teams, month=month, explain=False).to_pandas(money="arrow")),
            ("kpi Python: payroll(polars) → polars",
             lambda: kpi.payroll(by_polars, teams=teams, month=month, explain=False).to_polars()),
            ("kpi Python: payroll(pandas, Decimal objects) → Decimal objects",
             lambda: kpi.payroll(by_objects, teams=teams, month=month, explain=False).to_pandas()),
        )
        for name, path in paths:
            seconds, result = timed(runs, path)
            import pyarrow as pa

            arrow = (result.to_arrow() if isinstance(result, pl.DataFrame)
                     else pa.Table.from_pandas(result[["id", "points.total", "slip.gross"]], preserve_index=False))
            row = Row(name, n, seconds)
            bad = agree(name, totals_of_table(arrow), want)
            row.check = "totals, gross" if not bad and len(arrow) == n else "DIFFERENT"
            problems += bad
            rows.append(row)
            del result, arrow
        # The same rules as a polars pipeline in binary floats: fast, not exact. Its
        # disagreements with kpi are counted and shown, never hidden, and do not fail the run.
        import polars_float

        floats = polars_float.frame(table)
        seconds, result = timed(runs, lambda: polars_float.payroll(floats, teams))
        row = Row("polars float pipeline (same rules, binary floats)", n, seconds)
        off = sum(1 for i, _, g in result.iter_rows() if i not in want or Decimal(f"{g:.2f}") != want[i][1])
        row.check = f"gross off on {off} of {n} slips ({100 * off / n:.2f} %)"
        rows.append(row)
        del by_arrow, by_polars, by_objects, table, floats, result
    except ImportError as missing:
        print(f"(DataFrame paths skipped: {missing})")

    if args.wasm:
        out = subprocess.run(["node", str(HERE / "wasm.js"), args.wasm, args.batch, str(runs + 1),
                              str(work / "wasm.json")], check=True, capture_output=True, text=True).stdout
        answer = json.loads(out)
        if "error" in answer:
            print(f"(WebAssembly refused the batch: {answer['error'][:300]})")
        else:
            seconds = answer["payroll_json"][1:] or answer["payroll_json"]
            via = answer.get("via", "payrollJson")  # payrollJsonBytes past V8's string limit
            row = Row(f"kpi WebAssembly (Node): {via}", n, seconds, "first call (compile) dropped")
            row.check = "same bytes" if sha((work / "wasm.json").read_bytes()) == native_sha else "DIFFERENT BYTES"
            rows.append(row)

    part = {"month": batch["month"], "teams": batch.get("teams", []), "agents": batch["agents"][:sample]}
    if sample < n:  # a sample must keep whole groups: the ladder ranks within a group
        last = part["agents"][-1].get("group")
        part["agents"] = [a for a in part["agents"] if a.get("group") != last] or part["agents"]
    seconds, result = timed(runs, lambda: naive.payroll(part))
    row = Row("naive pure Python (whole payroll, Decimal)", len(part["agents"]), seconds)
    bad = agree(row.name, result, want) if sample == n else agree(row.name, result, {
        i: v for i, v in want.items() if i in result})
    row.check = "totals, gross" if not bad else "DIFFERENT"
    problems += bad
    rows.append(row)

    zen_run = zen_totals(batch, runs, sample)
    if zen_run is None:
        print(f"(ZEN skipped: zen-engine is not importable, or {ZEN_GRAPH} is missing)")
    else:
        seconds, result = zen_run
        row = Row("ZEN 2.1.3: ZenEngine.evaluate per agent (no ranking)", len(result), seconds)
        bad = agree(row.name, result, want)
        row.check = "totals" if not bad else "DIFFERENT"
        problems += bad
        rows.append(row)

    base = native.rate
    print(f"\n{n} agents (batch {Path(args.batch).name}), median of {runs} run(s) each; "
          f"ratio = agents/s ÷ kpi native payroll_json's, measured in this run\n")
    print(f"{'path':<66} {'agents/s':>12} {'µs/agent':>9} {'ratio':>8}  check")
    for r in rows:
        print(f"{r.name:<66} {r.rate:>12,.0f} {1e6 / r.rate:>9.2f} {r.rate / base:>7.2f}×  {r.check}"
              + (f"  ({r.note})" if r.note else ""))
    print("\nthe issue's ratios, this run:")
    by_name = {r.name: r for r in rows}
    naive_row = next((r for r in rows if r.name.startswith("naive")), None)
    zen_row = next((r for r in rows if r.name.startswith("ZEN")), None)
    wasm_row = by_name.get("kpi WebAssembly (Node): payrollJson")
    goals = [
        ("payroll_json (no explanations) ÷ naive pure Python", naive_row, native, 20),
        ("payroll_json (no explanations) ÷ ZEN", zen_row, native, 40),
        ("explained payroll_json ÷ unexplained (default document)", native, explained, 1 / 3),
        ("explained payroll_json ÷ unexplained (compact, English)", native, lean, 1 / 3),
        ("WebAssembly payrollJson ÷ native payroll_json", native, wasm_row, 0.7),
        ("kpi.payroll(polars) → polars ÷ the polars float pipeline",
         by_name.get("polars float pipeline (same rules, binary floats)"),
         by_name.get("kpi Python: payroll(polars) → polars"), 0.5),
    ]
    for label, below, above, goal in goals:
        if below is None or above is None:
            print(f"  {label:<58} (path skipped)")
            continue
        ratio = above.rate / below.rate
        shown = f"{ratio:.2f}×" + (f" (1/{1 / ratio:.1f})" if ratio < 1 else "")
        goal_shown = f"{goal:.2f}×" + (f" (1/{1 / goal:.1f})" if goal < 1 else "")
        print(f"  {label:<58} {shown:>15}  goal ≥ {goal_shown}: {'met' if ratio >= goal else 'missed'}")
    for p in problems:
        print("MISMATCH", p)
    failed = [r for r in rows if r.check.startswith("DIFF")]
    print(f"\ncompare: {len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
