"""The exceptions of kpi: every problem of a batch or a policy, at once, as data."""

from __future__ import annotations

import json as _json
from typing import Any, Dict, List, Optional

__all__ = ["KpiError", "PolicyError", "BatchError", "KpiWarning"]


class KpiError(ValueError):
    """A batch or a policy that kpi refuses, with every problem found.

    ``errors`` is a list of dicts with the keys ``code`` (a stable snake_case code such as
    ``out_of_range``, the same as in Rust, the command and JavaScript), ``agent``, ``field``,
    ``value``, ``allowed``, ``row``, ``column`` and ``sheet`` (``None`` where they do not
    apply). For a DataFrame, ``row`` is the row's index label (``df.loc[row]``) when the
    index holds whole numbers (the default index, or one left by filtering), else the row's
    position (``df.iloc[row]``), and ``column`` the column's name. ``stage`` is ``"batch"`` or ``"policy"``; ``json`` is the error
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


def _from_core(message: str, document: str) -> KpiError:
    """The exception of the core's error document (``kpi._kpi`` raises it): its stage's
    class, its problems as dicts, the document itself as ``json``."""
    parsed = _json.loads(document)
    stage = parsed["stage"]
    kind = {"policy": PolicyError, "batch": BatchError}[stage]
    return kind(message, errors=parsed["errors"], stage=stage, json=document)


def _document(stage: Optional[str], errors: List[Dict[str, Any]]) -> str:
    return _json.dumps({"stage": stage, "errors": errors}, indent=2, ensure_ascii=False)



class KpiWarning(UserWarning):
    """A warning of the engine about a result that computed but deserves a look (a team
    record for a group with no agents, a team rule's money with no one to receive it).

    ``code`` is the stable warning code (``team_without_agents``), ``group`` the group
    concerned (or ``None``), ``en`` and ``zh`` the engine's wording; the message is ``en``.
    The same warnings stay on the result (``Payroll.warnings`` and each group's).
    """

    code: str
    group: Optional[str]
    en: str
    zh: str

    def __init__(self, en: str, *, code: str, group: Optional[str] = None, zh: str = "") -> None:
        super().__init__(en)
        self.code, self.group, self.en, self.zh = code, group, en, zh
