"""A naive pure-Python payroll of the bundled 2012 policy (rules-2012.md), written from the
spec for the comparison harness: whole payroll — points, tiers, the ranked ladder, the team
share, fines and gross — with `decimal.Decimal`, one dict per agent, no engine.

It knows only the bundled policy's numbers; it checks nothing (the batch is trusted).
"""

from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

D = Decimal
FEN = D("0.01")
DAYS = D(22)
TIERS = [(D(120), "top", D(1000)), (D(100), "senior", D(800)), (D(80), "intermediate", D(500)),
         (D(60), "junior", D(400))]
BOTTOM = ("bottom", D(300))


def money(x):
    return x.quantize(FEN, rounding=ROUND_HALF_UP)  # half away from zero


def points(a, growth):
    """C1..C5 and the adjustments; `growth` is the group's review growth or None."""
    num = lambda k: D(str(a.get(k, 0) or 0))  # noqa: E731
    c3 = D(20) - 5 * num("customer_complaints") - sum((D(str(p)) for p in a.get("after_sales_complaints", [])), D(0))
    c4 = D(20) - 10 * num("absences")
    speed = num("typing_speed")
    c5 = D(0) if speed < 60 else (10 + D("0.5") * (speed - 60) if speed < 80 else D(20))
    cats = [num("quality"), num("execution"), min(max(c3, D(0)), D(20)), min(max(c4, D(0)), D(20)), c5]
    roles = a.get("roles", [])
    adj = (-20 * num("browsing_violations") - 5 * num("missed_topups") + 5 * num("praise_calls")
           + num("review_mentions") + 10 * num("outstanding_award"))
    if growth is not None and growth > D("0.13") and "review_team" in roles:
        adj += 20
    return sum(cats, D(0)) + adj


def split(amount, ids):
    """Each share rounded down to the fen, the remaining fens one each in id order."""
    share = (amount / len(ids)).quantize(FEN, rounding=ROUND_DOWN)
    left = int((amount - share * len(ids)) / FEN)
    return {i: share + (FEN if k < left else 0) for k, i in enumerate(sorted(ids))}


def payroll(batch):
    """{id: (total, gross)} for a batch in the contract's format."""
    growth = {t["group"]: D(str(t["review_growth"])) for t in batch.get("teams", [])}
    groups = defaultdict(list)
    for a in batch["agents"]:
        groups[a.get("group") or "after-sales"].append(a)
    out = {}
    for group, agents in groups.items():
        g = growth.get(group)
        totals = {a["id"]: points(a, g) for a in agents}
        # Standard competition ranking: rank = 1 + number of agents with a higher total.
        ordered = sorted(totals.values(), reverse=True)
        first = {}
        for i, t in enumerate(ordered):
            first.setdefault(t, i + 1)
        team = [a["id"] for a in agents if "review_team" in a.get("roles", [])]
        shares = split(D(500), team) if g is not None and g >= D("0.14") and team else {}
        for a in agents:
            total = totals[a["id"]]
            tier = next(((n, b) for th, n, b in TIERS if total >= th), BOTTOM)
            rung = max(D(1000) - 200 * (first[total] - 1), D(300))
            if total < 50:
                rung = D(300)
            absences, leave = D(str(a.get("absences", 0))), D(str(a.get("leave_days", 0)))
            present = DAYS - absences - leave
            base = D(str(a["base_salary"]))
            lines = [money(base * present / DAYS), D(200) if absences == 0 and leave == 0 else D(0),
                     D(100) if absences == 0 else D(0), money(10 * present)]
            bonuses = tier[1] + rung + shares.get(a["id"], D(0))
            due = 100 * D(str(a.get("browsing_violations", 0))) + 200 * D(str(a.get("missed_topups", 0)))
            gross = sum(lines, D(0)) + bonuses - min(due, bonuses)
            out[a["id"]] = (total, money(gross))
    return out
