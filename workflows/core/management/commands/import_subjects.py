import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forms.subjects import SubjectRowForm
from forms.tabular import TabularFileError
from workflows.core.management.row_import import write_row_errors
from workflows.core.services.subjects import ImportReport, subjects_import


class Command(BaseCommand):
    help = (
        "Import subjects (经营主体) from a CSV or XLSX file, creating or updating them by "
        "unified social credit code. Rejected rows are listed; the others are imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV (UTF-8, GBK or GB18030) or XLSX file")
        parser.add_argument(
            "--json",
            action="store_true",
            help='print {"created": n, "updated": n, "rejected": [{"row": r, "errors": {…}}], '
            '"warnings": [{"row": r, "messages": […]}]}',
        )

    def handle(self, *args, **options):
        try:
            report = subjects_import(source=options["file"])
        except TabularFileError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            self._write_summary(report)

    def _write_summary(self, report: ImportReport) -> None:
        """The counts, then one line per error of each rejected row."""
        self.stdout.write(
            self.style.SUCCESS(
                _("Subjects: %(created)d created, %(updated)d updated, %(rejected)d rejected.")
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "rejected": len(report.rejected),
                }
            )
        )
        write_row_errors(self, report.rejected, SubjectRowForm)
        for warning in report.warnings:
            for message in warning.messages:
                line = _("Row %(row)d: %(message)s") % {"row": warning.row, "message": message}
                self.stdout.write(self.style.WARNING(line))
