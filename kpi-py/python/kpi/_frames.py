"""DataFrames in and out. pandas, polars and pyarrow are optional: nothing here imports them
until a caller hands over, or asks for, one of their frames."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any, Dict, List, Optional, Sequence

def is_pandas(obj: Any) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def is_polars(obj: Any) -> bool:
    pl = sys.modules.get("polars")
    return pl is not None and isinstance(obj, (pl.DataFrame, pl.LazyFrame))


def is_frame(obj: Any) -> bool:
    return is_pandas(obj) or is_polars(obj)


def with_id_column(frame: Any) -> Any:
    """A pandas frame whose index is named ``id`` (and that has no ``id`` column) with the
    index as its ``id`` column: the analyst's ids, read as the ids."""
    if is_pandas(frame) and frame.index.name == "id" and "id" not in frame.columns:
        return frame.reset_index()
    return frame


def row_labels(frame: Any) -> Optional[List[int]]:
    """A pandas frame's index labels, when they are whole numbers of at least 0 (the default
    index, or what filtering leaves of it): the rows its problems name. ``None`` otherwise
    (problems then name positions)."""
    if not is_pandas(frame) or frame.index.dtype.kind not in "iu":
        return None
    labels = [int(label) for label in frame.index]
    return labels if all(label >= 0 for label in labels) else None


def ordered_tiers(frame: Any, tiers: Optional[Sequence[str]], kind: str) -> Any:
    """``tier`` and ``next_tier`` in the policy's tier order, lowest first (an ordered pandas
    categorical, a polars ``Enum``), so that sorting by tier sorts by rank of tier."""
    if tiers is None:
        return frame
    names = [name for name in ("tier", "next_tier") if name in frame.columns]
    if kind == "polars":
        import polars as pl

        return frame.with_columns([pl.col(n).cast(pl.Enum(list(tiers))) for n in names])
    import pandas as pd

    for name in names:
        frame[name] = pd.Categorical(frame[name], categories=list(tiers), ordered=True)
    return frame


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
    converted to float only when asked (``"float"``); ``money`` is checked by the core.
    """
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


# --- Arrow, column by column ---------------------------------------------------------------
#
# The fast door: a DataFrame's columns go to the engine as the buffers of their Arrow arrays
# (``export``), and the result comes back as Arrow buffers (``from_native``): no Python object
# per agent either way. Anything this path does not read exactly as the records path would
# (nulls pandas made from NaN, booleans, dates, a refused value) takes the records path.




def export(frame: Any, missing: str = "refuse") -> Optional[tuple]:
    """``(columns, rows, months)`` for ``_kpi.evaluate_columns``: ``columns`` a list of
    ``(name, exported array)`` without the ``month`` column, ``months`` that column's distinct
    values (``None`` without one); or ``None`` when this frame must take the records path.

    A null (pandas' NaN, None, ``pd.NA``, ``NaT`` as pyarrow reads them; a polars null) is a
    missing cell: unless ``missing="zero"`` it is refused, which the records path does with
    its row and column, so a frame with any null takes it."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    try:
        if is_pandas(frame):
            table = pa.Table.from_pandas(frame, preserve_index=False)
        else:
            if hasattr(frame, "collect"):
                frame = frame.collect()
            table = frame.to_arrow()
    except Exception:  # a column pyarrow cannot type: the records path reads it per value
        return None
    if missing != "zero" and any(_has_nulls(pa, column) for column in table.columns):
        return None
    months = None
    columns = []
    for name, column in zip(table.column_names, table.columns):
        array = _one_chunk(pa, column)
        if name == "month":
            months = array.unique().to_pylist()
            continue
        exported = _export(pa, array)
        if exported is None:
            return None
        columns.append((str(name), exported))
    return columns, table.num_rows, months


def _has_nulls(pa: Any, column: Any) -> bool:
    """Whether a column (chunked or not), or an entry of a list inside it, is null."""
    t = pa.types
    lists = [t.is_list, t.is_large_list, t.is_fixed_size_list, getattr(t, "is_list_view", None)]
    for chunk in getattr(column, "chunks", [column]):
        if chunk.null_count:
            return True
        if any(is_list is not None and is_list(chunk.type) for is_list in lists):
            try:
                values = chunk.flatten()
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, AttributeError):
                return True  # unsure: the records path reads each value
            if _has_nulls(pa, values):
                return True
    return False


def _one_chunk(pa: Any, column: Any) -> Any:
    if column.num_chunks == 1:
        return column.chunk(0)
    if column.num_chunks == 0:
        return pa.array([], type=column.type)
    return pa.concat_arrays(column.chunks)


def _bytes(buffer: Any) -> Optional[bytes]:
    return None if buffer is None else buffer.to_pybytes()


def _export(pa: Any, array: Any) -> Optional[tuple]:
    """One array as ``(kind, len, offset, validity, buffer, buffer2, scale, child)``."""
    t = pa.types
    kind = array.type
    try:
        if t.is_dictionary(kind):
            array = array.dictionary_decode()
            kind = array.type
        if t.is_null(kind):
            return ("null", len(array), 0, None, None, None, 0, None)
        if t.is_integer(kind):
            array, name = array.cast(pa.int64()), "int"
        elif t.is_floating(kind):
            array, name = array.cast(pa.float64()), "float"
        elif t.is_decimal128(kind):
            name = "decimal"
        elif t.is_string(kind) or t.is_large_string(kind) or t.is_string_view(kind):
            array, name = array.cast(pa.large_string()), "text"
        elif t.is_list(kind) or t.is_large_list(kind) or t.is_list_view(kind) or t.is_fixed_size_list(kind):
            array = array.cast(pa.large_list(kind.value_type))
            child = _export(pa, array.values)
            if child is None:
                return None
            buffers = array.buffers()
            return ("list", len(array), array.offset, _bytes(buffers[0]), _bytes(buffers[1]), None, 0, child)
        else:
            return None  # booleans, dates, structs: the records path reads (or refuses) them
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    buffers = array.buffers()
    second = _bytes(buffers[2]) if name == "text" else None
    scale = kind.scale if name == "decimal" else 0
    return (name, len(array), array.offset, _bytes(buffers[0]), _bytes(buffers[1]), second, scale, None)


def from_native(exported: List[tuple]) -> Any:
    """The engine's exported columns as a ``pyarrow.Table``, wrapping its buffers."""
    import pyarrow as pa

    return pa.Table.from_arrays([_array(pa, e) for e in exported], names=[e[0] for e in exported])


def _array(pa: Any, exported: tuple) -> Any:
    _name, kind, length, validity, first, second, scale, child = exported
    buf = lambda b: None if b is None else pa.py_buffer(b)  # noqa: E731
    if kind == "text":
        return pa.Array.from_buffers(pa.large_string(), length, [buf(validity), buf(first), buf(second)])
    if kind == "list":
        values = _array(pa, child)
        return pa.Array.from_buffers(
            pa.large_list(values.type), length, [buf(validity), buf(first)], children=[values]
        )
    types = {"int": pa.int64(), "bool": pa.bool_()}
    dtype = types.get(kind) or pa.decimal128(38, scale)
    return pa.Array.from_buffers(dtype, length, [buf(validity), buf(first)])


def arrow_frame(table: Any, money: str, kind: str) -> Any:
    """An Arrow table of results as a pandas or polars DataFrame, money as ``table()`` says."""
    import pyarrow as pa

    if money == "float":
        table = pa.Table.from_arrays(
            [c.cast(pa.float64()) if pa.types.is_decimal(c.type) else c for c in table.columns],
            names=table.column_names,
        )
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    if money == "arrow":
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    frame = table.to_pandas()
    if "perks" in table.column_names:
        frame["perks"] = table.column("perks").to_pylist()
    return frame
