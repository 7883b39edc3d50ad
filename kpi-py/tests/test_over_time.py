"""Policies over time through Python: books, what-if, month over month."""

import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import kpi

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "test-vectors"


def examples(month: str) -> dict:
    batch = json.loads((VECTORS / "examples.json").read_text(encoding="utf-8"))
    batch["month"] = month
    return batch


def test_a_book_picks_the_version_in_force_each_month():
    book = kpi.policy_book(ROOT / "examples" / "policy-book")
    assert book.months == ["2012-03", "2013-01"]
    assert book.for_month("2012-12").version == "1"
    assert book.for_month("2013-02").version == "2"
    for month, version in [("2012-12", "1"), ("2013-01", "2")]:
        doc = json.loads(book.payroll_json(json.dumps(examples(month))))
        assert doc["policy"]["version"] == version
    result = kpi.payroll(examples("2013-01"), book.for_month("2013-01"))
    assert result["A01"]["slip"]["ranking_bonus"] == Decimal("1200.00")
    with pytest.raises(kpi.BatchError) as refused:
        book.payroll_json(json.dumps(examples("2011-12")))
    assert refused.value.errors[0]["code"] == "no_policy_in_force"
    assert pickle.loads(pickle.dumps(book)).months == book.months


def test_what_if_prices_a_change_per_line():
    variant = kpi.Policy.from_file(str(VECTORS / "after-sales-variant-a.toml"))
    doc = kpi.compare(VECTORS / "examples-variant.json", kpi.Policy.bundled(), variant)
    assert doc["overall"]["difference"]["payout"]["meal"] == Decimal("1167.50")
    gross = [Decimal(a["difference"]["slip"]["gross"]) for a in doc["agents"]]
    assert sum(gross) == Decimal(doc["overall"]["difference"]["payout"]["gross"])


def test_month_over_month_names_the_rules_that_moved():
    march = kpi.payroll(examples("2012-03"))
    april_batch = examples("2012-04")
    april_batch["agents"][1]["praise_calls"] = 4
    april = kpi.payroll(april_batch)
    doc = kpi.diff(march, april)
    a02 = next(a for a in doc["agents"] if a["id"] == "A02")
    assert a02["difference"]["total"] == "20"
    assert "praise_call" in [r["rule"] for r in a02["rules"]]


def test_diff_takes_results_as_objects_text_or_files_and_names_the_argument_refused(tmp_path):
    march, april = kpi.payroll(examples("2012-03")), kpi.payroll(examples("2012-04"))
    (tmp_path / "march.json").write_text(march.to_json(), encoding="utf-8")
    by_object = kpi.diff(march, april)
    assert kpi.diff(tmp_path / "march.json", april.to_json()) == by_object
    assert kpi.diff(str(tmp_path / "march.json"), april) == by_object
    with pytest.raises(kpi.BatchError) as refused:
        kpi.diff(march, 42)
    assert refused.value.errors[0]["field"] == "this"
    with pytest.raises(FileNotFoundError):
        kpi.diff(tmp_path / "none.json", april)


def test_a_policy_book_takes_lang_and_compact_as_payroll_json_does():
    book = kpi.policy_book(ROOT / "examples" / "policy-book")
    text = json.dumps(examples("2012-03"))
    for lang, compact in [("en", True), ("zh", False), (None, True)]:
        got = book.payroll_json(text, lang=lang, compact=compact)
        assert got == kpi.payroll_json(text, book.for_month("2012-03"), lang=lang, compact=compact)
        assert ("\n" in got) is not compact
