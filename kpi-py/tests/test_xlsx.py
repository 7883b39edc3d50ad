"""kpi.write_xlsx: the plain workbook and the one that computes, from the same engine."""

import json
import os
import zipfile

import pytest

import kpi

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "test-vectors")


def examples():
    with open(os.path.join(VECTORS, "examples.json"), encoding="utf-8") as f:
        doc = json.load(f)
    return {"month": doc["month"], "teams": doc["teams"], "agents": doc["agents"]}


def sheet_xml(path, n):
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet%d.xml" % n).decode("utf-8")


def test_formulas_write_a_workbook_that_computes(tmp_path):
    out = tmp_path / "payroll.xlsx"
    kpi.write_xlsx(examples(), out, formulas=True, ties="shared")
    payroll = sheet_xml(out, 1)
    assert "<f>" in payroll and "kpi_money_places" in payroll
    with zipfile.ZipFile(out) as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
    assert 'name="kpi_tier_junior_threshold"' in book
    # kpi's gross pay of each agent is stored beside its formula.
    result = json.loads(kpi.payroll_json(json.dumps(examples()), ties="shared", explain=False))
    for r in result["results"]:
        assert "<v>%s</v>" % r["slip"]["gross"] in payroll


def test_the_plain_workbook_has_no_formulas(tmp_path):
    out = tmp_path / "plain.xlsx"
    kpi.write_xlsx(json.dumps(examples()), str(out))
    assert "<f>" not in sheet_xml(out, 1)


def test_refusals_are_kpi_errors_and_write_nothing(tmp_path):
    out = tmp_path / "rich.xlsx"
    batch = {"month": "2012-03", "agents": [{"id": "RICH", "base_salary": "123456789012.34"}]}
    with pytest.raises(kpi.BatchError) as caught:
        kpi.write_xlsx(batch, out, formulas=True)
    assert caught.value.errors[0]["code"] == "out_of_range"
    assert caught.value.errors[0]["agent"] == "RICH"
    assert not out.exists()
    assert os.listdir(tmp_path) == []
