"""kpi.Policy and kpi.PolicyBook as Python classes over the native ones (kpi/_policy.py,
kpi/_over_time.py): what they show, that they stay immutable and final, how they pickle,
and that every refusal is still the core's."""

import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import kpi
from kpi import _errors, _kpi

ROOT = Path(__file__).resolve().parents[2]
VIEW = ["id", "version", "name", "name_zh", "default_group", "ties", "inputs", "team_inputs", "roles", "tiers"]


def _variant(old: str, new: str) -> kpi.Policy:
    text = kpi.Policy.bundled().to_toml()
    assert old in text
    return kpi.Policy.from_toml(text.replace(old, new, 1))


def test_every_constructor_gives_a_policy_of_the_public_class():
    bundled = kpi.Policy.bundled()
    made = [
        bundled,
        kpi.Policy(bundled.to_toml()),
        kpi.Policy.parse(bundled.to_json()),
        kpi.Policy.from_toml(bundled.to_toml()),
        kpi.Policy.from_json(bundled.to_json()),
        kpi.Policy.from_file(ROOT / "test-vectors" / "after-sales-variant-a.toml"),
        kpi.policy_book(ROOT / "examples" / "policy-book").for_month("2013-02"),
        pickle.loads(pickle.dumps(bundled)),
    ]
    for policy in made:
        assert type(policy) is kpi.Policy
        assert repr(type(policy)) == "<class 'kpi.Policy'>"
        assert repr(policy) == f"<kpi.Policy {policy.id} version {policy.version}>"


def test_the_attributes_are_the_cores_view_with_exact_decimals():
    policy = _variant('bonus = "400"', 'bonus = "400.50"')
    junior = next(t for t in policy.tiers if t["id"] == "junior")
    assert junior["bonus"] == Decimal("400.50") and str(junior["bonus"]) == "400.50"
    assert isinstance(junior["threshold"], Decimal) and policy.tiers[-1]["threshold"] is None
    spec = json.loads(policy.to_json())
    for shown, declared in zip(policy.inputs, spec["inputs"]):
        for bound in ("min", "max", "step"):
            if bound in declared:
                assert str(shown[bound]) == declared[bound], (shown["id"], bound)
            else:
                assert shown[bound] is None
    # Each access is a value of the caller's own: changing what came back changes nothing.
    tiers = policy.tiers
    tiers[0]["id"] = "changed"
    tiers[0]["perks"].append("a perk")
    tiers.pop()
    assert policy.tiers == _variant('bonus = "400"', 'bonus = "400.50"').tiers
    assert policy.tiers[0]["id"] == "bottom" and "a perk" not in policy.tiers[0]["perks"]


def test_dir_lists_the_view_and_an_unknown_attribute_is_an_attribute_error():
    policy = kpi.Policy.bundled()
    names = dir(policy)
    assert all(name in names for name in VIEW + ["bundled", "from_file", "to_toml", "lint"])
    with pytest.raises(AttributeError, match="no_such_thing"):
        policy.no_such_thing  # noqa: B018
    assert not hasattr(policy, "__dict__")


def test_a_policy_is_immutable_unhashable_and_final():
    policy = kpi.Policy.bundled()
    for name in ("id", "tiers", "anything"):
        with pytest.raises(AttributeError):
            setattr(policy, name, "x")
    assert policy.id == "after-sales-2012-03"
    with pytest.raises(TypeError, match="unhashable"):
        hash(policy)
    for final in (kpi.Policy, kpi.PolicyBook):
        with pytest.raises(TypeError, match="not an acceptable base type"):
            type("Mine", (final,), {})


def test_pickles_refer_to_kpi_policy_and_old_pickles_still_load():
    policy = _variant('bonus = "400"', 'bonus = "401"')
    assert policy.__reduce__() == (kpi.Policy, (policy.to_json(),))
    data = pickle.dumps(policy)
    assert b"kpi" in data and b"Policy" in data and b"_policy" not in data
    assert pickle.loads(data) == policy
    book = kpi.policy_book(ROOT / "examples" / "policy-book")
    again = pickle.loads(pickle.dumps(book))
    assert type(again) is kpi.PolicyBook and again.months == book.months
    assert repr(again) == "<kpi.PolicyBook 2012-03, 2013-01>"


def test_equality_is_the_cores():
    bundled = kpi.Policy.bundled()
    assert bundled == kpi.Policy(bundled.to_json()) and not bundled != kpi.Policy.bundled()
    assert bundled != _variant('bonus = "400"', 'bonus = "401"') and bundled != "a policy"


def test_refusals_stay_the_cores():
    with pytest.raises(kpi.BatchError) as caught:
        kpi.Policy(5)
    assert (caught.value.codes, caught.value.errors[0]["field"]) == (["invalid_value"], "text")
    with pytest.raises(kpi.PolicyError) as caught:
        kpi.Policy.from_toml(kpi.Policy.bundled().to_json())
    assert caught.value.stage == "policy" and caught.value.codes == ["invalid_syntax"]
    with pytest.raises(TypeError):
        kpi.Policy.from_file(5)
    with pytest.raises(FileNotFoundError):
        kpi.Policy.from_file(ROOT / "no-such-policy.toml")
    # The native constructor asked to read a policy a way it has not: internal, never a guess.
    with pytest.raises(kpi.BatchError) as caught:
        _kpi.Policy.__new__(kpi.Policy, "yaml", "id = 1")
    assert caught.value.codes == ["internal"]


def test_an_error_is_made_from_the_cores_error_document():
    with pytest.raises(kpi.PolicyError) as caught:
        kpi.Policy("[[tiers]]\nid = 1\n")
    error = caught.value
    document = json.loads(error.json)
    assert (document["stage"], document["errors"]) == (error.stage, error.errors) == ("policy", error.errors)
    assert len(error.errors) > 1
    made = _errors._from_core("m", '{"stage": "batch", "errors": [{"code": "x"}]}')
    assert type(made) is kpi.BatchError and (made.stage, made.codes, str(made)) == ("batch", ["x"], "m")


def test_a_book_runs_its_options_through_the_core_like_payroll_json():
    book = kpi.policy_book(ROOT / "examples" / "policy-book")
    batch = (ROOT / "test-vectors" / "examples.json").read_text(encoding="utf-8")
    assert book.payroll_json(batch, "dense", False, lang="en", compact=True) == kpi.payroll_json(
        batch, book.for_month("2012-03"), "dense", False, lang="en", compact=True
    )
    for options in ({"explain": "x"}, {"compact": 1}, {"ties": "bad"}):
        with pytest.raises(kpi.BatchError) as by_book:
            book.payroll_json(batch, **options)
        with pytest.raises(kpi.BatchError) as by_function:
            kpi.payroll_json(batch, **options)
        assert by_book.value.json == by_function.value.json
        assert by_book.value.codes == ["invalid_option"]
    with pytest.raises(TypeError):
        book.payroll_json(batch, None, True, None)  # lang and compact are keywords only
