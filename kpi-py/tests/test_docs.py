"""Docs that run: the README's Python code and the example script."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kpi

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
ROOT = PACKAGE.parent


def test_the_readme_python_code_runs(monkeypatch, capsys):
    pytest.importorskip("pandas")
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert "4686.67" not in capsys.readouterr().err


def test_the_example_month_runs(tmp_path):
    pytest.importorskip("pandas")
    chart = tmp_path / "chart.png"
    run = subprocess.run(
        [sys.executable, str(PACKAGE / "examples" / "month.py"), str(chart)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert "A01" in run.stdout and "4686.67" in run.stdout
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    assert chart.stat().st_size > 1000


def test_help_is_useful():
    for item in (kpi.payroll, kpi.payroll_json, kpi.Payroll, kpi.KpiError, kpi.Policy.bundled):
        assert item.__doc__ and len(item.__doc__) > 20, item
    assert "DataFrame" in kpi.payroll.__doc__


def test_the_wheel_ships_its_stubs():
    package = Path(kpi.__file__).parent
    assert (package / "py.typed").exists()
    stubs = (package / "_kpi.pyi").read_text(encoding="utf-8")
    assert "class Policy" in stubs and "def payroll_json" in stubs
