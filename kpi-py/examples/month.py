"""A month as an analyst runs it: agents in a DataFrame, the payroll, points by category.

    python kpi-py/examples/month.py [chart.png]

Draws the chart with matplotlib when it is installed (else as text). Money stays Decimal;
only the chart converts points to float, for drawing.
"""

import json
import sys
from pathlib import Path

import pandas as pd

import kpi

VECTORS = Path(__file__).resolve().parent.parent.parent / "test-vectors"

month = json.loads((VECTORS / "examples.json").read_text(encoding="utf-8"))
agents = pd.DataFrame(month["agents"])  # one row per agent, columns named as the policy's inputs

result = kpi.payroll(agents, month="2012-03", teams={"after-sales": "0.15"})
table = result.to_pandas()
print(result)
print(table[["group", "rank", "id", "tier", "points.total", "slip.gross"]].to_string(index=False))
for group in result.groups:
    print(f"{group['group']}: {group['agents']} agents, gross {group['payout']['gross']}")

categories = [c for c in table.columns if c.startswith("points.") and c not in ("points.adjustments", "points.total")]
points = table.set_index("id")[categories].rename(columns=lambda c: c.split(".", 1)[1]).astype(float)
try:
    import matplotlib

    matplotlib.use("Agg")
    axes = points.plot.bar(stacked=True, figsize=(9, 4), title=f"Points by category, {result.month}")
    axes.set_ylabel("points")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("points-by-category.png")
    axes.figure.savefig(out, bbox_inches="tight")
    print(f"chart: {out}")
except ImportError:
    for agent, row in points.iterrows():
        print(f"{agent:>4} " + " ".join(f"{name[:4]}:{'#' * int(value // 2):<10}" for name, value in row.items()))
