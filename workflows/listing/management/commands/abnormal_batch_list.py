import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forms.tabular import TabularFileError
from workflows.core.management.row_import import actor_named
from workflows.listing.services.abnormal import abnormal_batch_list


class Command(BaseCommand):
    help = (
        "After 30 June: list on the abnormal operations list every subject of the file "
        "(column 统一社会信用代码) that did not file its annual report for YEAR. Individual "
        "businesses are marked abnormal instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="the annual report year")
        parser.add_argument("file", type=Path, help="CSV (UTF-8 or GBK) or XLSX file")
        parser.add_argument("--user", help="username recorded as the deciding staff")
        parser.add_argument("--json", action="store_true", help="print the per-row report")

    def handle(self, *args, **options):
        actor = actor_named(options["user"])
        try:
            report = abnormal_batch_list(
                report_year=options["year"], source=options["file"], actor=actor
            )
        except TabularFileError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Abnormal list: %(listed)d listed, %(skipped)d skipped.")
                % {"listed": len(report.listed), "skipped": len(report.skipped)}
            )
        )
        for row in report.skipped:
            self.stdout.write(self.style.WARNING(f"{row['row']} {row['uscc']}: {row['errors']}"))
