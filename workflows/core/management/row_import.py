"""The shared shape of the commands that import a tabular file row by row.

A subclass names the import service (``source=``, ``actor=`` → a report with ``rows``,
``count(status)`` and ``to_dict()``), the form whose labels name the fields in messages,
and its summary line; the command reads ``FILE [--user NAME] [--json]``.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forms.tabular import TabularFileError
from workflows.core.models import User


class RowImportCommand(BaseCommand):
    form_class = None
    #: A lazy message with %(created)d, %(existing)d and %(rejected)d.
    summary = None
    json_help: str  # the shape of the --json output, for --help

    def run_import(self, *, source: Path, actor: User | None):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV (UTF-8, GBK or GB18030) or XLSX file")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument("--json", action="store_true", help=f"print {self.json_help}")

    def handle(self, *args, **options):
        actor = actor_named(options["user"])
        try:
            report = self.run_import(source=options["file"], actor=actor)
        except TabularFileError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False))
            return
        counts = {status: report.count(status) for status in ("created", "existing", "rejected")}
        self.stdout.write(self.style.SUCCESS(self.summary % counts))
        write_row_errors(self, report.rows, self.form_class)


def actor_named(username: str | None) -> User | None:
    """The user a command's ``--user`` names (None without one), or CommandError."""
    if not username:
        return None
    actor = User.objects.filter(username=username).first()
    if actor is None:
        raise CommandError(_("No user “%(name)s”.") % {"name": username})
    return actor


def write_row_errors(command: BaseCommand, rows, form_class) -> None:
    """One line per error of each row (``row.row``, ``row.errors``), fields named by the
    form's labels."""
    fields = form_class.base_fields
    for row in rows:
        for name, messages in row.errors.items():
            label = fields[name].label if name in fields else name
            for message in messages:
                command.stdout.write(
                    command.style.WARNING(
                        _("Row %(row)d, %(field)s: %(message)s")
                        % {"row": row.row, "field": label, "message": message}
                    )
                )
