"""DataFrames in and out. pandas, polars and pyarrow are optional: nothing here imports them
until a caller hands over, or asks for, one of their frames."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any, Dict, List, Optional, Sequence

MONEY_MODES = ("decimal", "arrow", "float")


def is_pandas(obj: Any) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def is_polars(obj: Any) -> bool:
    pl = sys.modules.get("polars")
    return pl is not None and isinstance(obj, (pl.DataFrame, pl.LazyFrame))


def is_frame(obj: Any) -> bool:
    return is_pandas(obj) or is_polars(obj)


def records(frame: Any) -> List[Dict[str, Any]]:
    """One dict per row, columns in order, values as Python objects (Decimal stays Decimal)."""
    if is_pandas(frame):
        return frame.to_dict("records")
    if hasattr(frame, "collect"):  # a polars LazyFrame
        frame = frame.collect()
    return frame.to_dicts()


def columns(frame: Any) -> List[str]:
    if hasattr(frame, "collect_schema"):
        return list(frame.collect_schema().names())
    return [str(c) for c in frame.columns]


def table(rows: List[Dict[str, Any]], numeric: Sequence[str], money: str, kind: str) -> Any:
    """Rows (all with the same keys) as a pandas or polars DataFrame.

    ``numeric`` names the Decimal columns: kept as Decimal objects (``money="decimal"``),
    as Arrow ``decimal128`` (``"arrow"``, pandas; polars' ``Decimal`` is Arrow's already), or
    converted to float only when asked (``"float"``).
    """
    if money not in MONEY_MODES:
        raise ValueError(f"money must be one of {MONEY_MODES}, not {money!r}")
    names = list(rows[0]) if rows else []
    data: Dict[str, List[Any]] = {name: [row[name] for row in rows] for name in names}
    decimal_names = [n for n in names if n in set(numeric)]
    if kind == "pandas":
        import pandas as pd

        frame = pd.DataFrame(
            {n: pd.Series(v, dtype=object if n in decimal_names else None) for n, v in data.items()}
        )
        for name in decimal_names:
            if money == "float":
                frame[name] = pd.Series([_float(v) for v in data[name]], dtype="float64")
            elif money == "arrow":
                import pyarrow as pa

                dtype = pd.ArrowDtype(pa.decimal128(38, _scale(data[name])))
                frame[name] = pd.Series(data[name], dtype=dtype)
        return frame
    import polars as pl

    series = []
    for name in names:
        values = data[name]
        if name in decimal_names:
            if money == "float":
                series.append(pl.Series(name, [_float(v) for v in values], dtype=pl.Float64))
            else:
                series.append(pl.Series(name, values, dtype=pl.Decimal(38, _scale(values))))
        else:
            series.append(pl.Series(name, values))
    return pl.DataFrame(series)


def _scale(values: List[Optional[Decimal]]) -> int:
    """The most decimals among the values: every value fits the column exactly."""
    scale = 0
    for v in values:
        if v is not None:
            exponent = v.as_tuple().exponent
            if isinstance(exponent, int) and exponent < 0:
                scale = max(scale, -exponent)
    return scale


def _float(value: Optional[Decimal]) -> Optional[float]:
    return None if value is None else float(value)
