"""The exceptions of kpi: every problem of a batch or a policy, at once, as data."""

from __future__ import annotations

import json as _json
from typing import Any, Dict, List, Optional

__all__ = ["KpiError", "PolicyError", "BatchError"]


class KpiError(ValueError):
    """A batch or a policy that kpi refuses, with every problem found.

    ``errors`` is a list of dicts with the keys ``code`` (a stable snake_case code such as
    ``out_of_range``, the same as in Rust, the command and JavaScript), ``agent``, ``field``,
    ``value``, ``allowed``, ``row``, ``column`` and ``sheet`` (``None`` where they do not
    apply). For a DataFrame, ``row`` is the row's position (``df.iloc[row]``) and ``column``
    the column's name. ``stage`` is ``"batch"`` or ``"policy"``; ``json`` is the error
    document that ``kpi payroll`` and the other doors give for the same input.
    """

    errors: List[Dict[str, Any]]
    stage: Optional[str]
    json: str

    def __init__(
        self,
        message: str,
        *,
        errors: Optional[List[Dict[str, Any]]] = None,
        stage: Optional[str] = None,
        json: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.errors = list(errors or [])
        self.stage = stage
        self.json = json if json is not None else _document(stage, self.errors)

    @property
    def codes(self) -> List[str]:
        """The problems' codes, in order."""
        return [e["code"] for e in self.errors]


class PolicyError(KpiError):
    """A policy file that breaks its own rules; ``field`` is the key path (``tiers[2].threshold``)."""


class BatchError(KpiError):
    """A batch (agents, teams, month or options) that breaks the rules of the policy."""


def _document(stage: Optional[str], errors: List[Dict[str, Any]]) -> str:
    return _json.dumps({"stage": stage, "errors": errors}, indent=2, ensure_ascii=False)

