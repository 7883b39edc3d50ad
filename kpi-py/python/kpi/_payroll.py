"""``kpi.payroll`` and its result, ``kpi.Payroll``.

The engine's answer is the contract's JSON document; ``Payroll`` keeps that text (so
``to_json()`` is byte for byte what every other door prints) and reads its numbers as
``decimal.Decimal``. Nothing here computes a rule.
"""

from __future__ import annotations

import html
import json
import os
import warnings
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union

from . import _frames
from ._errors import KpiWarning
from ._kpi import evaluate, evaluate_columns, money_mode, not_explained
from ._policy import Policy, policy_of

__all__ = ["Payroll", "payroll"]

PolicyLike = Union[Policy, str, "os.PathLike[str]", None]


class Payroll:
    """A month's payroll: per agent points, tier, rank and pay slip; per group head counts
    and payouts; with every number as ``decimal.Decimal``.

    ``len(payroll)`` is the number of agents; iterating yields one result dict per agent
    (``id``, ``name``, ``group``, ``rank``, ``points``, ``tier``, ``below_floor``,
    ``next_tier``, ``slip`` and, when asked for, ``explanation``), ordered by group, rank
    and id. ``to_pandas()``, ``to_polars()`` and ``to_dicts()`` give one flat row per agent.

    A payroll from :func:`payroll` keeps the engine's typed result: ``result[id]``,
    ``explain(id)`` and the summary (``month``, ``groups``, ``warnings``) convert only what
    they show, so one agent of a million comes back in milliseconds.
    """

    __slots__ = ("_json", "_parsed", "_native", "_head", "_tiers")

    def __init__(self, document: str, tiers: Optional[List[str]] = None) -> None:
        """Reads a result document (the text of ``to_json()``, ``kpi payroll --format json``).
        ``tiers``: the policy's tier ids, lowest first, for the ordered ``tier`` column of
        ``to_pandas()`` and ``to_polars()``; without them ``tier`` is plain text."""
        self._json: Optional[str] = document
        self._parsed: Optional[Dict[str, Any]] = None
        self._native: Any = None
        self._head: Optional[Dict[str, Any]] = None
        self._tiers: Optional[List[str]] = list(tiers) if tiers is not None else None

    @classmethod
    def _from_native(cls, native: Any) -> "Payroll":
        """A payroll kept as the engine's typed result: its tables come as Arrow columns,
        its document and dicts are made only when asked for."""
        payroll = cls.__new__(cls)
        payroll._json, payroll._parsed, payroll._native = None, None, native
        payroll._head, payroll._tiers = None, native.tiers()
        return payroll

    @property
    def _doc(self) -> Dict[str, Any]:
        if self._parsed is None:
            self._parsed = _read_document(self.to_json())
        return self._parsed

    @property
    def _summary(self) -> Dict[str, Any]:
        """The document without the agents' results (all of it once parsed)."""
        if self._parsed is not None or self._native is None:
            return self._doc
        if self._head is None:
            self._head = _read_document(self._native.summary())
        return self._head

    # --- the document -------------------------------------------------------------

    def to_json(self) -> str:
        """The result document, byte for byte what ``payroll_json`` and ``kpi payroll`` give."""
        if self._json is None:
            self._json = self._native.to_json()
        return self._json

    @property
    def policy(self) -> Dict[str, str]:
        """The policy that made it: ``id``, ``version``, ``name``, ``name_zh``."""
        return self._summary["policy"]

    @property
    def month(self) -> str:
        """The month, ``YYYY-MM``."""
        return self._summary["month"]

    @property
    def ties(self) -> str:
        """The tie rule applied: ``competition``, ``dense`` or ``shared``."""
        return self._summary["ties"]

    @property
    def shown_only(self) -> List[str]:
        """The slip lines shown but not added to gross (``hourly_rate``, ``unrecovered_fines``,
        any ``paid = false`` line): gross is the sum of the other lines."""
        return self._summary["shown_only"]

    @property
    def results(self) -> List[Dict[str, Any]]:
        """One result dict per agent, by group, rank and id."""
        return self._doc["results"]

    @property
    def groups(self) -> List[Dict[str, Any]]:
        """Per group: ``group``, ``agents``, ``by_tier``, ``payout`` (paid lines and gross, as
        Decimals), ``shown`` (the shown-only amounts, apart), ``warnings``."""
        return self._summary["groups"]

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """Batch-wide warnings: ``code``, ``en``, ``zh`` (and ``group``)."""
        return self._summary["warnings"]

    def __len__(self) -> int:
        if self._parsed is None and self._native is not None:
            return len(self._native)
        return len(self.results)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.results)

    def __getitem__(self, agent_id: str) -> Dict[str, Any]:
        """The result of one agent, by id (the others are not converted)."""
        if self._parsed is None and self._native is not None:
            text = self._native.agent(agent_id) if isinstance(agent_id, str) else None
            if text is None:
                raise KeyError(agent_id)
            return _read_document(text)["results"][0]
        for result in self.results:
            if result["id"] == agent_id:
                return result
        raise KeyError(agent_id)

    def __contains__(self, agent_id: object) -> bool:
        try:
            self[agent_id]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def explain(self, agent_id: str) -> List[Dict[str, Any]]:
        """The explanation lines of one agent: ``rule``, ``clause``, ``inputs``, ``formula``,
        ``result``, ``zh`` and ``en``, one per rule that fired.

        Raises ``KeyError`` for an unknown agent and :class:`BatchError` (``invalid_option``
        on ``explain``) when the payroll was run with ``explain=False``.
        """
        result = self[agent_id]
        if "explanation" not in result:
            not_explained(agent_id)
        return result["explanation"]

    # --- tables ---------------------------------------------------------------------

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One flat dict per agent: ``id``, ``name``, ``group``, ``rank``, ``tier``,
        ``below_floor``, ``next_tier``, ``next_tier.points_needed``, ``next_tier.bonus_gain``,
        ``perks``, then ``points.<category>`` and ``slip.<line>`` (Decimals)."""
        return [_flat(r) for r in self.results]

    def to_pandas(self, money: str = "decimal") -> Any:
        """The results as a pandas DataFrame, one row per agent (columns of ``to_dicts()``).

        Points and money are ``decimal.Decimal`` objects (``money="decimal"``: exact, but
        ``.plot`` sees no numbers and ``.mean()`` gives a float), Arrow ``decimal128``
        (``money="arrow"``: exact, columnar, sums and means stay decimal; needs pyarrow), or
        floats only if you ask: ``money="float"`` (for charts; never for pay). ``tier`` and
        ``next_tier`` are ordered categoricals in the policy's tier order, lowest first.
        """
        money = money_mode(money)
        arrow = self._arrow()
        if arrow is not None:
            frame = _frames.arrow_frame(arrow, money, "pandas")
        else:
            frame = _frames.table(self.to_dicts(), self._numeric(), money, "pandas")
        return _frames.ordered_tiers(frame, self._tiers, "pandas")

    def to_polars(self, money: str = "decimal") -> Any:
        """The results as a polars DataFrame, one row per agent; points and money as
        ``pl.Decimal`` (exact; ``"decimal"`` and ``"arrow"`` are the same here), or
        ``pl.Float64`` only with ``money="float"``; ``tier`` and ``next_tier`` as
        ``pl.Enum`` in the policy's tier order, lowest first."""
        money = money_mode(money)
        if money == "arrow":
            money = "decimal"
        arrow = self._arrow()
        if arrow is not None:
            frame = _frames.arrow_frame(arrow, money, "polars")
        else:
            frame = _frames.table(self.to_dicts(), self._numeric(), money, "polars")
        return _frames.ordered_tiers(frame, self._tiers, "polars")

    def to_arrow(self) -> Any:
        """The results as a ``pyarrow.Table`` (columns of ``to_dicts()``; points and money as
        ``decimal128``, exact)."""
        arrow = self._arrow()
        if arrow is not None:
            return arrow
        import pyarrow as pa

        return pa.Table.from_pandas(self.to_pandas(money="arrow"), preserve_index=False)

    def _arrow(self) -> Any:
        """The engine's own Arrow columns, when this payroll holds the typed result."""
        if self._native is None:
            return None
        exported = self._native.table()
        return None if exported is None else _frames.from_native(exported)

    def _numeric(self) -> List[str]:
        names = ["next_tier.points_needed", "next_tier.bonus_gain"]
        for result in self.results[:1]:
            names += [f"points.{k}" for k in result["points"]]
            names += [f"slip.{k}" for k in result["slip"]]
        return names

    # --- Python protocols -------------------------------------------------------------

    def __reduce__(self) -> Any:
        return (Payroll, (self.to_json(), self._tiers))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Payroll) and other.to_json() == self.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<kpi.Payroll {self.month} {self.policy['id']}: {len(self)} agents in "
            f"{len(self.groups)} group{'s' if len(self.groups) != 1 else ''}, ties {self.ties}>"
        )

    def _repr_html_(self) -> str:
        """The ranked table, group by group, for Jupyter."""
        e = html.escape
        rows = []
        for r in self.results:
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{e(str(v))}</td>"
                    for v in (r["group"], r["rank"], r["id"], r["name"], r["tier"])
                )
                + f"<td style='text-align:right'>{e(str(r['points'].get('total', '')))}</td>"
                + f"<td style='text-align:right'>{e(str(r['slip'].get('gross', '')))}</td>"
                + "</tr>"
            )
        head = "".join(
            f"<th>{h}</th>" for h in ("group", "rank", "id", "name", "tier", "total", "gross")
        )
        caption = e(f"{self.policy.get('name', '')} · {self.month} · ties: {self.ties}")
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


Payroll.__module__ = "kpi"


def payroll(
    batch: Any,
    policy: PolicyLike = None,
    *,
    teams: Any = None,
    month: Any = None,
    ties: Optional[str] = None,
    explain: bool = True,
    lang: Optional[str] = None,
    compact: bool = False,
    limits: Optional[Mapping[str, int]] = None,
    missing: str = "refuse",
) -> Payroll:
    """Computes a month's payroll with the Rust engine and returns a :class:`Payroll`.

    ``batch`` is any of:

    - a dict in the contract's format ``{"month", "teams", "agents"}`` (other keys ignored);
    - JSON text of such a document, or the path (``str`` or ``Path``) of a ``.json`` file or
      of a spreadsheet, ``.csv`` or ``.xlsx``, read as the ``kpi`` command reads it (headers
      are input ids or their labels; the month may come from the file name; problems name
      the sheet, row and column);
    - a pandas or polars DataFrame with one row per agent, columns named as the policy's
      inputs (``id``, ``base_salary``, ``name``, ``group``, ``roles`` and e.g. ``quality``);
      a ``month`` column holding one month may stand in for ``month=``;
    - a list of agent dicts.

    ``policy`` is a :class:`Policy`, the path of a policy file, policy text (TOML or JSON;
    a ``str`` with a line break is text, one without is a path), or ``None`` for the bundled
    March 2012 policy. ``teams`` replaces the batch's team records: a dict
    ``{group: value}`` of the policy's one team input (the core's team shorthand; refused when
    the policy declares none or several), ``{group: {input: value}}``, a DataFrame or a list
    of team dicts. ``month`` (``"YYYY-MM"``, or a date) replaces the batch's month. ``ties`` is
    ``competition``, ``dense`` or ``shared`` (``None``: the policy's); ``explain=False``
    leaves the explanation lines out; ``lang`` (``"both"``, the default, ``"zh"`` or ``"en"``)
    writes the explanation text in those languages only; ``compact=True`` makes
    ``to_json()`` the document without whitespace (docs/contract.md). ``limits`` replaces size limits by name
    (``max_agents``, ``max_text_len``, ``max_list_len``, ``max_explained_agents``; e.g.
    ``limits={"max_explained_agents": 250_000}`` to explain a larger month).

    Numbers are read exactly: ints and ``Decimal`` as they are, floats by their shortest text
    (``0.1`` is ``Decimal("0.1")``). NaN and infinities are refused, naming row and column.

    ``missing`` says what a missing cell of a DataFrame (``batch`` or ``teams``) is — NaN,
    ``None``, ``pd.NA``, ``NaT``, a pyarrow or polars null: ``"refuse"`` (the default) refuses
    it as ``invalid_value``, naming its row and column, for a missing score must never become
    zero; ``"zero"`` reads it as an empty cell of a sheet (zero for an input, empty for a
    name, the default group). A column left out of the frame is an input not given (zero),
    as in JSON; in a dict or a list of dicts ``None`` stays JSON's ``null``.

    A DataFrame's problems name its rows by index label (when the index holds whole
    numbers; else by position); an index named ``id`` is read as the ``id`` column.

    Raises :class:`BatchError` (or :class:`PolicyError`) listing every problem at once.
    Each warning of the result (a team record for a group with no agents, …) is raised as a
    :class:`KpiWarning` and kept in ``warnings`` (the batch's) and ``groups`` (each group's).

    >>> import kpi
    >>> result = kpi.payroll({"month": "2012-03",
    ...                       "agents": [{"id": "A01", "base_salary": "2000", "quality": 18}]})
    >>> result["A01"]["points"]["total"]
    Decimal('58')
    """
    chosen = policy_of(policy)
    options = {"ties": ties, "explain": explain, "lang": lang, "compact": compact, "limits": limits}
    if _frames.is_frame(batch):
        batch = _frames.with_id_column(batch)
        fast = _columns(batch, chosen, options, _source(None, month, teams, missing))
        if fast is not None:
            return _warned(fast)
    source = _source(batch, month, teams, missing)
    return _warned(Payroll._from_native(evaluate(source, chosen, options)))


def _source(batch: Any, month: Any, teams: Any, missing: str) -> Dict[str, Any]:
    """A batch argument and its keywords as the core reads them (``kpi._kpi.Source``); the
    DataFrame glue: a frame as its rows (dates in its month column as months, its index as the
    rows' labels), a team frame as its rows."""
    source: Dict[str, Any] = {"batch": batch, "month": _month(month), "missing": missing}
    if _frames.is_frame(teams):
        source.update(teams=_frames.records(teams), team_rows=True)
    else:
        source["teams"] = teams
    if _frames.is_frame(batch):
        batch = _frames.with_id_column(batch)
        rows = _frames.records(batch)
        if "month" in _frames.columns(batch):
            for row in rows:
                row["month"] = _month(row["month"])
        source.update(batch=rows, frame=True, labels=_frames.row_labels(batch))
    return source


def _warned(result: Payroll) -> Payroll:
    """Raises each of the result's warnings as a :class:`KpiWarning` (at the caller of
    :func:`payroll`), and returns the result, which keeps them."""
    for code, group, en, zh in result._native.warnings():
        warnings.warn(KpiWarning(en, code=code, group=group, zh=zh), stacklevel=3)
    return result


def _columns(frame: Any, policy: Policy, options: Dict[str, Any], source: Dict[str, Any]) -> Optional[Payroll]:
    """The column-wise path for a DataFrame (Arrow buffers in and out, the GIL released);
    ``None`` when the frame must take the records path (no pyarrow, a column type it does
    not read, or any problem: the records path reports problems with rows and columns)."""
    exported = _frames.export(frame, source["missing"])
    if exported is None:
        return None
    columns, rows, months = exported
    months = [_month(m) for m in months or []]
    native = evaluate_columns(columns, rows, months, source, policy, options)
    return None if native is None else Payroll._from_native(native)


def _month(month: Any) -> Any:
    """A date-like month (date, datetime, pandas Period or Timestamp) as ``YYYY-MM``."""
    if month is not None and not isinstance(month, str) and hasattr(month, "strftime"):
        return month.strftime("%Y-%m")
    return month


def _read_document(text: str) -> Dict[str, Any]:
    """The result document with its points and money as Decimals (they are decimal strings
    in the JSON, exact by construction)."""
    doc = json.loads(text)
    for result in doc.get("results", []):
        for key in ("points", "slip"):
            result[key] = {k: Decimal(v) for k, v in result[key].items()}
        nxt = result.get("next_tier")
        if nxt:
            nxt["points_needed"] = Decimal(nxt["points_needed"])
            nxt["bonus_gain"] = Decimal(nxt["bonus_gain"])
    for group in doc.get("groups", []):
        for key in ("payout", "shown"):
            group[key] = {k: Decimal(v) for k, v in group[key].items()}
    return doc


def _flat(result: Dict[str, Any]) -> Dict[str, Any]:
    nxt = result.get("next_tier") or {}
    row: Dict[str, Any] = {
        "id": result["id"],
        "name": result["name"],
        "group": result["group"],
        "rank": result["rank"],
        "tier": result["tier"],
        "below_floor": result["below_floor"],
        "next_tier": nxt.get("tier"),
        "next_tier.points_needed": nxt.get("points_needed"),
        "next_tier.bonus_gain": nxt.get("bonus_gain"),
        "perks": list(result.get("perks", [])),
    }
    row.update({f"points.{k}": v for k, v in result["points"].items()})
    row.update({f"slip.{k}": v for k, v in result["slip"].items()})
    return row
