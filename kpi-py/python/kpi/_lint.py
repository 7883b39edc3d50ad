"""Designing a policy change: :func:`lint` (is the policy sound?) and :func:`compare` (what
does the change cost, per agent, per group, per slip line?).

Thin wrappers: the batch is read as :func:`kpi.payroll` reads it and both documents are made
by the Rust engine (``kpi_core::lint``, ``kpi_core::compare``); this module turns the
documents' decimal strings into ``Decimal``.
"""

import json
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Mapping, Optional

from ._kpi import compare_batch as _compare_batch
from ._kpi import lint_batch as _lint_batch
from ._payroll import _source


def _decimals(values: Mapping[str, str]) -> Dict[str, Decimal]:
    return {k: Decimal(v) for k, v in values.items()}


def _side(side: Any) -> Any:
    if not side:
        return side
    side = dict(side)
    for key in ("points", "slip", "payout", "shown"):
        if key in side:
            side[key] = _decimals(side[key])
    return side


def _difference(diff: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(diff)
    if "total" in out:
        out["total"] = Decimal(out["total"])
    for key in ("slip", "payout", "shown"):
        if key in out:
            out[key] = _decimals(out[key])
    return out


class Comparison:
    """One batch under two policies, A (current) and B (proposed): ``agents`` (each side's
    rank, tier, points and slip, and the difference), ``groups`` and ``overall`` (payout and
    shown amounts per line under both, the difference, head count by tier). Points and money
    are ``Decimal``. Indexing reads the document: ``c["overall"]["difference"]["payout"]``.
    The numbers are those of ``kpi compare --format json`` for the same batch and policies.
    """

    def __init__(self, document: str) -> None:
        doc = json.loads(document)
        for agent in doc["agents"]:
            agent["a"], agent["b"] = _side(agent["a"]), _side(agent["b"])
            agent["difference"] = _difference(agent["difference"])
        for part in doc["groups"] + [doc["overall"]]:
            part["a"], part["b"] = _side(part["a"]), _side(part["b"])
            part["difference"] = _difference(part["difference"])
        self._json = document
        self.document: Dict[str, Any] = doc

    def __getitem__(self, key: str) -> Any:
        return self.document[key]

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.document["agents"])

    def __len__(self) -> int:
        return len(self.document["agents"])

    def to_json(self) -> str:
        """The comparison document as the engine wrote it (decimal strings)."""
        return self._json

    @property
    def cost(self) -> Decimal:
        """The change's total cost: B's gross payout less A's, over every group."""
        return self.document["overall"]["difference"]["payout"].get("gross", Decimal("0"))

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One flat row per agent: ``id``, ``name``, ``group``, ``a.total``, ``b.total``,
        ``difference.total``, then ``a.LINE``, ``b.LINE``, ``difference.LINE`` per slip line."""
        lines = list(self.document["overall"]["difference"]["payout"])
        rows = []
        for agent in self.document["agents"]:
            row: Dict[str, Any] = {k: agent[k] for k in ("id", "name", "group")}
            a, b = agent["a"] or {}, agent["b"] or {}
            row["a.total"] = (a.get("points") or {}).get("total")
            row["b.total"] = (b.get("points") or {}).get("total")
            row["difference.total"] = agent["difference"]["total"]
            for line in lines:
                row[f"a.{line}"] = (a.get("slip") or {}).get(line)
                row[f"b.{line}"] = (b.get("slip") or {}).get(line)
                row[f"difference.{line}"] = agent["difference"]["slip"].get(line)
            rows.append(row)
        return rows

    def to_pandas(self) -> Any:
        """:meth:`to_dicts` as a pandas DataFrame (money as ``Decimal``), winners first."""
        import pandas as pd

        frame = pd.DataFrame(self.to_dicts())
        if "difference.gross" in frame:
            order = sorted(range(len(frame)), key=lambda i: (-frame["difference.gross"][i], frame["id"][i]))
            frame = frame.iloc[order].reset_index(drop=True)
        return frame

    def __repr__(self) -> str:
        a, b = self.document["policies"]["a"], self.document["policies"]["b"]
        return f"<kpi.Comparison {self.document['month']}: {a['id']} v{a['version']} → {b['id']} v{b['version']}, cost {self.cost}>"


Comparison.__module__ = "kpi"


def compare(
    batch: Any,
    policy_a: Any,
    policy_b: Any,
    *,
    teams: Any = None,
    month: Any = None,
    ties: Optional[str] = None,
    missing: str = "refuse",
) -> Comparison:
    """One batch under two policies (current, proposed): a :class:`Comparison`, per agent,
    per group and overall, each slip line under both and the difference, in ``Decimal``.

    ``batch``, ``teams``, ``month`` and ``missing`` are as for :func:`kpi.payroll` (a dict,
    JSON text, a ``.json`` or spreadsheet path, a pandas or polars DataFrame, a list of agent
    dicts); the policies are :class:`Policy` objects, policy text or paths. A sheet's headers
    are matched with the proposed policy. An input only one of the policies declares is no
    error; one that neither declares is.
    """
    source = _source(batch, month, teams, missing)
    options = {"ties": ties, "explain": False}
    return Comparison(_compare_batch(source, policy_a, policy_b, options))


class LintReport:
    """A policy's lint report: ``findings`` (dicts with ``code``, ``rule``, ``clause``,
    ``path``, ``en``, ``zh``, and where there is one a ``counterexample`` whose ``batch`` runs
    with :func:`kpi.payroll` and whose ``gross`` and ``totals`` are ``Decimal``) and
    ``search`` (bounds and their sources). The document is that of ``kpi lint --format json``.
    """

    def __init__(self, document: str) -> None:
        doc = json.loads(document)
        for finding in doc["findings"]:
            example = finding.get("counterexample")
            if example:
                example["gross"] = [Decimal(g) for g in example["gross"]]
                example["totals"] = [Decimal(t) for t in example["totals"]]
        self._json = document
        self.document: Dict[str, Any] = doc

    @property
    def findings(self) -> List[Dict[str, Any]]:
        return self.document["findings"]

    @property
    def codes(self) -> List[str]:
        """The findings' codes, in report order."""
        return [f["code"] for f in self.findings]

    @property
    def search(self) -> Dict[str, Any]:
        return self.document["search"]

    def to_json(self) -> str:
        return self._json

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.findings)

    def __repr__(self) -> str:
        return f"<kpi.LintReport {self.document['policy']['id']}: {', '.join(self.codes) or 'no findings'}>"


LintReport.__module__ = "kpi"


def lint(
    policy: Any = None,
    batch: Any = None,
    *,
    bounds: Optional[Mapping[str, Any]] = None,
    teams: Any = None,
    month: Any = None,
    missing: str = "refuse",
) -> LintReport:
    """Advice on a policy (a :class:`Policy`, policy text, a path, or ``None`` for the bundled
    one): a :class:`LintReport` of findings with stable codes and counterexamples the engine
    confirms (docs/lint.md). ``batch`` (optional, anything :func:`kpi.payroll` takes) seeds the
    search and adds the batch findings; ``bounds`` gives the search's upper end for inputs
    without a declared maximum, ``{"praise_calls": 40}``.
    """
    pairs = [(str(k), str(v)) for k, v in (bounds or {}).items()]
    source = None if batch is None else _source(batch, month, teams, missing)
    return LintReport(_lint_batch(policy, source, pairs))
