import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forms.pledge import PledgeForm
from forms.tabular import TabularFileError
from workflows.core.models import User
from workflows.pledge.services import pledges_import


class Command(BaseCommand):
    help = (
        "Register pledges (信用承诺) from a CSV (UTF-8 or GBK) or XLSX file. Rows whose "
        "来源编号 was imported before are reported as existing; invalid rows and pledges "
        "refused to restricted subjects are rejected with their reasons."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV (UTF-8, GBK or GB18030) or XLSX file")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument(
            "--json",
            action="store_true",
            help='print {"created": n, "existing": n, "rejected": n, "rows": [{"row": r, '
            '"status": …, "pledge": id, "errors": {…}}]}',
        )

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("No user “%(name)s”.") % {"name": options["user"]})
        try:
            report = pledges_import(source=options["file"], actor=actor)
        except TabularFileError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Pledges: %(created)d created, %(existing)d existing, %(rejected)d rejected.")
                % {"created": report.count("created"), "existing": report.count("existing"),
                   "rejected": report.count("rejected")}
            )
        )  # fmt: skip
        fields = PledgeForm.base_fields
        for row in report.rows:
            for name, messages in row.errors.items():
                label = fields[name].label if name in fields else name
                for message in messages:
                    self.stdout.write(
                        self.style.WARNING(
                            _("Row %(row)d, %(field)s: %(message)s")
                            % {"row": row.row, "field": label, "message": message}
                        )
                    )
