#!/usr/bin/python3
"""Recalculates workbooks in LibreOffice Calc: one headless soffice process for every file.

Usage: /usr/bin/python3 recalc.py JOB.json OUT.json   (Debian's python3-uno: a venv's Python
cannot import uno)

JOB.json: {"files": [{"path": "a.xlsx", "edits": [["inputs", row, col, "20"], ...]}, ...]}
          (rows and columns 0-based; each edit types a number into a cell).
OUT.json: {"a.xlsx": {"payroll": [[row, col, value], ...], ...}, ...}: every formula cell's
          value after a full recalculation (calculateAll), numbers as doubles, text as text.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except NoConnectException:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def formula_cells(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.RangeAddress
    block = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    formulas = block.getFormulaArray()
    values = block.getDataArray()
    cells = []
    for r, row in enumerate(formulas):
        for c, text in enumerate(row):
            if text.startswith("="):
                cell = sheet.getCellByPosition(c, r)
                if cell.getError() != 0:
                    cells.append([r, c, "#error %d: %s" % (cell.getError(), text)])
                else:
                    cells.append([r, c, values[r][c]])
    return cells


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    profile = tempfile.mkdtemp(prefix="kpi-libreoffice-")
    pipe = "kpi_recalc_%d" % os.getpid()
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
        "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
        "--accept=pipe,name=%s;urp;" % pipe,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        ctx = connect(pipe, time.time() + 120)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        out = {}
        for entry in job["files"]:
            url = uno.systemPathToFileUrl(os.path.abspath(entry["path"]))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            sheets = doc.Sheets
            for sheet, row, col, typed in entry.get("edits", []):
                sheets.getByName(sheet).getCellByPosition(col, row).setValue(float(typed))
            doc.calculateAll()
            out[entry["path"]] = {
                name: formula_cells(sheets.getByName(name)) for name in sheets.ElementNames
            }
            doc.close(True)
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            json.dump(out, f)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
