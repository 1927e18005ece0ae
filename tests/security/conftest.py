"""Fixtures borrowed from the procedures' tests: a sample case on the shared flow machinery
and the demo court registered as a court."""

from tests.workflows.core.flow.conftest import _mounted_flows, sample_case  # noqa: F401
from tests.workflows.listing.conftest import court, court_client  # noqa: F401
