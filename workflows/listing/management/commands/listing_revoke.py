from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflows.core.models import CreditRecord, User
from workflows.listing.services import listing_revoke


class Command(BaseCommand):
    help = (
        "The penalty behind a serious-list listing was revoked, found unlawful or void: "
        "revoke the listing (stop publicity, lift the measures; SL-REVOKE, 3 working days "
        "from that day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("decision_no", help="文号 of the listing decision")
        parser.add_argument("--revoked-on", type=date.fromisoformat, required=True,
                            help="day the penalty was revoked (YYYY-MM-DD)")  # fmt: skip
        parser.add_argument("--reason", required=True)
        parser.add_argument("--user", help="username recorded as acting")

    def handle(self, *args, **options):
        record = CreditRecord.objects.filter(
            kind=CreditRecord.Kind.SERIOUS_LIST, decision_no=options["decision_no"]
        ).first()
        if record is None:
            raise CommandError(_("No serious-list record with this decision number."))
        actor = User.objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            record = listing_revoke(record=record, penalty_revoked_on=options["revoked_on"],
                                    reasons=options["reason"], actor=actor)  # fmt: skip
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{record.decision_no}: {record.get_state_display()}"))
