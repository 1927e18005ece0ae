"""`workdays add DATE N` and `workdays between A B` on the official calendar."""

from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand

from workflows.core.workdays import add_workdays, workdays_between


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = (
        "add DATE N: the date N working days after DATE (DATE itself not counted); "
        "between A B: working days after A up to and including B."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("date", type=_date)
        add.add_argument("count", type=int)
        between = sub.add_parser("between")
        between.add_argument("start", type=_date)
        between.add_argument("end", type=_date)

    def handle(self, *args, action, **options):
        if action == "add":
            result = add_workdays(options["date"], options["count"])
            output = result.value.isoformat()
        else:
            result = workdays_between(options["start"], options["end"])
            output = str(result.value)
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(output)
