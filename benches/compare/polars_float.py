"""The bundled 2012 policy's payroll as a polars expression pipeline in binary floats: what an
analyst would write instead of kpi (rules-2012.md, the same rules as naive.py). Fast, and not
exact: halves of a fen round as the float they became. The harness counts its disagreements
with kpi and prints them.

It knows only the bundled policy's numbers and checks nothing.
"""

import polars as pl

DAYS = 22.0


def frame(table) -> pl.DataFrame:
    """The harness's Arrow table as polars floats (converted before any clock starts)."""
    df = pl.from_arrow(table)
    decimals = [c for c, t in df.schema.items() if isinstance(t, pl.Decimal)]
    return df.with_columns([pl.col(c).cast(pl.Float64) for c in decimals])


def payroll(df: pl.DataFrame, teams: dict) -> pl.DataFrame:
    """id, total, gross (floats, gross rounded to the fen) for every agent."""
    growth = pl.DataFrame({"group": list(teams), "growth": [float(v) for v in teams.values()]},
                          schema={"group": pl.String, "growth": pl.Float64})
    c = pl.col
    team_member = c("roles").list.contains("review_team")
    speed = c("typing_speed")
    c3 = (20 - 5 * c("customer_complaints") - c("after_sales_complaints").list.sum().fill_null(0)).clip(0, 20)
    c4 = (20 - 10 * c("absences")).clip(0, 20)
    c5 = (pl.when(speed < 60).then(0.0).when(speed < 80).then(10 + 0.5 * (speed - 60)).otherwise(20.0))
    adj = (-20 * c("browsing_violations") - 5 * c("missed_topups") + 5 * c("praise_calls")
           + c("review_mentions") + 10 * c("outstanding_award")
           + pl.when((c("growth") > 0.13) & team_member).then(20).otherwise(0))
    df = (df.lazy()
          .with_columns(c("group").cast(pl.String))
          .join(growth.lazy(), on="group", how="left")
          .with_columns(total=c("quality") + c("execution") + c3 + c4 + c5 + adj))
    rank = c("total").rank("min", descending=True).over("group").cast(pl.Float64)
    rung = pl.when(c("total") < 50).then(300.0).otherwise((1000 - 200 * (rank - 1)).clip(300, None))
    tier_bonus = (pl.when(c("total") >= 120).then(1000.0).when(c("total") >= 100).then(800.0)
                  .when(c("total") >= 80).then(500.0).when(c("total") >= 60).then(400.0).otherwise(300.0))
    # The team bonus: 500 among the group's review team, the fen remainder one each in id order.
    paid = (c("growth") >= 0.14) & team_member
    members = paid.sum().over("group")
    share = (500.0 / members * 100).floor() / 100
    left = ((500.0 - share * members) * 100).round(0)
    order = c("id").rank("ordinal").over(["group", paid]).cast(pl.Float64)
    team = pl.when(paid).then(share + pl.when(order <= left).then(0.01).otherwise(0.0)).otherwise(0.0)
    present = DAYS - c("absences") - c("leave_days")
    lines = ((c("base_salary") * present / DAYS).round(2)
             + pl.when((c("absences") == 0) & (c("leave_days") == 0)).then(200.0).otherwise(0.0)
             + pl.when(c("absences") == 0).then(100.0).otherwise(0.0)
             + (10 * present).round(2))
    bonuses = tier_bonus + rung + team
    due = 100 * c("browsing_violations") + 200 * c("missed_topups")
    gross = (lines + bonuses - pl.min_horizontal(due, bonuses)).round(2)
    return df.select("id", "total", gross=gross).collect()
