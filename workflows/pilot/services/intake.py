"""The call for applications and the prefectures' applications that open pilot cases."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Bureau, Case, Procedure, User
from workflows.core.roles import Role
from workflows.core.services.cases import case_open
from workflows.core.services.kit import event, local_today
from workflows.core.services.notifications import notify
from workflows.pilot.documents import pilot_document_issue
from workflows.pilot.models import PilotApplication, PilotCall
from workflows.pilot.services.common import attachment_add

LEGAL_BASIS = (
    "《自治区市场监管系统深化信用提升助力经营主体高质量发展三年行动实施方案（2024—2026）》"
)


@transaction.atomic
def pilot_call_issue(*, data: dict, actor: User) -> PilotCall:
    """The regional bureau opens a call; the prefectures' handlers are told of it."""
    if actor.bureau is None or not actor.bureau.is_regional:
        raise PermissionDenied(_("Only the regional bureau issues calls for pilots."))
    call = PilotCall.objects.create(
        title=data["title"], year=data["year"], doc_number=data.get("doc_number", ""),
        description=data["description"], kinds=list(data["kinds"]),
        opened_on=data["opened_on"], deadline=data["deadline"],
        max_per_bureau=data["max_per_bureau"], created_by=actor,
    )  # fmt: skip
    audit.record(
        "pilot.call_issued", stream=f"pilotcall:{call.pk}", actor=actor,
        after={"call": call.pk, "title": call.title, "deadline": call.deadline,
               "kinds": call.kinds},
    )  # fmt: skip
    recipients = User.objects.filter(
        bureau__kind=Bureau.Kind.PREFECTURE, groups__name=str(Role.HANDLER), is_active=True
    ).distinct()
    notify(
        recipients=recipients, kind="pilot.call_issued",
        title=_("Call for pilot applications: %(title)s") % {"title": call.title},
        body=_("Applications are accepted until %(deadline)s.") % {"deadline": call.deadline},
        url="/app/pilot/calls/",
    )  # fmt: skip
    return call


@transaction.atomic
def pilot_apply(
    *, call: PilotCall, bureau: Bureau, data: dict, attachments: list[dict], actor: User | None
) -> PilotApplication:
    """Open a pilot case for ``bureau``'s application to ``call`` and start the review.

    Refused (``ValidationError`` by field, nothing stored) after the call's deadline,
    for the regional bureau itself, or beyond the call's number per bureau.
    """
    today = local_today()
    call = PilotCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
    if not call.is_open_on(today):
        raise ValidationError(
            {"call": _("This call accepts applications from %(start)s to %(end)s.")
             % {"start": call.opened_on, "end": call.deadline}}
        )  # fmt: skip
    if bureau.is_regional:
        raise ValidationError({"call": _("Pilots are applied for by prefecture bureaus.")})
    taken = call.applications.filter(case__bureau=bureau).exclude(
        outcome=PilotApplication.Outcome.NOT_ADMITTED
    )
    if taken.count() >= call.max_per_bureau:
        raise ValidationError(
            {"call": _("Your bureau has already made the %(n)d applications this call allows.")
             % {"n": call.max_per_bureau}}
        )  # fmt: skip
    case = case_open(
        procedure=Procedure.PILOT, bureau=bureau, source=Case.Source.APPLICATION, actor=actor,
        sub_type=data["kind"], summary=data["name"], legal_basis=LEGAL_BASIS,
    )  # fmt: skip
    fields = ("kind", "name", "area", "area_km2", "managing_body", "merchant_count", "plan",
              "indicators", "budget", "period_start", "period_end", "contact_name",
              "contact_phone")  # fmt: skip
    application = PilotApplication.objects.create(
        case=case, call=call, received_on=today, **{name: data[name] for name in fields}
    )
    for upload in attachments:
        attachment_add(application=application, upload=upload, actor=actor)
    event(
        application, "pilot.applied", actor, call=call.pk, kind=application.kind,
        name=application.name, merchants=application.merchant_count,
        budget=application.budget, attachments=len(attachments),
    )  # fmt: skip
    pilot_document_issue(application=application, kind="pilot.application_form", actor=actor)

    start_named_flow("pilot", case)
    return application
