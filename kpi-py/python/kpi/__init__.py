"""kpi: monthly KPI scores and pay of customer-service teams, computed exactly.

The same Rust engine as the ``kpi`` command and the web page, so the same bytes:
points, tiers, the ranked bonus ladder and the pay slip, every number a ``decimal.Decimal``
and every point and fen explained by the rule and clause that made it.

>>> import kpi
>>> result = kpi.payroll("examples.json")            # doctest: +SKIP
>>> result.to_pandas()                               # doctest: +SKIP

- :func:`payroll` — a batch (dict, JSON, path, pandas or polars DataFrame) in, a
  :class:`Payroll` out;
- :func:`payroll_json` — the contract's JSON boundary, text in and text out;
- :class:`Policy` — the bundled March 2012 policy, or your own TOML or JSON;
- :func:`write_xlsx` — a batch as a payroll workbook, with ``formulas=True`` one that
  computes;
- :func:`lint` — advice on a policy, with counterexamples; :func:`compare` — the price of a
  change, per agent and per slip line, in ``Decimal``;
- :class:`KpiError` (a ``ValueError``) and its subclasses :class:`BatchError` and
  :class:`PolicyError`, with ``.errors``, every problem as a dict;
- :class:`KpiWarning` (a ``UserWarning``), raised for each warning of a result.
"""

from ._errors import BatchError, KpiError, KpiWarning, PolicyError
from ._kpi import __version__
from ._kpi import payroll_json as _payroll_json
from ._lint import Comparison, LintReport, compare, lint
from ._over_time import PolicyBook, diff, policy_book
from ._payroll import Payroll, payroll
from ._policy import Policy
from ._xlsx import write_xlsx

__all__ = [
    "BatchError",
    "Comparison",
    "KpiError",
    "LintReport",
    "KpiWarning",
    "Payroll",
    "Policy",
    "PolicyBook",
    "PolicyError",
    "__version__",
    "compare",
    "diff",
    "lint",
    "payroll",
    "payroll_json",
    "policy_book",
    "write_xlsx",
]

def payroll_json(
    batch_json: str,
    policy: "str | Policy | None" = None,
    ties: "str | None" = None,
    explain: bool = True,
    *,
    lang: "str | None" = None,
    compact: bool = False,
    limits: "dict | None" = None,
) -> str:
    """The contract's JSON boundary: batch JSON in, result JSON out.

    Byte for byte what ``kpi payroll --format json`` prints for the same batch, policy and
    options. ``policy`` is policy text (TOML or JSON), a :class:`Policy`, or ``None`` for the
    bundled one; ``ties`` is ``competition``, ``dense`` or ``shared`` (``None``: the
    policy's); ``explain=False`` leaves the explanation lines out; ``lang`` (``"both"``, the
    default, ``"zh"`` or ``"en"``) writes the explanation text in those languages only, and
    ``compact=True`` writes the document without whitespace between tokens (the same JSON
    value; docs/contract.md). ``limits`` replaces size
    limits by name: ``max_agents``, ``max_text_len``, ``max_list_len``,
    ``max_explained_agents`` (docs/decisions.md).

    Raises :class:`BatchError` or :class:`PolicyError`; their ``.json`` is the error
    document the other doors give.
    """
    options = {"ties": ties, "explain": explain, "lang": lang, "compact": compact, "limits": limits}
    return _payroll_json(batch_json, policy, options)
