"""Who may open every URL of the site and API: the rule table of the authorisation matrix.

``RULES`` maps URL names (``fnmatch`` patterns over ``namespace:name``; unnamed routes by
their route) to the expected access of every caller and, for URLs naming an object, to
the object to name (always one of the Ürümqi bureau where the demo has one). The first
matching rule wins, so put specific patterns before general ones. A URL that no rule
matches fails ``test_every_url_has_an_access_rule``: adding an endpoint means adding its
rule here.

An access function takes a caller (``world.Profile``) and the bureau code of the object
(None for URLs naming none) and answers ``ALLOW`` (the page or endpoint answers: 200,
a redirect that is not to a login page, 405 for the other method, 400 for an empty
POST...), ``DENY`` (login redirect, 401, 403 or 404, for GET and for POST) or
``EITHER`` (the caller may be entitled, but whether the action applies depends on the
object's state, e.g. claiming an already claimed task; only "no server error" and,
for the others, the denial is checked). ``ERROR`` marks a page known to fail (a 500)
for that caller: anything is accepted, and the rule's note says what is broken.

To add a procedure ``foo`` with viewflow pages: its flow pages follow ``FLOW_RULES``
(add ``"foo"`` to ``FLOW_NAMESPACES`` if its task roles need no special case); its own
pages and API endpoints need rules of their own.
"""

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.security.world import HOME, REGION, Profile, World
from workflows.core.roles import Role

ALLOW, DENY, EITHER, ERROR = "allow", "deny", "either", "error"

Access = Callable[[Profile, str | None], str]
Target = Callable[[World, str], tuple[dict[str, Any], str | None]]


def _answer(allowed: bool) -> str:
    return ALLOW if allowed else DENY


# --- access kinds ------------------------------------------------------------------


def public(profile: Profile, bureau: str | None) -> str:
    return ALLOW


def anyone(profile: Profile, bureau: str | None) -> str:
    """Pages with nothing to protect whose answer differs by session (logout, language)."""
    return EITHER


def site_index(profile: Profile, bureau: str | None) -> str:
    """A viewflow site's home: staff; the outside API clients get an empty site or 403."""
    if profile.anonymous:
        return DENY
    return EITHER if profile.api_client else ALLOW


def logged_in(profile: Profile, bureau: str | None) -> str:
    return _answer(not profile.anonymous)


def staff(profile: Profile, bureau: str | None) -> str:
    """Bureau staff of any role and bureau (the records shown are filtered by bureau)."""
    return _answer(profile.staff)


def staff_seeing(profile: Profile, bureau: str | None) -> str:
    """Staff who see the object's bureau: its own staff, regional staff, supervisors,
    auditors (other prefectures get 403/404)."""
    return _answer(profile.sees(bureau))


def superuser(profile: Profile, bureau: str | None) -> str:
    return _answer(profile.superuser)


def superuser_either(profile: Profile, bureau: str | None) -> str:
    return EITHER if profile.superuser else DENY


def admin_site(profile: Profile, bureau: str | None) -> str:
    """The admin: nobody but superusers; what a superuser may do there depends on the
    model (read-only audit events, reports...), so EITHER for them."""
    return EITHER if profile.superuser else DENY


def roles(*allowed: Role, seeing=False, acting=False, superusers=True) -> Access:
    """Holders of ``allowed`` (and superusers, unless ``superusers=False``); with
    ``seeing``/``acting`` only those who see / may act on the object's bureau."""

    def access(profile: Profile, bureau: str | None) -> str:
        if not profile.staff or (profile.superuser and not superusers):
            return DENY
        if acting:
            return _answer(profile.acts_for(bureau, *allowed))
        held = profile.superuser or profile.role in allowed
        return _answer(held and (not seeing or profile.sees(bureau)))

    return access


def api_client(role: Role) -> Access:
    """The one outside system's endpoint: its own role only, never staff."""
    return lambda profile, bureau: _answer(profile.role == role)


def acting(*allowed: Role) -> Access:
    """A task action: entitled callers (the step's role, acting for the case's bureau)
    may or may not succeed depending on the task's state; everybody else is refused."""

    def access(profile: Profile, bureau: str | None) -> str:
        return EITHER if profile.acts_for(bureau, *allowed) else DENY

    return access


def managing(profile: Profile, bureau: str | None) -> str:
    """viewflow's manage actions (cancel, undo, revive): supervisors and superusers,
    subject to the task's state."""
    return EITHER if profile.superuser or profile.role == Role.SUPERVISOR else DENY


def recipient(profile: Profile, bureau: str | None) -> str:
    """A notification: its recipient (the home bureau's handler) only."""
    return _answer(profile.key == f"{Role.HANDLER}@{HOME}")


def broken(profile: Profile, bureau: str | None) -> str:
    """A page that fails for staff today (see the rule's note): staff may get anything,
    a 500 included; everybody else is still refused."""
    return ERROR if profile.staff else DENY


def acting_staff(profile: Profile, bureau: str | None) -> str:
    """Staff of any role who may act on the object's bureau (not supervisors, auditors)."""
    return _answer(profile.acts_for(bureau))


def regional(*allowed: Role) -> Access:
    """Holders of ``allowed`` in the regional bureau only (no superusers)."""
    return lambda p, b: _answer(p.staff and p.bureau == REGION and p.role in allowed)


def prefecture(*allowed: Role) -> Access:
    """Holders of ``allowed`` in a prefecture bureau (no superusers)."""
    return lambda p, b: _answer(p.staff and p.bureau != REGION and p.role in allowed)


def acting_or_managing(profile: Profile, bureau: str | None) -> str:
    return EITHER if EITHER in (acting()(profile, bureau), managing(profile, bureau)) else DENY


def sla_viewer(profile: Profile, bureau: str | None) -> str:
    return roles(Role.SUPERVISOR, Role.AUDITOR, Role.LEADER, Role.SECTION_HEAD)(profile, bureau)


def sla_viewer_seeing(profile: Profile, bureau: str | None) -> str:
    return roles(Role.SUPERVISOR, Role.AUDITOR, Role.LEADER, Role.SECTION_HEAD, seeing=True)(
        profile, bureau
    )


def deadline_keeper(profile: Profile, bureau: str | None) -> str:
    """Pausing and resuming a deadline: staff who act on the case (state-dependent, so
    EITHER); supervisors and auditors only watch."""
    return EITHER if profile.acts_for(bureau) else DENY


def sla_manager(profile: Profile, bureau: str | None) -> str:
    """Reassigning and pausing: supervisors, and section heads and leaders of the bureau
    (state-dependent, so EITHER)."""
    if profile.superuser or profile.role == Role.SUPERVISOR:
        return EITHER
    if profile.role in (Role.SECTION_HEAD, Role.LEADER, Role.HANDLER, Role.CLERK, Role.LEGAL):
        return EITHER if profile.acts_for(bureau) else DENY
    return DENY


# --- targets: the object a URL names -----------------------------------------------

#: The "bureau" of an object the demo has none of: everybody gets 403/404 for it.
MISSING = "missing"
MISSING_PK = 2_000_000_000


def none(world: World, name: str):
    return {}, None


def _case_kwargs(case, key="pk"):
    return {key: case.pk}, case.bureau.code


def case(world: World, name: str):
    return _case_kwargs(world.case())


def repair_case(world: World, name: str):
    return _case_kwargs(world.case(procedure="repair"))


def procedure_case(procedure: str) -> Target:
    def target(world: World, name: str):
        return _case_kwargs(world.case(procedure=procedure))

    return target


def pilot_attachment(world: World, name: str):
    from workflows.pilot.models import PilotAttachment

    item = PilotAttachment.objects.filter(application__case__bureau__code=HOME).order_by("pk")
    item = item.first() or PilotAttachment.objects.order_by("pk").first()
    if item is None:
        return {"pk": MISSING_PK, "attachment_pk": MISSING_PK}, MISSING
    case_ = item.application.case
    return {"pk": case_.pk, "attachment_pk": item.pk}, case_.bureau.code


def pilot_report(world: World, name: str):
    from workflows.pilot.models import PilotReport

    item = PilotReport.objects.order_by("pk").first()
    if item is None:
        return {"pk": MISSING_PK}, MISSING
    return {"pk": item.pk}, item.pilot.application.case.bureau.code


def pledge(world: World, name: str):
    from workflows.pledge.models import Pledge

    item = Pledge.objects.filter(bureau__code=HOME).order_by("pk").first()
    item = item or Pledge.objects.order_by("pk").first()
    return {"pk": item.pk}, item.bureau.code


def repair_executed_case(world: World, name: str):
    from workflows.repair.models import RepairApplication

    application = (
        RepairApplication.objects.filter(case__bureau__code=HOME, case__status="closed")
        .order_by("pk")
        .first()
    ) or RepairApplication.objects.filter(case__bureau__code=HOME).order_by("pk").first()
    return _case_kwargs(application.case)


def repair_attachment(world: World, name: str):
    from workflows.repair.models import RepairAttachment

    attachment = (
        RepairAttachment.objects.filter(application__case__bureau__code=HOME).order_by("pk").first()
    )
    if attachment is None:
        return {"pk": MISSING_PK, "attachment_pk": MISSING_PK}, MISSING
    case_ = attachment.application.case
    return {"pk": case_.pk, "attachment_pk": attachment.pk}, case_.bureau.code


#: Values for the URL parameters of the admin's pages (object 1 of each model).
ADMIN_KWARGS = {
    "object_id": "1", "id": "1", "app_label": "core", "content_type_id": "1", "year": "2027",
}  # fmt: skip


def admin_object(world: World, name: str):
    from tests.security.world import url_patterns

    route = next(route for n, route, _cb in url_patterns() if n == name)
    return {k: v for k, v in ADMIN_KWARGS.items() if f"<{k}>" in route or f":{k}>" in route}, None


def receiving_system(world: World, name: str):
    return {"code": "publicity"}, None


def dead_letter(world: World, name: str):
    return {"pk": MISSING_PK}, None


def password_reset_link(world: World, name: str):
    return {"uidb64": "MQ", "token": "c0ffee-0123456789abcdef"}, None


def case_id(world: World, name: str):
    return _case_kwargs(world.case(), "id")


def subject_uscc(world: World, name: str):
    from workflows.core.models import Subject

    subject = Subject.objects.filter(region__code=HOME).order_by("pk").first()
    return {"uscc": subject.uscc}, HOME


def subject_pk(world: World, name: str):
    from workflows.core.models import Subject

    subject = Subject.objects.filter(region__code=HOME).order_by("pk").first()
    return {"pk": subject.pk}, HOME


def open_task(world: World, name: str):
    from viewflow.workflow.models import Task

    task = (
        Task.objects.filter(status="NEW", process__case__bureau__code=HOME).order_by("pk").first()
    )
    return {"task_id": task.pk}, HOME


def open_deadline(world: World, name: str):
    from workflows.core.models import Deadline

    deadline = (
        Deadline.objects.filter(bureau__code=HOME, status__in=Deadline.OPEN_STATUSES)
        .order_by("pk")
        .first()
    )
    return {"deadline_id": deadline.pk}, HOME


def document(world: World, name: str):
    from workflows.core.models import CaseDocument

    doc = CaseDocument.objects.filter(status=CaseDocument.Status.RENDERED).order_by("pk").first()
    return {"pk": doc.pk}, doc.case.bureau.code


def notification(world: World, name: str):
    """The home handler's own notification (only its recipient may read it)."""
    from workflows.core.models import Notification

    item = Notification.objects.filter(kind="matrix").get()
    return {"pk": item.pk}, HOME


def sla_report(fmt: str) -> Target:
    def target(world: World, name: str):
        from workflows.core.models import SlaReport

        report = SlaReport.objects.filter(bureau__code=HOME).order_by("pk").first()
        return {"pk": report.pk, "fmt": fmt}, HOME

    return target


def search_export(world: World, name: str):
    return {"kind": "cases"}, None


def flow_process(world: World, name: str):
    from viewflow.workflow.models import Process

    flow_class = world.flows[name.rsplit(":", 1)[0]]
    process = (
        Process.objects.filter(flow_class=flow_class, case__bureau__code=HOME)
        .order_by("pk")
        .first()
        or Process.objects.filter(flow_class=flow_class).order_by("pk").first()
    )
    if process is None:
        return {"process_pk": MISSING_PK}, MISSING
    case_ = getattr(process, "case", None)
    return {"process_pk": process.pk}, case_.bureau.code if case_ else None


def flow_task(world: World, name: str):
    """A task of the node the URL names, open if one is, of the home bureau if one is."""
    from viewflow.workflow.models import Task

    namespace, node, _action = name.rsplit(":", 2)
    flow_class = world.flows[namespace]
    tasks = Task.objects.filter(flow_task=getattr(flow_class, node)).order_by("pk")
    task = (
        tasks.filter(process__case__bureau__code=HOME, status__in=["NEW", "ASSIGNED"]).first()
        or tasks.filter(process__case__bureau__code=HOME).first()
        or tasks.first()
    )
    if task is None:
        return {"process_pk": MISSING_PK, "task_pk": MISSING_PK}, MISSING
    case_ = getattr(task.process, "case", None)
    return (
        {"process_pk": task.process_id, "task_pk": task.pk},
        case_.bureau.code if case_ else None,
    )


# --- the table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    pattern: str
    access: Access
    target: Target = none
    post: bool = True  # also POST an empty body (inside a rolled-back savepoint)
    note: str = ""
    #: Who may write (POST) where that differs from who may read (GET): an API list that
    #: every staff member reads but only those who act add to. The matrix refuses an
    #: empty POST for everybody else; the fuzzing calls it with these callers.
    write: Access | None = None
    #: A known gap: what the URL does today, while ``access`` is what it should do. The
    #: matrix checks ``observed`` (so fixing the gap fails the test until the rule is
    #: updated) and lists every gap in ``KNOWN_GAPS``.
    observed: Access | None = None


#: Flow namespaces whose pages follow FLOW_RULES.
FLOW_NAMESPACES = (
    "repair", "listing:abnormalobjection", "listing", "pledge", "alliance:membershipreview",
    "alliance", "pilot", "sample:sample",
)  # fmt: skip


def _flow_rules(ns: str) -> list[Rule]:
    return [
        Rule(f"{ns}:*:execute", acting(), flow_task, note="the task's owner only"),
        Rule(f"{ns}:*:assign", acting(), flow_task, note="the step's role of the bureau"),
        Rule(f"{ns}:*:unassign", acting_or_managing, flow_task, note="supervisors reassign"),
        Rule(f"{ns}:*:cancel", managing, flow_task),
        Rule(f"{ns}:*:undo", managing, flow_task),
        Rule(f"{ns}:*:revive", managing, flow_task),
        Rule(f"{ns}:*:index", staff_seeing, flow_task),
        Rule(f"{ns}:*:detail", staff_seeing, flow_task),
        Rule(f"{ns}:process_detail", staff_seeing, flow_process),
        Rule(f"{ns}:process_chart", staff_seeing, flow_process),
        Rule(f"{ns}:process_cancel", managing, flow_process),
        Rule(f"{ns}:tasks_assign", staff),
        Rule(f"{ns}:tasks_unassign", staff),
        Rule(f"{ns}:*", staff, note="dashboards, lists and the flow chart"),
    ]


RULES: list[Rule] = [
    # Public pages and endpoints.
    Rule("", site_index, note="/ redirects to /app/, the viewflow site"),
    Rule("login", public),
    Rule("logout", anyone, post=False),
    Rule("password_reset_confirm", public, password_reset_link),
    Rule("password_reset*", public),
    Rule("set_language", anyone),
    Rule("healthz", public),
    Rule("favicon", anyone, note="a redirect to the static icon (not collected in tests)"),
    Rule("api-schema", public),
    Rule("password_change*", logged_in),
    Rule("profile", logged_in),
    Rule("notification-list", logged_in),
    Rule("notification-read", recipient, notification),
    Rule("document-download", staff_seeing, document),
    # Admin: superusers only (others are sent to the admin login page).
    Rule("admin:login", public, post=False),
    Rule("admin:*", admin_site, admin_object, post=False),
    Rule("admin/*", admin_site, post=False, note="the admin's unnamed redirects"),
    # Outside systems' own endpoints.
    Rule("listing-api:court-referrals", api_client(Role.COURT)),
    Rule("repair-api:applications", api_client(Role.ONLINE)),
    Rule("api:registration-subjects", api_client(Role.REGISTRATION)),
    # Staff API.
    Rule("api:subject-detail", staff_seeing, subject_uscc),
    Rule("api:case-detail", staff_seeing, case),
    Rule("api:task-unclaim", acting_or_managing, open_task, note="supervisors release tasks"),
    Rule("api:task-*", acting(), open_task),
    Rule("api:sla-summary", sla_viewer),
    Rule("api:sla-steps", sla_viewer),
    Rule("api:sla-cases", sla_viewer),
    Rule("api:sla-reports", sla_viewer),
    Rule("api:sla-reassign", sla_manager, open_task),
    Rule("api:sla-pause", deadline_keeper, open_deadline),
    Rule("api:sla-resume", deadline_keeper, open_deadline),
    Rule("api:integrations", roles(Role.SUPERVISOR)),
    Rule("api:*", staff),
    Rule("search-case-timeline", staff_seeing, case_id),
    Rule("search-*", staff),
    # Site pages.
    Rule("index", site_index),
    Rule("work:*", staff),
    Rule("records:subject:detail", staff_seeing, subject_pk),
    Rule("records:subject_import:index", acting_staff, note="staff who act, any bureau"),
    Rule("records:*", staff),
    Rule("sla:reports:download", sla_viewer_seeing, sla_report("pdf")),
    Rule("sla:dashboard:reassign", sla_manager),
    Rule("sla:dashboard:pause", sla_manager),
    Rule("sla:*", sla_viewer),
    Rule("integrations:status:pause", superuser, receiving_system),
    Rule("integrations:status:resume", superuser, receiving_system),
    Rule(
        "integrations:status:retry",
        superuser_either,
        dead_letter,
        note="a message that is not a dead letter is a 404",
    ),
    Rule("integrations:*", roles(Role.SUPERVISOR)),
    Rule("audit:search:case", staff_seeing, case),
    Rule("audit:search:export", staff, search_export),
    Rule("audit:*", staff),
    # The repair pages check the role itself: a superuser without it is refused.
    Rule("repair:apply:index", roles(Role.CLERK, superusers=False)),
    Rule("repair:reminders:*", roles(Role.CLERK, superusers=False)),
    Rule("repair:cases:detail", staff_seeing, repair_case),
    Rule("repair:cases:attachment", staff_seeing, repair_attachment),
    Rule("repair:cases:pledge", roles(Role.CLERK, acting=True, superusers=False), repair_case),
    Rule(
        "repair:cases:revoke",
        roles(Role.SECTION_HEAD, Role.LEADER, acting=True, superusers=False),
        repair_executed_case,
    ),  # fmt: skip
    Rule("repair:cases:index", staff),
    Rule("listing:court_import:index", roles(Role.HANDLER)),
    Rule("listing:leads:index", roles(Role.HANDLER)),
    Rule("sample:index", site_index),
    # Procedures added later (pledge, alliance, pilot): their own pages and API.
    Rule("pledges", staff, write=acting_staff),
    Rule("alliance-api:*", api_client(Role.ONLINE), note="the online service channel"),
    Rule("alliance:cases:detail", staff_seeing, procedure_case("alliance")),
    Rule("alliance:cases:objection", acting_staff, procedure_case("alliance")),
    Rule(
        "alliance:nominate:index",
        roles(Role.HANDLER, Role.SECTION_HEAD, Role.LEADER, superusers=False),
    ),  # fmt: skip
    Rule("alliance:members:index", staff),
    Rule("alliance:cases:index", staff),
    Rule("pledge:register:check", roles(Role.HANDLER, acting=True), pledge),
    Rule("pledge:register:index", staff),
    Rule("pledge:draws:index", roles(Role.HANDLER)),
    Rule("pledge:import:index", roles(Role.HANDLER)),
    Rule("pilot:calls:create", regional(Role.HANDLER, Role.LEADER)),
    Rule("pilot:apply:index", prefecture(Role.HANDLER)),
    Rule("pilot:cases:detail", staff_seeing, procedure_case("pilot")),
    Rule("pilot:cases:attachment", staff_seeing, pilot_attachment),
    Rule("pilot:reports:detail", staff_seeing, pilot_report),
    Rule("pilot:calls:*", staff),
    Rule("pilot:cases:index", staff),
    Rule("pilot:reports:index", staff),
    *(rule for ns in FLOW_NAMESPACES for rule in _flow_rules(ns)),
    Rule("sample:sample:index", staff),
]


KNOWN_GAPS = [rule for rule in RULES if rule.observed is not None]


def rule_for(name: str) -> Rule | None:
    """The first rule whose pattern matches the URL name."""
    return next((rule for rule in RULES if fnmatch.fnmatchcase(name, rule.pattern)), None)
