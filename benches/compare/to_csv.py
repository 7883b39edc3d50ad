"""`python to_csv.py BATCH.json OUT.csv`: a generated batch as the sheet the `kpi` command
reads (one row per agent, input ids as headers, lists joined by `;`), for timing
`kpi payroll --format csv` on a big CSV. Team records are left out (a CSV holds agents)."""

import csv
import json
import sys

batch = json.load(open(sys.argv[1], encoding="utf-8"))
keys = list(batch["agents"][0])
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(keys)
    for a in batch["agents"]:
        writer.writerow([";".join(map(str, a[k])) if isinstance(a[k], list) else a[k] for k in keys])
