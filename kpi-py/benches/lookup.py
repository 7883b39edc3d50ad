"""One agent out of a big result: how long the first ``result[id]`` and ``explain(id)`` take,
and how much memory they add, on a DataFrame of N agents (default 100,000).

    python kpi-py/benches/lookup.py [N]

Prints seconds and the process's peak resident memory (ru_maxrss) after each step. Not a
test: timings on a shared machine are noisy; the point is milliseconds against seconds.
"""

import resource
import sys
import time

import pandas as pd

import kpi


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def frame(n: int) -> "pd.DataFrame":
    ids = [f"A{i:06d}" for i in range(n)]
    return pd.DataFrame(
        {
            "id": ids,
            "base_salary": [2000 + i % 7 * 100 for i in range(n)],
            "quality": [i % 21 for i in range(n)],
            "execution": [(i * 7) % 21 for i in range(n)],
            "typing_speed": [60 + i % 40 for i in range(n)],
            "absences": [i % 3 for i in range(n)],
        }
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    agents = frame(n)
    print(f"{n} agents, frame built: peak {peak_mb():.0f} MB")
    t = time.perf_counter()
    result = kpi.payroll(agents, month="2012-03")
    print(f"payroll: {time.perf_counter() - t:.3f} s, peak {peak_mb():.0f} MB")
    target = f"A{n // 2:06d}"
    for step in ("result[id]", "explain(id)", "result[id] again"):
        t = time.perf_counter()
        if step.startswith("explain"):
            lines = result.explain(target)
            assert lines, "an explanation"
        else:
            assert result[target]["id"] == target
        print(f"{step}: {(time.perf_counter() - t) * 1000:.1f} ms, peak {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
