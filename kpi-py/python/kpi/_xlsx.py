"""``kpi.write_xlsx``: a batch as a payroll workbook, plain or one that computes."""

import json
import os
import tempfile
from typing import Any, Mapping, Optional, Union

from . import _kpi


def write_xlsx(
    batch: Union[str, Mapping[str, Any]],
    path: Union[str, "os.PathLike[str]"],
    *,
    policy: Any = None,
    ties: Optional[str] = None,
    formulas: bool = False,
) -> None:
    """Writes the payroll of ``batch`` (batch JSON text, or a mapping ``{month, teams,
    agents}``) as an XLSX workbook at ``path``, whole or not at all.

    ``formulas=True`` writes the workbook that computes (the CLI's ``--formulas``): a policy
    sheet of named numbers, the inputs, and every points column, rank and slip line as a
    formula over them, kpi's value stored in each; change a score in the spreadsheet and the
    payroll follows. Without it: sheets payroll, explanations and groups, as
    ``kpi payroll -o FILE.xlsx`` writes them.

    ``policy`` is policy text or a :class:`Policy` (``None``: the bundled one); ``ties`` is
    ``competition``, ``dense`` or ``shared`` (``None``: the policy's). Raises
    :class:`BatchError` or :class:`PolicyError`: for ``formulas``, also ``invalid_rule`` for
    the ``half_even`` rounding and ``out_of_range`` for numbers outside the range in which
    spreadsheets reproduce kpi to the fen (docs/guide-cli.md).
    """
    text = batch if isinstance(batch, str) else json.dumps(batch, ensure_ascii=False)
    data = _kpi.workbook_bytes(text, policy, {"ties": ties}, formulas)
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    handle, temporary = tempfile.mkstemp(prefix=".kpi-", suffix=".xlsx", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
