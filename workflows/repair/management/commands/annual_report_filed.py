"""`annual_report_filed USCC YEAR`: the registration system reports a filed annual report.

An individual business in abnormal status is then restored without application
(免申即享). Prints the case numbers opened.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forms.validators import normalize_uscc
from workflows.core.models import CreditRecord
from workflows.repair.services import repair_auto_restore


class Command(BaseCommand):
    help = "Restore an individual business whose missing annual report has been filed."

    def add_arguments(self, parser):
        parser.add_argument("uscc")
        parser.add_argument("year", type=int)

    def handle(self, *args, uscc, year, **options):
        try:
            uscc = normalize_uscc(uscc)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        records = CreditRecord.objects.filter(
            subject__uscc=uscc,
            kind=CreditRecord.Kind.INDIVIDUAL_ABNORMAL,
            state=CreditRecord.State.LISTED,
        )
        if not records.exists():
            raise CommandError(f"{uscc}: no individual-business abnormal status to restore")
        for record in records:
            application = repair_auto_restore(record=record, report_year=year)
            self.stdout.write(application.case.case_no)
