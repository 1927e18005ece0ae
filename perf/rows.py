"""Writing the benchmark rows: COPY per table, audit chains hashed as ``audit.record`` does."""

import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from workflows.core.audit import GENESIS_HASH, event_hash


class Copier:
    """Rows into a table with one COPY per batch (psycopg 3)."""

    def __init__(self, table: str, columns: Iterable[str], batch: int | None = None):
        self.table, self.columns, self.batch = table, tuple(columns), batch
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if self.batch and len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write the rows in one transaction (deferred foreign keys are checked here)."""
        if not self.rows:
            return
        sql = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
        with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows = []


def _json(value: dict) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


class Writers:
    def __init__(self):
        self.case = Copier(
            "core_case",
            ("id", "case_no", "procedure", "sub_type", "subject_id", "bureau_id", "source",
             "status", "current_step", "decision", "legal_basis", "summary", "process_id",
             "opened_by_id", "opened_at", "closed_at"),
        )  # fmt: skip
        self.process = Copier(
            "viewflow_process",
            ("id", "flow_class", "status", "created", "finished", "data",
             "artifact_content_type_id", "artifact_object_id"),
        )  # fmt: skip
        self.task = Copier(
            "viewflow_task",
            ("id", "flow_task", "flow_task_type", "status", "created", "assigned", "finished",
             "started", "token", "owner_id", "process_id", "data"),
        )  # fmt: skip
        self.deadline = Copier(
            "core_deadline",
            ("id", "case_id", "task_id", "rule_id", "step", "bureau_id", "procedure",
             "assignee_id", "role", "started_on", "due_date", "due_at", "due_soon_from",
             "status", "unconfirmed_years", "completed_at", "paused_at", "paused_workdays"),
        )  # fmt: skip
        self.event = Copier(
            "core_auditevent",
            ("id", "stream", "seq", "case_id", "event_type", "actor_id", "actor_name",
             "task_id", "occurred_at", "before", "after", "comment", "ip", "prev_hash", "hash"),
            batch=50_000,
        )  # fmt: skip
        # Parents before children (foreign keys are checked per row).
        self.copiers = {
            "processes": self.process, "cases": self.case, "tasks": self.task,
            "deadlines": self.deadline, "events": self.event,
        }  # fmt: skip

    def flush(self) -> None:
        for copier in self.copiers.values():
            copier.flush()


class Chain:
    """The events of one case's stream, hashed exactly as ``audit.record`` does."""

    def __init__(self, gen, w: Writers, case):
        self.gen, self.case, self.rows = gen, case, []
        self.prev, self.seq = GENESIS_HASH, 0

    def add(self, event_type, actor, *, before=None, after=None, comment="", at) -> None:
        self.seq += 1
        self.gen.ids["event"] += 1
        at = min(at, self.gen.now)
        fields = {
            "stream": f"case:{self.case.pk}", "seq": self.seq, "event_type": event_type,
            "actor_id": actor.pk if actor else None, "actor_name": str(actor) if actor else "",
            "task_id": None, "case_id": self.case.pk, "occurred_at": at,
            "before": before or {}, "after": after or {}, "comment": comment,
            "ip": f"10.65.{self.gen.rng.randint(0, 255)}.{self.gen.rng.randint(1, 254)}"
            if actor else None, "prev_hash": self.prev,
        }  # fmt: skip
        digest = event_hash(**fields)
        self.rows.append((
            self.gen.ids["event"], fields["stream"], self.seq, self.case.pk, event_type,
            fields["actor_id"], fields["actor_name"], None, at, _json(fields["before"]),
            _json(fields["after"]), comment, fields["ip"], self.prev, digest,
        ))  # fmt: skip
        self.prev = digest

    def flush_to(self, w: Writers) -> None:
        for row in self.rows:
            w.event.add(row)


def reset_sequences() -> None:
    tables = ("core_subject", "core_case", "viewflow_process", "viewflow_task",
              "core_deadline", "core_auditevent")  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        cursor.execute("ANALYZE")
