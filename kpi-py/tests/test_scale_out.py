"""Scale out (issue 6): a batch is independent per ranking group, so its groups can be
computed in separate processes — multiprocessing, or Dask workers — and put back together
give exactly the result of one run."""

import json
import multiprocessing
import time

import pytest

import kpi
from conftest import vector

pl = pytest.importorskip("polars")


def _batch(groups=12, per_group=25):
    """A month of several groups built from the examples: ties, team shares and fines."""
    examples = json.loads(vector("examples.json").read_text(encoding="utf-8"))
    agents, teams = [], []
    for g in range(groups):
        group = f"shop-{g:03d}"
        teams.append({"group": group, "review_growth": ["0.15", "0.13", "0.2", "-0.1"][g % 4]})
        for i in range(per_group):
            a = dict(examples["agents"][i % len(examples["agents"])])
            agents.append({**a, "id": f"{group}-{i:03d}", "group": group})
    return {"month": examples["month"], "teams": teams, "agents": agents}


def _part(args):
    """One part's result table (columns of to_dicts, exact Decimals)."""
    batch, groups = args
    agents = [a for a in batch["agents"] if a["group"] in groups]
    teams = [t for t in batch["teams"] if t["group"] in groups]
    part = kpi.payroll({"month": batch["month"], "teams": teams, "agents": agents}, explain=False)
    return part.to_dicts(), part.groups


def _whole(batch):
    whole = kpi.payroll(batch, explain=False)
    return whole.to_dicts(), whole.groups


def _split(batch, parts):
    groups = sorted({a["group"] for a in batch["agents"]})
    return [(batch, set(groups[i::parts])) for i in range(parts)]


def _merge(parts):
    """Parts back in the result's order: by group (code point), then rank and id as each
    part already has them within its groups."""
    rows = [r for part, _ in parts for r in part]
    groups = [g for _, gs in parts for g in gs]
    rows.sort(key=lambda r: r["group"])  # stable: keeps rank, id order within a group
    groups.sort(key=lambda g: g["group"])
    return rows, groups


def test_multiprocessing_parts_equal_one_run():
    batch = _batch()
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        parts = pool.map(_part, _split(batch, 3))
    assert _merge(parts) == _whole(batch)


def _frame_part(frame):
    """A Dask partition (a pandas frame of whole groups) through kpi, flat rows back."""
    import pandas as pd

    if len(frame) == 0:
        return pd.DataFrame({"id": pd.Series([], dtype=object), "group": pd.Series([], dtype=object),
                             "rank": pd.Series([], dtype="int64"), "total": pd.Series([], dtype=object),
                             "gross": pd.Series([], dtype=object)})
    result = kpi.payroll(frame, month="2012-03", teams=TEAMS, explain=False).to_pandas()
    return pd.DataFrame({"id": result["id"], "group": result["group"], "rank": result["rank"],
                         "total": result["points.total"].astype(str), "gross": result["slip.gross"].astype(str)})


TEAMS = {t["group"]: t["review_growth"] for t in _batch()["teams"]}


def test_dask_local_cluster_by_group_equals_one_run():
    distributed = pytest.importorskip("distributed")
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    batch = _batch()
    frame = pd.DataFrame(batch["agents"]).sort_values("group", kind="stable").reset_index(drop=True)
    whole = kpi.payroll(frame, month="2012-03", teams=TEAMS, explain=False).to_pandas()
    want = sorted(zip(whole["id"], whole["group"], whole["rank"], whole["points.total"].astype(str),
                      whole["slip.gross"].astype(str)))
    import dask

    started = time.perf_counter()
    # Lists (roles, complaint points) stay lists: no conversion of object columns to strings.
    with dask.config.set({"dataframe.convert-string": False}), distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        # Partitions on group boundaries: the index is the group, the divisions split it.
        groups = sorted(frame["group"].unique())
        ddf = dd.from_pandas(frame.set_index("group", drop=False), npartitions=1)
        ddf = ddf.repartition(divisions=[groups[0], groups[4], groups[8], groups[-1]])
        meta = _frame_part(frame.iloc[:0])
        got = ddf.map_partitions(lambda f: _frame_part(f.reset_index(drop=True)), meta=meta).compute()
    print(f"Dask LocalCluster(2 workers) over {len(groups)} groups: {time.perf_counter() - started:.1f} s")
    assert sorted(zip(got["id"], got["group"], got["rank"], got["total"], got["gross"])) == want
