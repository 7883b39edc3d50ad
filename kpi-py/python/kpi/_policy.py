"""``kpi.Policy``: its constructors and attributes over the native policy (``_kpi.Policy``).

Each constructor is the one native constructor told how to read its argument; the
attributes are the core's view of the policy (``kpi_core::host::policy_view_json``), its
decimals read as ``Decimal``. Nothing here reads, checks or words anything itself.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any, Dict, List, Tuple, Union

from . import _kpi

__all__ = ["Policy", "policy_of"]


class Policy(_kpi.Policy):
    """A KPI policy: inputs, categories, adjustments, tiers, the ranking ladder and the pay slip.

    Attributes: `id`, `version`, `name`, `name_zh`, `default_group`, `ties` (text); `inputs`
    and `team_inputs` (dicts: id, kind, min, max, step, unit, unit_zh, label, label_zh,
    clause), `roles` (id, label, label_zh, clause) and `tiers`, lowest first (id, threshold,
    bonus, perks, label, label_zh, clause); bounds and amounts are `Decimal` or `None`.

    Immutable; shareable between threads; pickles as its JSON text and is validated again
    when unpickled. ``Policy(text)`` reads TOML or JSON text, whichever it is. Every
    constructor raises :class:`kpi.PolicyError` listing every problem, each with its key
    path (``tiers[2].threshold``) and, where the format has them, line and column.
    """

    # The view, parsed at its first use (the policy never changes).
    __slots__ = ("_parsed",)

    #: Stable id, e.g. ``after-sales-2012-03``.
    id: str
    #: Version of the policy (free text).
    version: str
    #: Name in English.
    name: str
    #: Name in Chinese.
    name_zh: str
    #: Ranking group of agents whose record names none (``after-sales``).
    default_group: str
    #: Default tie rule: ``competition``, ``dense`` or ``shared``.
    ties: str
    #: Declared per-agent inputs, in order: ``id``, ``kind`` (``decimal``, ``count``,
    #: ``list``), ``min``, ``max``, ``step`` (``Decimal`` or ``None``), ``unit``, ``unit_zh``,
    #: ``label``, ``label_zh``, ``clause``.
    inputs: List[Dict[str, Any]]
    #: Declared per-group inputs (team records), as :attr:`inputs`.
    team_inputs: List[Dict[str, Any]]
    #: Posts an agent may hold: ``id``, ``label``, ``label_zh``, ``clause``.
    roles: List[Dict[str, str]]
    #: Tiers, lowest first: ``id``, ``threshold`` (``None``: not yet reachable), ``bonus``,
    #: ``perks``, ``label``, ``label_zh``, ``clause``.
    tiers: List[Dict[str, Any]]

    def __new__(cls, text: str) -> "Policy":
        """Reads a policy from TOML or JSON text, whichever it is."""
        return super().__new__(cls, "text", text)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise TypeError("type 'kpi.Policy' is not an acceptable base type")

    @staticmethod
    def bundled() -> "Policy":
        """The bundled March 2012 after-sales policy (`after-sales-2012-03`)."""
        return _read("argument", None)

    @staticmethod
    def parse(text: str) -> "Policy":
        """Reads TOML or JSON text, whichever it is (JSON starts with `{`); raises PolicyError."""
        return _read("text", text)

    @staticmethod
    def from_toml(text: str) -> "Policy":
        """Reads a policy from TOML text; raises PolicyError listing every problem."""
        return _read("toml", text)

    @staticmethod
    def from_json(text: str) -> "Policy":
        """Reads a policy from JSON text; raises PolicyError listing every problem."""
        return _read("json", text)

    @staticmethod
    def from_file(path: Union[str, "os.PathLike[str]"]) -> "Policy":
        """Reads a policy file (`.json` as JSON, otherwise TOML or JSON by its content).

        Raises ``OSError`` (``FileNotFoundError``) when the file cannot be read."""
        return _read("file", path)

    def _shown(self) -> Dict[str, Any]:
        """The core's view of the policy, its decimals as ``Decimal``."""
        shown = getattr(self, "_parsed", None)
        if shown is None:
            shown = json.loads(self._view(), parse_float=Decimal, parse_int=Decimal)
            self._parsed = shown
        return shown

    def __getattr__(self, name: str) -> Any:
        """The attributes of the core's view of the policy (see the class's doc), each a
        value of the caller's own."""
        shown = {} if name.startswith("_") else self._shown()
        if name not in shown:
            raise AttributeError(name)
        return _fresh(shown[name])

    def __dir__(self) -> List[str]:
        """The class's methods and the view's attributes."""
        return dir(type(self)) + list(self._shown())

    def lint(self, batch: Any = None, **options: Any) -> Any:
        """Advice on this policy: `kpi.lint(self, batch, **options)`, a `kpi.LintReport`."""
        from ._lint import lint

        return lint(self, batch, **options)

    def __repr__(self) -> str:
        shown = self._shown()
        return f"<kpi.Policy {shown['id']} version {shown['version']}>"

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        """Pickles as `Policy(json_text)`: validated again when unpickled."""
        return (Policy, (self.to_json(),))


Policy.__module__ = "kpi"


def _read(how: str, source: Any) -> Policy:
    """The native constructor of a ``kpi.Policy``: ``source`` read as ``how`` says."""
    return _kpi.Policy.__new__(Policy, how, source)


def _fresh(value: Any) -> Any:
    """A value of the view the caller may change: its lists and dicts copied, its texts and
    decimals (immutable) shared."""
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    return value


def policy_of(policy: Any) -> Policy:
    """The policy an argument names (``kpi.payroll``'s ``policy=``), read once: a
    ``Policy`` itself, policy text, a policy file's path, or ``None`` for the bundled one."""
    return policy if isinstance(policy, Policy) else _read("argument", policy)
