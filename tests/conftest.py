"""Shared fixtures and the hypothesis profiles ("ci" by default, "large" with HYPOTHESIS_PROFILE=large)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

import package_builder  # noqa: E402

settings.register_profile("ci", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("large", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def base_rows():
    """A fresh copy of the valid synthetic base package's rows."""
    return package_builder.base_rows()


@pytest.fixture
def base_package(tmp_path):
    """The valid synthetic base package written to a temporary folder."""
    return package_builder.valid_base_package(tmp_path / "pkg")
