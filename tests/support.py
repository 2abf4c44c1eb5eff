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
