"""Row locks take only the rows they name.

``select_for_update()`` with ``select_related()`` locks every joined row in PostgreSQL:
a document's rendering locked its case row, and a task claimed on that case at the same
time deadlocked at commit (its foreign-key check waits for the case row, the rendering
waits for the case's audit lock). Found by the load test; every lock says ``of=("self",)``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _unscoped_locks(paths) -> list[str]:
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "select_for_update"
                and "of" not in {keyword.arg for keyword in node.keywords}
            ):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_row_lock_takes_only_its_own_rows():
    sources = [*ROOT.glob("workflows/**/*.py"), *ROOT.glob("search/**/*.py")]
    assert len(sources) > 100
    assert _unscoped_locks(sources) == []


def test_the_check_finds_a_lock_without_of(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Case.objects.select_for_update().select_related('subject')\n"
        "Case.objects.select_for_update(of=('self',)).select_related('subject')\n"
    )
    assert _unscoped_locks([sample]) == ["sample.py:1"]
