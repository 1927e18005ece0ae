from django.utils.translation import gettext_lazy as _

from forms.listing import CourtReferralForm
from workflows.core.management.row_import import RowImportCommand
from workflows.listing.services import referrals_import


class Command(RowImportCommand):
    help = (
        "Import a court's referrals (法院线索推送) from a CSV (UTF-8 or GBK) or XLSX file. "
        "Rows already received are reported as existing; invalid or conflicting rows are "
        "rejected with their errors; the others become leads."
    )
    form_class = CourtReferralForm
    summary = _(
        "Court referrals: %(created)d created, %(existing)d existing, %(rejected)d rejected."
    )
    json_help = (
        '{"created": n, "existing": n, "rejected": n, "rows": [{"row": r, '
        '"status": …, "errors": {…}}]}'
    )

    def run_import(self, *, source, actor):
        return referrals_import(source=source, actor=actor)
