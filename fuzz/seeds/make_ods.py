"""Writes the sheet_ods fuzz target's seeds: small OpenDocument spreadsheets holding a real
month (agents, and agents with a team sheet), so fuzzing starts from files that read.
Usage: python3 fuzz/seeds/make_ods.py  (writes fuzz/seeds/sheet_ods/*.ods)"""
import pathlib
import zipfile
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent / "sheet_ods"

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')


def cell(value):
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f'<text:p>{value}</text:p></table:table-cell>')
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def table(name, rows):
    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                   for row in rows)
    return f'<table:table table:name="{escape(name)}">{body}</table:table>'


def write(path, sheets):
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
               f'<office:body><office:spreadsheet>'
               + "".join(table(n, r) for n, r in sheets)
               + '</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


AGENTS = [
    ["id", "name", "group", "roles", "base_salary", "quality", "execution", "typing_speed",
     "absences", "leave_days", "customer_complaints", "after_sales_complaints",
     "praise_calls", "outstanding_award"],
    ["A01", "张三", "after-sales", "review_team", 2000, 18, 16.5, 48, 0, 0, 0, "", 2, 1],
    ["A02", "李四", "after-sales", "", "1800.50", 20, 20, 60, 1, "0.5", 1, "5; 10", 0, 0],
    ["A03", "王五", "after-sales", "ad_check", 2200, 15, 12, 35, 0, 2, 0, "", 0, 0],
]

if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    write(HERE / "agents.ods", [("agents", AGENTS)])
    write(HERE / "agents-and-teams.ods",
          [("agents", AGENTS), ("teams", [["group", "review_growth"], ["after-sales", "0.15"]])])
    write(HERE / "bad-cells.ods",
          [("agents", [AGENTS[0], ["A01", "", "", "", "-5", "x", 99, "", "", "", "", "[1]", "", ""]])])
