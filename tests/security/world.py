"""The data the authorisation matrix runs against: the demo, plus one user per role in
two prefecture bureaus, and one object of every kind that a URL can name.

Every object a URL names belongs to Ürümqi (``HOME``) where the demo has one there;
users of Kashgar (``OTHER``) are the "other bureau" of the matrix.
"""

import importlib
import importlib.util
from dataclasses import dataclass, field
from datetime import date

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory
from workflows.core.models import Bureau, Case, User
from workflows.core.roles import API_CLIENT_ROLES, Role
from workflows.core.services.roles import roles_ensure_groups

HOME, OTHER, REGION = "650100", "653100", "650000"

#: Roles that prefecture staff hold; each is tested in HOME and in OTHER.
PREFECTURE_ROLES = (Role.CLERK, Role.HANDLER, Role.SECTION_HEAD, Role.LEGAL, Role.LEADER)


@dataclass(frozen=True)
class Profile:
    """One caller of the matrix: a role (None: superuser) in a bureau, or anonymous."""

    key: str
    role: Role | None = None
    bureau: str | None = None
    superuser: bool = False

    @property
    def anonymous(self) -> bool:
        return self.bureau is None

    @property
    def api_client(self) -> bool:
        return self.role in API_CLIENT_ROLES

    @property
    def staff(self) -> bool:
        """A member of bureau staff (what ``is_staff_member`` admits)."""
        return not self.anonymous and not self.api_client

    @property
    def read_only(self) -> bool:
        return self.role in (Role.SUPERVISOR, Role.AUDITOR)

    def sees(self, bureau: str | None) -> bool:
        """Whether this staff member sees records of ``bureau`` (None: no bureau)."""
        if not self.staff:
            return False
        return bureau is None or self.bureau in (REGION, bureau) or self.read_only

    def acts_for(self, bureau: str | None, *roles: Role) -> bool:
        """Holds one of ``roles`` (any, when none given) and may act on ``bureau``'s cases."""
        if not self.staff or self.read_only:
            return False
        if self.superuser:
            return True
        if roles and self.role not in roles:
            return False
        return bureau is None or self.bureau in (REGION, bureau)


PROFILES: tuple[Profile, ...] = (
    Profile("anonymous"),
    *(Profile(f"{role}@{code}", role, code) for role in PREFECTURE_ROLES for code in (HOME, OTHER)),
    Profile(f"handler@{REGION}", Role.HANDLER, REGION),
    Profile(f"leader@{REGION}", Role.LEADER, REGION),
    Profile(f"supervisor@{REGION}", Role.SUPERVISOR, REGION),
    Profile(f"auditor@{REGION}", Role.AUDITOR, REGION),
    Profile(f"court@{REGION}", Role.COURT, REGION),
    Profile(f"online@{REGION}", Role.ONLINE, REGION),
    Profile(f"registration@{REGION}", Role.REGISTRATION, REGION),
    Profile("admin", None, REGION, superuser=True),
)


def url_patterns() -> list[tuple[str, str, object]]:
    """Every (name, route, callback) of the URL conf; unnamed routes are named by route."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    name = route
                yield name, route, pattern.callback

    seen, rows = set(), []
    for name, route, callback in walk(get_resolver().url_patterns):
        if (name, route) not in seen:  # viewflow mounts some views under two names
            seen.add((name, route))
            rows.append((name, route, callback))
    return rows


@dataclass
class World:
    users: dict[str, User]
    flows: dict[str, type] = field(default_factory=dict)  # URL namespace -> flow class
    clients: dict = field(default_factory=dict)  # profile key -> logged-in test client
    api_clients: dict = field(default_factory=dict)  # profile key -> client sending a token

    def case(self, bureau: str = HOME, **filters) -> Case:
        return (
            Case.objects.filter(bureau__code=bureau, **filters).order_by("pk").first()
            or Case.objects.filter(**filters).order_by("pk").first()
        )


def load_reference_data() -> None:
    """Bureaus, calendar and rules, as the data migrations load them (a transactional
    test elsewhere may have flushed them)."""
    from django.apps import apps

    if Bureau.objects.exists():
        return
    for config in apps.get_app_configs():
        module = f"{config.name}.reference_data"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module).load_all(apps)


def build_world() -> World:
    """Seed the demo and the matrix users; render what the demo leaves to Celery."""
    from workflows.core.models import CaseDocument, Notification
    from workflows.core.services.documents import document_render
    from workflows.core.sla.reports import Period, sla_report_generate

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    groups = roles_ensure_groups()
    users = {}
    for profile in PROFILES:
        if profile.anonymous:
            continue
        if profile.role == Role.COURT:  # the demo's court user is registered as a court
            users[profile.key] = User.objects.get(username="court")
            continue
        user = UserFactory(
            username=f"matrix-{profile.key}",
            bureau=Bureau.objects.get(code=profile.bureau),
            is_superuser=profile.superuser,
            is_staff=profile.superuser,
        )
        if profile.role is not None:
            user.groups.set([groups[profile.role]])
        users[profile.key] = user
    # One rendered document and one notification in HOME, one SLA report of HOME.
    document = CaseDocument.objects.filter(case__bureau__code=HOME).order_by("pk").first()
    if document.status != CaseDocument.Status.RENDERED:
        document_render(document.pk)
    home_handler = users[f"{Role.HANDLER}@{HOME}"]
    Notification.objects.create(
        recipient=home_handler, case=document.case, kind="matrix", title="矩阵测试"
    )
    sla_report_generate(
        bureau=Bureau.objects.get(code=HOME), week=Period(date(2026, 1, 5), date(2026, 1, 11))
    )
    flows = {}
    for name, _route, callback in url_patterns():
        flow_class = getattr(callback, "view_initkwargs", {}).get("flow_class")
        if flow_class is not None and name.endswith(":process_detail"):
            flows[name.rsplit(":", 1)[0]] = flow_class
    return World(users=users, flows=flows)
