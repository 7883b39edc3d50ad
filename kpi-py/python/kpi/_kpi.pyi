"""Type stubs of ``kpi._kpi``, the native half of ``kpi`` (Rust, pyo3)."""

import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, TypedDict, Union

__version__: str

class Policy:
    """The native half of ``kpi.Policy`` (``kpi/_policy.py``, where its constructors and
    attributes are documented): a validated policy as the core keeps it. Immutable;
    shareable between threads."""

    def __new__(cls, how: str, source: Any) -> "Policy":
        """``source`` read as ``how`` says: ``"text"`` (TOML or JSON, whichever it is),
        ``"toml"``, ``"json"``, ``"file"`` (a policy file's path) or ``"argument"`` (what
        ``kpi.payroll``'s ``policy=`` takes: a ``Policy``, text, a path or ``None`` for the
        bundled one). Raises :class:`kpi.PolicyError` listing every problem, ``OSError``
        when a file cannot be read."""
    def to_toml(self) -> str:
        """The policy as TOML, ready to edit and read back."""
    def to_json(self) -> str:
        """The policy as pretty JSON."""
    def _view(self) -> str:
        """The core's view of the policy as JSON text (``kpi_core::host::policy_view_json``),
        its decimals exact JSON numbers."""
    def __eq__(self, other: object) -> bool: ...


class RunOptions(TypedDict, total=False):
    """A run's options by name, read by the core (``kpi_core::host::door_options``): every
    entry point that runs a payroll takes them as this mapping."""

    ties: Optional[str]
    explain: bool
    lang: Optional[str]
    compact: bool
    limits: Optional[Mapping[str, int]]

class Source(TypedDict, total=False):
    """A batch argument as ``kpi.payroll``, ``kpi.lint`` and ``kpi.compare`` take it, with its
    keywords (``kpi._payroll._source`` builds it; the core reads it,
    ``kpi_core::host::read_source``): ``batch`` is JSON text, a ``.json`` or sheet
    path, a sheet's bytes, a mapping, or agent records (a DataFrame's rows with ``frame``,
    ``labels`` its index); ``month`` and ``teams`` (a DataFrame's rows with ``team_rows``)
    replace the batch's own; ``missing`` (``"refuse"`` or ``"zero"``) is what a missing cell of
    a DataFrame's rows is."""

    batch: Any
    month: Any
    teams: Any
    team_rows: bool
    frame: bool
    missing: Optional[str]
    labels: Optional[List[int]]

def payroll_json(
    batch_json: str, policy: Union[str, Policy, None] = None, options: Optional[RunOptions] = None
) -> str:
    """The contract's JSON boundary: batch JSON in, result JSON out (see ``kpi.payroll_json``)."""

def evaluate(
    source: Source, policy: Union[str, Policy, None] = None, options: Optional[RunOptions] = None
) -> "Native":
    """Evaluates a batch and returns the typed result; used by ``kpi.payroll``."""

class Native:
    """A payroll kept as the engine's typed result (see ``kpi.Payroll``)."""

    def to_json(self) -> str: ...
    def __len__(self) -> int: ...
    def agent(self, id: str) -> Optional[str]:
        """The result document of that agent alone; ``None`` for an unknown id."""
    def summary(self) -> str:
        """The result document without the agents' results."""
    def warnings(self) -> List[Tuple[str, Optional[str], str, str]]:
        """Every warning, the batch's then each group's: ``(code, group, en, zh)``."""
    def tiers(self) -> List[str]:
        """The policy's tier ids, lowest first."""
    def table(self) -> Optional[List[tuple]]:
        """The flat table as exported Arrow arrays, ``None`` beyond decimal128(38)."""

def evaluate_columns(
    columns: List[Tuple[str, tuple]],
    rows: int,
    months: List[Any],
    source: Source,
    policy: Union[str, Policy, None] = None,
    options: Optional[RunOptions] = None,
) -> Optional[Native]:
    """Agent-months as exported Arrow columns in (``months``: the distinct values of the
    frame's month column, empty without one; ``source``: the month and teams given; its
    ``batch`` unused), the typed result out; ``None`` when any value is refused (then
    ``kpi.payroll`` takes the records path to report it)."""

def read_value(value: Any) -> Optional[str]:
    """The decimal text a Python value is read as (``0.1`` → ``"0.1"``), ``None`` if refused."""

def money_mode(money: Optional[str] = None) -> str:
    """The ``money=`` option, checked by the core (``BatchError`` ``invalid_option``)."""

def not_explained(agent: str) -> None:
    """Raises the core's ``invalid_option`` on ``explain`` for that agent."""

def _panic_for_test() -> str:
    """Panics inside the engine's guard; raises ``kpi.BatchError`` with code ``internal``."""

class PolicyBook:
    """The native half of ``kpi.PolicyBook`` (``kpi/_over_time.py``): policy versions, each
    with the month it takes effect (``effective_from``)."""

    def __init__(self, texts: Union[Sequence[Tuple[str, str]], Sequence[str], Mapping[str, str]]) -> None:
        """A book from ``(name, policy text)`` pairs, texts or ``{name: text}``; raises
        ``PolicyError``."""
    @property
    def months(self) -> List[str]:
        """The months the versions take effect, earliest first."""
    def _for_month(self, month: str) -> Policy:
        """The version in force; ``BatchError`` (``no_policy_in_force``) before the first."""
    def _payroll_json(self, batch_json: str, options: RunOptions) -> str:
        """A month's payroll under the version in force for the batch's month."""
    def __reduce__(self) -> Tuple[Any, Tuple[List[Tuple[str, str]]]]: ...

def diff_json(last: str, this: str) -> str:
    """Two result documents in, the month-over-month diff document out."""

def workbook_bytes(
    batch_json: str,
    policy: "str | Policy | None" = None,
    options: Optional[RunOptions] = None,
    formulas: bool = False,
) -> bytes:
    """The payroll workbook of batch JSON text; ``formulas``: one that computes."""

def compare_batch(
    source: Source,
    policy_a: Union[str, Policy],
    policy_b: Union[str, Policy],
    options: Optional[RunOptions] = None,
) -> str:
    """One batch under two policies: the comparison document."""

def lint_batch(
    policy: Union[str, Policy, None], source: Optional[Source] = None, bounds: List[Tuple[str, str]] = ...
) -> str:
    """A policy's lint document, with a batch or none; ``bounds``: ``(input, value)``."""
