from django.utils.translation import gettext_lazy as _

from forms.pledge import PledgeForm
from workflows.core.management.row_import import RowImportCommand
from workflows.pledge.services import pledges_import


class Command(RowImportCommand):
    help = (
        "Register pledges (信用承诺) from a CSV (UTF-8 or GBK) or XLSX file. Rows whose "
        "来源编号 was imported before are reported as existing; invalid rows and pledges "
        "refused to restricted subjects are rejected with their reasons."
    )
    form_class = PledgeForm
    summary = _("Pledges: %(created)d created, %(existing)d existing, %(rejected)d rejected.")
    json_help = (
        '{"created": n, "existing": n, "rejected": n, "rows": [{"row": r, '
        '"status": …, "pledge": id, "errors": {…}}]}'
    )

    def run_import(self, *, source, actor):
        return pledges_import(source=source, actor=actor)
