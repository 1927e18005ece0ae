"""scripts/backup.sh and scripts/restore.sh: a backup restores into a fresh database with
every row, every media file and an intact audit trail."""

import hashlib
import os
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from workflows.core.models import AuditEvent, Case, CaseDocument
from workflows.core.services.documents import document_render

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("core_auditevent", "core_case", "core_casedocument", "core_deadline", "viewflow_task")

pytestmark = pytest.mark.django_db(transaction=True)


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/".format(**db) + name


@pytest.fixture
def fresh_database():
    """An empty database of its own, dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    # An autovacuum worker (the superuser's) may still be on the restored database, and
    # FORCE may not end another role's backend: try again while it finishes (bounded).
    for attempt in range(30):
        try:
            with psycopg.connect(_url("postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 29:
                raise
            time.sleep(1)


def _run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counts(database: str) -> dict[str, int]:
    with psycopg.connect(_url(database)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _backup(tmp_path) -> Path:
    result = _run(
        "backup.sh",
        str(tmp_path / "backups"),
        DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def test_a_backup_restores_into_a_fresh_database_with_an_intact_audit_trail(
    tmp_path, fresh_database
):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    document = document_render(CaseDocument.objects.order_by("pk").first().pk)
    source = _counts(settings.DATABASES["default"]["NAME"])
    assert source["core_auditevent"] == AuditEvent.objects.count() > 50
    assert source["core_case"] == Case.objects.count() > 5

    backup = _backup(tmp_path)
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS", "database.dump", "media.tar.gz"
    ]  # fmt: skip
    media = tmp_path / "restored-media"
    result = _run(
        "restore.sh", str(backup), DATABASE_URL=_url(fresh_database), MEDIA_ROOT=str(media)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"OK: {source['core_auditevent']} events, every chain intact." in result.stdout
    assert _counts(fresh_database) == source
    restored_pdf = (media / document.file.name).read_bytes()
    assert hashlib.sha256(restored_pdf).hexdigest() == document.sha256


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup = _backup(tmp_path)
    result = _run(
        "restore.sh",
        str(backup),
        DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert result.returncode == 2
    assert "restore into an empty database" in result.stderr


def test_restore_refuses_a_damaged_backup_and_leaves_the_database_empty(tmp_path, fresh_database):
    backup = _backup(tmp_path)
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100])
    result = _run(
        "restore.sh", str(backup), DATABASE_URL=_url(fresh_database), MEDIA_ROOT=str(tmp_path)
    )
    assert result.returncode != 0
    assert "database.dump: FAILED" in result.stdout + result.stderr
    with psycopg.connect(_url(fresh_database)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    assert tables == 0
