"""The benchmark's own database: dropped, created and migrated afresh for each data set."""

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections


class NotABenchDatabase(Exception):
    pass


def recreate() -> None:
    """Drop and re-create the configured database, then migrate it.

    Refused unless the database name ends in ``bench``: this wipes it.
    """
    drop_and_create()
    call_command("migrate", verbosity=0, interactive=False)


def drop_and_create() -> None:
    """Drop and create the configured database, empty (refused unless its name ends in
    ``bench``); the load test migrates it with the production settings."""
    db = settings.DATABASES["default"]
    name = db["NAME"]
    if not name.endswith("bench"):
        raise NotABenchDatabase(
            f"refusing to wipe database {name!r}: the benchmark needs a database of its own "
            "whose name ends in 'bench' (e.g. xinyong_bench)"
        )
    connections.close_all()
    params = {
        "host": db.get("HOST") or None, "port": db.get("PORT") or None,
        "user": db.get("USER"), "password": db.get("PASSWORD"), "dbname": "postgres",
        "autocommit": True,
    }  # fmt: skip
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
