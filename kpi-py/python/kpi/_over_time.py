"""Policies over time: policy books and month-over-month diffs (what-if: ``_lint.compare``).

Thin wrappers: the version in force, the comparison and the diff are computed by the Rust
engine; this module only reads files and parses the JSON it returns.
"""

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from . import _kpi
from ._kpi import diff_json as _diff_json
from ._policy import Policy, _read

PathLike = Union[str, "os.PathLike[str]"]


class PolicyBook(_kpi.PolicyBook):
    """A book of policy versions, each with the month it takes effect (`effective_from`).

    ``PolicyBook(texts)`` reads policy texts (TOML or JSON): ``(name, text)`` pairs, texts,
    or ``{name: text}``; raises :class:`PolicyError`. Pickles as its texts."""

    __slots__ = ()

    #: The months the versions take effect, earliest first.
    months: List[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise TypeError("type 'kpi.PolicyBook' is not an acceptable base type")

    def for_month(self, month: str) -> Policy:
        """The version in force in a month (`YYYY-MM`); ``BatchError``
        (``no_policy_in_force``) before the first."""
        return _read("argument", self._for_month(month))

    def payroll_json(
        self,
        batch_json: str,
        ties: Optional[str] = None,
        explain: bool = True,
        *,
        lang: Optional[str] = None,
        compact: bool = False,
    ) -> str:
        """A month's payroll under the version in force: batch JSON in, result JSON out;
        ``ties``, ``explain``, ``lang`` and ``compact`` as for :func:`kpi.payroll_json`."""
        options = {"ties": ties, "explain": explain, "lang": lang, "compact": compact}
        return self._payroll_json(batch_json, options)

    def __repr__(self) -> str:
        return f"<kpi.PolicyBook {', '.join(self.months)}>"


PolicyBook.__module__ = "kpi"


def policy_book(source: Union[PathLike, Iterable[Tuple[str, str]]]) -> PolicyBook:
    """A :class:`PolicyBook` from a folder of policy files (``.toml``/``.json``, each with
    ``effective_from = "YYYY-MM"``) or from ``(name, text)`` pairs.

    ``book.for_month("2013-02")`` gives the :class:`Policy` in force (pass it to
    :func:`kpi.payroll`); ``book.payroll_json(batch_json)`` runs a batch under the version in
    force for its month. A month before the first version raises :class:`BatchError` with code
    ``no_policy_in_force``.
    """
    if isinstance(source, (str, os.PathLike)):
        folder = Path(source)
        files = sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".json"))
        texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    else:
        texts = list(source)  # the core reads the pairs (and refuses what is not text)
    return PolicyBook(texts)


def _result_text(result: Any) -> Any:
    """A :class:`Payroll`'s document; anything else as it is (text or a path), for the core."""
    to_json = getattr(result, "to_json", None)
    return to_json() if callable(to_json) else result


def diff(last: Any, this: Any) -> Dict[str, Any]:
    """Month over month: what changed for each agent between two results (:class:`Payroll`
    objects, result JSON text or paths), and the rules that caused it (explanation lines whose
    result moved). Agents in one month only are ``joined`` or ``left``."""
    return json.loads(_diff_json(_result_text(last), _result_text(this)))
