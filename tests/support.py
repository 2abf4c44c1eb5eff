"""Shared test helpers: optional requirements that are mandatory under CI=true."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, reason: str) -> None:
    """Skip with the reason when something a fresh user machine may lack is missing; fail under CI=true."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)


def assert_at_least(report: object, concept: str, floors: dict[str, tuple[float, float]], *context: object) -> None:
    """A concept's precision and recall in an EvalReport stay at or above its (precision, recall) floor (default 1, 1)."""
    score = report.concepts[concept]  # type: ignore[attr-defined]
    precision_floor, recall_floor = floors.get(concept, (1.0, 1.0))
    assert score.precision >= precision_floor, (concept, score, *context)
    assert score.recall >= recall_floor, (concept, score, *context)
