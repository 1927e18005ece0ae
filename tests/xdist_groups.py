"""How `make test` shares the suite between its pytest-xdist workers (hooks that
tests/conftest.py imports; each worker has a database, Redis database and index prefix
of its own, see project/settings/test.py).

A group of tests runs whole in one worker, so that what its fixtures start is started
once: a module (its module fixtures), all fault tests (one throwaway stack of
PostgreSQL, Redis, Elasticsearch and the app), all browser tests (one Chromium, one live
server). The authorisation matrix, a third of the suite, is split into
``MATRIX_GROUPS`` groups that each build its data set once. The groups are handed out
heaviest first, then in collection order, each to the next worker that is free.

xdist's own ``--dist loadgroup`` would do this with markers, but it renames the items
through an attribute that pytest 9 no longer reads; this scheduler groups by node id.
"""

import zlib

import pytest
from xdist.scheduler import LoadScopeScheduling

#: Directories whose tests share session fixtures, and the group each forms.
SHARED = {"tests/faults/": "faults", "tests/browser/": "browser"}
MATRIX = "tests/security/test_access_matrix.py::test_url_answers_each_caller_as_its_rule_says"
MATRIX_GROUPS = 2
#: The longest groups, started first so that none is left to run alone at the end.
HEAVY = ("faults", "matrix-", "browser", "tests/security/test_api_schema_fuzz.py")


def group_of(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    for prefix, group in SHARED.items():
        if path.startswith(prefix):
            return group
    if nodeid.startswith(MATRIX + "["):
        return f"matrix-{zlib.crc32(nodeid.encode()) % MATRIX_GROUPS}"
    return path


def _rank(nodeid: str) -> int:
    group = group_of(nodeid)
    return next((n for n, heavy in enumerate(HEAVY) if group.startswith(heavy)), len(HEAVY))


class GroupScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    return GroupScheduling(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every worker collects the same order: the heavy groups first (stable otherwise)."""
    items.sort(key=lambda item: _rank(item.nodeid))
