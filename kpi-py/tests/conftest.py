"""Shared fixtures: the project's test vectors, found relative to this file."""

import copy
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parent.parent / "test-vectors"


def vector(name: str) -> Path:
    return VECTORS / name


@pytest.fixture(scope="session")
def examples_text() -> str:
    return vector("examples.json").read_text(encoding="utf-8")


@pytest.fixture()
def examples(examples_text) -> dict:
    """examples.json as a dict, a fresh copy per test."""
    return copy.deepcopy(json.loads(examples_text))
