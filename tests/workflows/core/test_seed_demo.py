import re

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from forms.validators import normalize_uscc
from workflows.core.demo import seed_core
from workflows.core.demo_data import DEMO_SUBJECTS
from workflows.core.models import AuditEvent, Subject, User
from workflows.core.roles import Role
from workflows.pilot import demo as pilot_demo

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_every_role_bound_to_its_bureau_and_is_idempotent(settings):
    settings.DEMO_COURT_TOKEN = "court-token-for-tests"
    call_command("seed_demo")
    call_command("seed_demo")

    expected = {
        "clerk": ("650100", Role.CLERK),
        "handler": ("650100", Role.HANDLER),
        "section_head": ("650100", Role.SECTION_HEAD),
        "legal": ("650100", Role.LEGAL),
        "leader": ("650100", Role.LEADER),
        "handler_kashgar": ("653100", Role.HANDLER),
        "clerk_kashgar": ("653100", Role.CLERK),
        "region_handler": ("650000", Role.HANDLER),
        "region_leader": ("650000", Role.LEADER),
        "supervisor": ("650000", Role.SUPERVISOR),
        "auditor": ("650000", Role.AUDITOR),
        "court": ("650000", Role.COURT),
        "online": ("650000", Role.ONLINE),
        "registration": ("650000", Role.REGISTRATION),
    }
    for username, (bureau_code, role) in expected.items():
        user = User.objects.get(username=username)
        assert user.bureau.code == bureau_code
        assert user.roles == {role.value}
        assert user.check_password("demo")
    assert User.objects.get(username="admin").is_superuser
    # The pilot demo adds its regional panel and prefecture handlers (workflows/pilot/demo.py).
    assert User.objects.count() == len(expected) + 1 + len(pilot_demo.USERS)
    assert Token.objects.get(user__username="court").key == "court-token-for-tests"
    assert Token.objects.filter(user__username="online").count() == 1
    assert Token.objects.filter(user__username="registration").count() == 1


def test_seeded_subjects_have_valid_codes_and_types():
    seed_core()
    subjects = list(Subject.objects.all())
    assert len(subjects) >= 10
    for subject in subjects:
        assert normalize_uscc(subject.uscc) == subject.uscc
        assert subject.subject_type == Subject.type_from_uscc(subject.uscc)
    assert {s.subject_type for s in subjects} == {"enterprise", "individual", "cooperative"}


def test_the_demo_subjects_come_in_through_the_registration_import():
    seed_core()
    subjects = list(Subject.objects.all())
    assert len(subjects) == len(DEMO_SUBJECTS)
    assert all(subject.established_on is not None for subject in subjects)
    assert all(subject.reg_authority.endswith("市场监督管理局") for subject in subjects)
    created = AuditEvent.objects.filter(event_type="subject.created")
    assert created.count() == len(subjects)
    assert all("established_on" in event.after for event in created)


def test_seed_demo_gives_subjects_credit_records_of_every_kind_once_and_audited():
    from workflows.core.audit import verify_chains
    from workflows.core.models import CreditRecord

    seed_core()
    seed_core()
    kinds = set(CreditRecord.objects.values_list("kind", flat=True))
    assert kinds == {choice.value for choice in CreditRecord.Kind}
    assert CreditRecord.objects.count() == 8
    assert verify_chains()[1] == []


def test_seed_demo_puts_repair_cases_in_every_step_some_overdue_with_documents():
    from workflows.core.models import CaseDocument, Deadline
    from workflows.repair.models import RepairApplication

    call_command("seed_demo")
    steps = set(
        Deadline.objects.filter(task__isnull=False, status__in=Deadline.OPEN_STATUSES).values_list(
            "step", flat=True
        )
    )
    assert {"accept", "supplement", "verify", "review", "legal", "decide", "execute"} <= steps
    assert Deadline.objects.filter(status=Deadline.Status.OVERDUE).exists()
    outcomes = set(RepairApplication.objects.values_list("outcome", flat=True))
    assert {"pending", "granted", "refused"} <= outcomes
    assert CaseDocument.objects.filter(kind="repair.grant_decision").exists()


def test_the_demo_sends_every_kind_its_steps_reach_and_each_arrives_signed(receiver):
    """Every declared kind but the 3-year reminder, which the demo's dates cannot reach
    (its abnormal listings are younger than three years less AB-3Y-WARN)."""
    from tests.receiver import deliver_all, verified
    from workflows.core.models import OutboundMessage
    from workflows.core.outbound_kinds import KINDS

    receiver.expect_request(re.compile(r"/\w+")).respond_with_json({})  # during the seed
    call_command("seed_demo")
    deliver_all(receiver)

    received = {(verified(request)["type"], request.path.strip("/"))
                for request, _ in receiver.log}  # fmt: skip
    unreached = {"abnormal.three_year_warning"}
    assert received == {
        (kind.code, target) for kind in KINDS if kind.code not in unreached
        for target in kind.targets
    }  # fmt: skip
    assert not OutboundMessage.objects.exclude(status="sent").exists()
